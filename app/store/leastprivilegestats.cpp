#include "store/leastprivilegestats.h"

#include "domain/timeformat.h"
#include "store/database.h"
#include "store/usagesql.h"

#include <QSqlQuery>
#include <QVariantList>

namespace sanctum {

using UsageSql::addWindow;
using UsageSql::deniedCondition;
using UsageSql::run;
using UsageSql::usedCondition;

Expected<QList<CallPattern>> LeastPrivilegeStats::patterns(const UsageWindow &window,
                                                           const CallPatternFilter &filter) const
{
    QString sql = QStringLiteral("SELECT agent_id, connection, scope, method, path_template, accepted_scopes,"
                                 " SUM(CASE WHEN %1 THEN 1 ELSE 0 END),"
                                 " SUM(CASE WHEN %2 THEN 1 ELSE 0 END),"
                                 " MAX(CASE WHEN %1 THEN at END),"
                                 " MAX(CASE WHEN %2 THEN at END)"
                                 " FROM usage_events WHERE 1 = 1")
                      .arg(usedCondition(), deniedCondition());
    QVariantList binds;
    if (!filter.agentId.isEmpty()) {
        sql += QStringLiteral(" AND agent_id = ?");
        binds << filter.agentId;
    }
    if (filter.allowedOnly)
        sql += QStringLiteral(" AND ") + usedCondition();
    addWindow(window, &sql, &binds);
    // In the order of the usage_events_stats index, which holds every column
    // used here: one scan of the index, no table lookups, no sort.
    sql += QStringLiteral(" GROUP BY agent_id, scope, connection, method, path_template, accepted_scopes");
    QSqlQuery q(m_db.handle());
    if (Status s = run(q, sql, binds, QStringLiteral("grouping calls by route")); !s)
        return s.error();
    QList<CallPattern> out;
    while (q.next()) {
        CallPattern p;
        p.allowed = q.value(6).toLongLong();
        p.denied = q.value(7).toLongLong();
        if (p.allowed == 0 && p.denied == 0)
            continue; // only failures: neither used nor refused
        p.connection = q.value(1).toString();
        // The connection is picked from the grouped rows: an equality on it in
        // SQL makes SQLite sort every event instead of following the index.
        if (!filter.connection.isEmpty() && p.connection != filter.connection)
            continue;
        p.agentId = q.value(0).toString();
        p.scope = q.value(2).toString();
        p.method = q.value(3).toString();
        p.pathTemplate = q.value(4).toString();
        p.acceptedScopes = q.value(5).toString();
        p.lastAllowed = TimeFormat::fromString(q.value(8).toString());
        p.lastDenied = TimeFormat::fromString(q.value(9).toString());
        out.append(p);
    }
    return out;
}

Expected<QList<MissionSpan>> LeastPrivilegeStats::missionSpans(const UsageWindow &window) const
{
    // Only activation sets expires_at; approval is decided_at.
    QString sql = QStringLiteral("SELECT agent_id, connection, scopes, step_up_scopes, decided_at,"
                                 " COALESCE(ended_at, expires_at) FROM missions"
                                 " WHERE expires_at IS NOT NULL AND decided_at IS NOT NULL");
    QVariantList binds;
    if (window.to.isValid()) {
        sql += QStringLiteral(" AND decided_at < ?");
        binds << TimeFormat::toString(window.to);
    }
    if (window.from.isValid()) {
        sql += QStringLiteral(" AND COALESCE(ended_at, expires_at) > ?");
        binds << TimeFormat::toString(window.from);
    }
    QSqlQuery q(m_db.handle());
    if (Status s = run(q, sql, binds, QStringLiteral("collecting mission spans")); !s)
        return s.error();
    QList<MissionSpan> out;
    while (q.next()) {
        MissionSpan m;
        if (!ScopeSet::parse(q.value(2).toString(), &m.scopes) ||
            !ScopeSet::parse(q.value(3).toString(), &m.stepUpScopes))
            continue; // as in UsageStats: a row that no longer parses grants nothing
        m.agentId = q.value(0).toString();
        m.connection = q.value(1).toString();
        m.from = TimeFormat::fromString(q.value(4).toString());
        m.to = TimeFormat::fromString(q.value(5).toString());
        if (m.from.isValid() && m.to.isValid() && m.from < m.to)
            out.append(m);
    }
    return out;
}

Expected<QList<ScopeHour>> LeastPrivilegeStats::usedScopeHours(const UsageWindow &window) const
{
    // The first 13 characters of a stored instant name its UTC hour, as in
    // UsageStats::hourly(): no engine's date functions needed.
    QString sql = QStringLiteral("SELECT agent_id, connection, scope, substr(at, 1, 13) FROM usage_events"
                                 " WHERE scope IS NOT NULL AND %1")
                      .arg(usedCondition());
    QVariantList binds;
    addWindow(window, &sql, &binds);
    sql += QStringLiteral(" GROUP BY agent_id, connection, scope, substr(at, 1, 13)");
    QSqlQuery q(m_db.handle());
    if (Status s = run(q, sql, binds, QStringLiteral("collecting used scope-hours")); !s)
        return s.error();
    QList<ScopeHour> out;
    while (q.next())
        out.append({q.value(0).toString(),
                    q.value(1).toString(),
                    q.value(2).toString(),
                    TimeFormat::fromString(q.value(3).toString() + QStringLiteral(":00:00.000Z"))});
    return out;
}

} // namespace sanctum
