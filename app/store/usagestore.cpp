#include "store/usagestore.h"

#include "domain/timeformat.h"
#include "store/database.h"
#include "store/usagesql.h"

#include <QSqlQuery>

#include <limits>

namespace sanctum {

namespace {
QVariant nullable(const QString &s)
{
    return s.isEmpty() ? QVariant() : QVariant(s);
}
} // namespace

Status UsageStore::insert(QList<UsageEvent> &events)
{
    if (events.isEmpty())
        return Done{};
    return m_db.transaction([&]() -> Status {
        QSqlQuery q(m_db.handle());
        q.prepare(QStringLiteral("INSERT INTO usage_events (at, agent_id, mission_id, connection, scope, method,"
                                 " path_template, status, outcome, accepted_scopes)"
                                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        for (UsageEvent &e : events) {
            q.bindValue(0, TimeFormat::toString(e.at));
            q.bindValue(1, e.agentId);
            q.bindValue(2, nullable(e.missionId));
            q.bindValue(3, e.connection);
            q.bindValue(4, nullable(e.scope));
            q.bindValue(5, e.method);
            q.bindValue(6, e.pathTemplate);
            q.bindValue(7, e.status);
            q.bindValue(8, UsageEvent::outcomeName(e.outcome));
            q.bindValue(9, nullable(e.acceptedScopes));
            if (Status s = Database::exec(q, QStringLiteral("recording scope usage")); !s)
                return s;
            e.id = q.lastInsertId().toLongLong();
        }
        return Done{};
    });
}

Expected<qint64> UsageStore::lastEventId() const
{
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("SELECT COALESCE(MAX(id), 0) FROM usage_events"));
    if (Status s = Database::exec(q, QStringLiteral("reading the newest usage event")); !s)
        return s.error();
    return q.next() ? q.value(0).toLongLong() : 0;
}

Expected<QList<UsageEvent>> UsageStore::list(const UsageFilter &filter) const
{
    QString sql = QStringLiteral("SELECT at, agent_id, mission_id, connection, scope, method, path_template, status,"
                                 " outcome, accepted_scopes FROM usage_events WHERE 1 = 1");
    if (!filter.agentId.isEmpty())
        sql += QStringLiteral(" AND agent_id = ?");
    if (!filter.missionId.isEmpty())
        sql += QStringLiteral(" AND mission_id = ?");
    sql += QStringLiteral(" ORDER BY id DESC LIMIT ?");
    QSqlQuery q(m_db.handle());
    q.prepare(sql);
    if (!filter.agentId.isEmpty())
        q.addBindValue(filter.agentId);
    if (!filter.missionId.isEmpty())
        q.addBindValue(filter.missionId);
    q.addBindValue(qBound(1, filter.limit, 10'000));
    if (Status s = Database::exec(q, QStringLiteral("listing scope usage")); !s)
        return s.error();
    QList<UsageEvent> out;
    while (q.next()) {
        UsageEvent e;
        e.at = TimeFormat::fromString(q.value(0).toString());
        e.agentId = q.value(1).toString();
        e.missionId = q.value(2).toString();
        e.connection = q.value(3).toString();
        e.scope = q.value(4).toString();
        e.method = q.value(5).toString();
        e.pathTemplate = q.value(6).toString();
        e.status = q.value(7).toInt();
        e.outcome = UsageEvent::outcomeFromName(q.value(8).toString());
        e.acceptedScopes = q.value(9).toString();
        out.append(e);
    }
    return out;
}

Expected<bool> UsageStore::hasUseBefore(const QString &agentId, const QString &scope, qint64 beforeId) const
{
    // (agent_id, scope) leads the usage index: one range probe.
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("SELECT 1 FROM usage_events WHERE agent_id = ? AND scope = ? AND %1 AND id < ? LIMIT 1")
                  .arg(UsageSql::usedCondition()));
    q.addBindValue(agentId);
    q.addBindValue(scope);
    q.addBindValue(beforeId > 0 ? beforeId : std::numeric_limits<qint64>::max());
    if (Status s = Database::exec(q, QStringLiteral("looking for an earlier use of %1").arg(scope)); !s)
        return s.error();
    return q.next();
}

Expected<bool> UsageStore::missionHasUse(const QString &missionId) const
{
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("SELECT 1 FROM usage_events WHERE mission_id = ? AND %1 LIMIT 1")
                  .arg(UsageSql::usedCondition()));
    q.addBindValue(missionId);
    if (Status s = Database::exec(q, QStringLiteral("looking for the use of mission %1").arg(missionId)); !s)
        return s.error();
    return q.next();
}

} // namespace sanctum
