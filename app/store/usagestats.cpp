#include "store/usagestats.h"

#include "domain/timeformat.h"
#include "store/database.h"
#include "store/usagesql.h"
#include "store/usagestore.h"

#include <QSqlQuery>
#include <QVariantList>

namespace sanctum {

using UsageSql::addWindow;
using UsageSql::deniedCondition;
using UsageSql::failedCondition;
using UsageSql::run;
using UsageSql::usedCondition;

namespace {

qint64 count(const QVariant &v)
{
    return v.isNull() ? 0 : v.toLongLong();
}
} // namespace

bool UsageWindow::contains(const QDateTime &t) const
{
    return (!from.isValid() || t >= from) && (!to.isValid() || t < to);
}

UsageStats::Kind UsageStats::kindOf(UsageEvent::Outcome outcome)
{
    switch (outcome) {
    case UsageEvent::Outcome::Allowed:
        return Kind::Used;
    case UsageEvent::Outcome::Denied:
    case UsageEvent::Outcome::StepUpDenied:
        return Kind::Denied;
    case UsageEvent::Outcome::Failed:
        return Kind::Failed;
    }
    return Kind::Failed;
}

bool UsageStats::grantsWithin(const Mission &m, const UsageWindow &w)
{
    // Only activation sets the token's expiry: a mission without one was
    // never granted (still pending, denied, or lapsed undecided).
    if (!m.expiresAt.isValid())
        return false;
    if (w.contains(m.requestedAt))
        return true;
    const QDateTime end = m.endedAt.isValid() ? m.endedAt : m.expiresAt;
    return (!w.to.isValid() || m.decidedAt < w.to) && (!w.from.isValid() || end > w.from);
}

QDateTime UsageStats::hourOf(const QDateTime &t)
{
    const QDateTime utc = t.toUTC();
    return QDateTime(utc.date(), QTime(utc.time().hour(), 0), Qt::UTC);
}

Expected<QList<ScopeUsage>> UsageStats::byAgentAndScope(const UsageWindow &window) const
{
    QString sql = QStringLiteral("SELECT agent_id, scope,"
                                 " SUM(CASE WHEN %1 THEN 1 ELSE 0 END),"
                                 " SUM(CASE WHEN %2 THEN 1 ELSE 0 END),"
                                 " SUM(CASE WHEN %3 THEN 1 ELSE 0 END),"
                                 " MAX(CASE WHEN %1 THEN at END),"
                                 " MAX(CASE WHEN %2 THEN at END)"
                                 " FROM usage_events WHERE scope IS NOT NULL")
                      .arg(usedCondition(), deniedCondition(), failedCondition());
    QVariantList binds;
    addWindow(window, &sql, &binds);
    sql += QStringLiteral(" GROUP BY agent_id, scope");
    QSqlQuery q(m_db.handle());
    if (Status s = run(q, sql, binds, QStringLiteral("counting scope usage")); !s)
        return s.error();
    QList<ScopeUsage> out;
    while (q.next()) {
        ScopeUsage u;
        u.agentId = q.value(0).toString();
        u.scope = q.value(1).toString();
        u.allowed = count(q.value(2));
        u.denied = count(q.value(3));
        u.failed = count(q.value(4));
        u.lastUsed = TimeFormat::fromString(q.value(5).toString());
        u.lastDenied = TimeFormat::fromString(q.value(6).toString());
        out.append(u);
    }
    return out;
}

Expected<QHash<QString, ScopeSet>> UsageStats::grantedScopes(const UsageWindow &window) const
{
    const auto byConnection = grantedScopesByConnection(window);
    if (!byConnection)
        return byConnection.error();
    QHash<QString, ScopeSet> out;
    for (auto it = byConnection->cbegin(); it != byConnection->cend(); ++it) {
        ScopeSet &granted = out[it.key().first];
        granted = granted.united(it.value());
    }
    return out;
}

Expected<QHash<std::pair<QString, QString>, ScopeSet>>
UsageStats::grantedScopesByConnection(const UsageWindow &window) const
{
    // The same test as grantsWithin(): requested in the window, or active
    // for some part of it (from approval until it ended or would expire).
    QStringList requested;
    QStringList active;
    QVariantList requestedBinds;
    QVariantList activeBinds;
    if (window.from.isValid()) {
        requested << QStringLiteral("requested_at >= ?");
        requestedBinds << TimeFormat::toString(window.from);
    }
    if (window.to.isValid()) {
        requested << QStringLiteral("requested_at < ?");
        requestedBinds << TimeFormat::toString(window.to);
        active << QStringLiteral("decided_at < ?");
        activeBinds << TimeFormat::toString(window.to);
    }
    if (window.from.isValid()) {
        active << QStringLiteral("COALESCE(ended_at, expires_at) > ?");
        activeBinds << TimeFormat::toString(window.from);
    }
    // Distinct scope texts per agent are few (missions repeat their asks),
    // so splitting them here is building the result, not per-row work.
    QString sql = QStringLiteral("SELECT DISTINCT agent_id, connection, scopes, step_up_scopes FROM missions"
                                 " WHERE expires_at IS NOT NULL");
    QVariantList binds;
    if (!requested.isEmpty() && !active.isEmpty()) {
        sql += QStringLiteral(" AND ((%1) OR (%2))")
                   .arg(requested.join(QStringLiteral(" AND ")), active.join(QStringLiteral(" AND ")));
        binds = requestedBinds + activeBinds;
    }
    QSqlQuery q(m_db.handle());
    if (Status s = run(q, sql, binds, QStringLiteral("collecting granted scopes")); !s)
        return s.error();
    QHash<std::pair<QString, QString>, ScopeSet> out;
    while (q.next()) {
        ScopeSet scopes;
        ScopeSet stepUp;
        // Written by MissionStore from valid sets; a hand-edited row that no
        // longer parses grants nothing rather than something unexpected.
        if (!ScopeSet::parse(q.value(2).toString(), &scopes) || !ScopeSet::parse(q.value(3).toString(), &stepUp))
            continue;
        ScopeSet &granted = out[{q.value(0).toString(), q.value(1).toString()}];
        granted = granted.united(scopes).united(stepUp);
    }
    return out;
}

Expected<QList<HourlyUsage>> UsageStats::hourly(const QString &agentId, const UsageWindow &window) const
{
    // The first 13 characters of the stored instant name its UTC hour
    // ("2026-11-28T12"): bucketing without any engine's date functions.
    QString sql = QStringLiteral("SELECT scope, substr(at, 1, 13),"
                                 " SUM(CASE WHEN %1 THEN 1 ELSE 0 END),"
                                 " SUM(CASE WHEN %2 THEN 1 ELSE 0 END)"
                                 " FROM usage_events WHERE agent_id = ? AND scope IS NOT NULL")
                      .arg(usedCondition(), deniedCondition());
    QVariantList binds{agentId};
    addWindow(window, &sql, &binds);
    sql += QStringLiteral(" GROUP BY scope, substr(at, 1, 13) ORDER BY scope, substr(at, 1, 13)");
    QSqlQuery q(m_db.handle());
    if (Status s = run(q, sql, binds, QStringLiteral("counting scope usage by hour")); !s)
        return s.error();
    QList<HourlyUsage> out;
    while (q.next()) {
        HourlyUsage h;
        h.scope = q.value(0).toString();
        h.hour = TimeFormat::fromString(q.value(1).toString() + QStringLiteral(":00:00.000Z"));
        h.allowed = count(q.value(2));
        h.denied = count(q.value(3));
        if (h.allowed == 0 && h.denied == 0)
            continue; // only failed calls that hour: neither used nor refused
        out.append(h);
    }
    return out;
}

Expected<UsageReading> UsageStats::reading(const UsageWindow &window) const
{
    if (Status s = m_db.exec(QStringLiteral("BEGIN"), QStringLiteral("starting a read")); !s)
        return s.error();
    const Expected<qint64> last = UsageStore(m_db).lastEventId();
    const Expected<QList<ScopeUsage>> usage = byAgentAndScope(window);
    const Expected<QHash<QString, ScopeSet>> granted = grantedScopes(window);
    (void)m_db.exec(QStringLiteral("COMMIT"), QStringLiteral("ending a read"));
    if (!last)
        return last.error();
    if (!usage)
        return usage.error();
    if (!granted)
        return granted.error();
    return UsageReading{*usage, *granted, *last};
}

} // namespace sanctum
