#include "store/missionstore.h"

#include "domain/timeformat.h"
#include "store/database.h"

#include <QSqlQuery>

namespace sanctum {

namespace {
const QString kColumns =
    QStringLiteral("id, agent_id, connection, purpose, scopes, step_up_scopes, ttl_seconds, state, requested_at, "
                   "request_expires_at, decided_at, decided_by, expires_at, ended_at, reason, token_hash");

QVariant nullable(const QString &s)
{
    return s.isEmpty() ? QVariant() : QVariant(s);
}

QVariant nullableTime(const QDateTime &t)
{
    return t.isValid() ? QVariant(TimeFormat::toString(t)) : QVariant();
}

// A null QString would be bound as SQL NULL; an empty set is the empty text.
QString scopesText(const ScopeSet &scopes)
{
    const QString text = scopes.toString();
    return text.isNull() ? QStringLiteral("") : text;
}

ScopeSet scopesFrom(const QString &text)
{
    ScopeSet set;
    ScopeSet::parse(text, &set); // written by insert() from a valid set
    return set;
}

Mission missionFromRow(const QSqlQuery &q)
{
    Mission m;
    m.id = q.value(0).toString();
    m.agentId = q.value(1).toString();
    m.request.connection = q.value(2).toString();
    m.request.purpose = q.value(3).toString();
    m.request.scopes = scopesFrom(q.value(4).toString());
    m.stepUpScopes = scopesFrom(q.value(5).toString());
    m.request.ttlSeconds = q.value(6).toLongLong();
    // An unknown state name can only come from a hand-edited file; treat the
    // mission as over rather than guess it is still allowed to run.
    m.state = Mission::stateFromName(q.value(7).toString()).value_or(MissionState::Revoked);
    m.requestedAt = TimeFormat::fromString(q.value(8).toString());
    m.requestExpiresAt = TimeFormat::fromString(q.value(9).toString());
    m.decidedAt = TimeFormat::fromString(q.value(10).toString());
    m.decidedBy = q.value(11).toString();
    m.expiresAt = TimeFormat::fromString(q.value(12).toString());
    m.endedAt = TimeFormat::fromString(q.value(13).toString());
    m.reason = q.value(14).toString();
    m.tokenHash = q.value(15).toString();
    return m;
}

Expected<QList<Mission>> collect(QSqlQuery &q, const QString &what)
{
    if (Status s = Database::exec(q, what); !s)
        return s.error();
    QList<Mission> out;
    while (q.next())
        out.append(missionFromRow(q));
    return out;
}
} // namespace

Status MissionStore::insert(const Mission &m)
{
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("INSERT INTO missions (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                  .arg(kColumns));
    q.addBindValue(m.id);
    q.addBindValue(m.agentId);
    q.addBindValue(m.request.connection);
    q.addBindValue(m.request.purpose);
    q.addBindValue(scopesText(m.request.scopes));
    q.addBindValue(scopesText(m.stepUpScopes));
    q.addBindValue(m.request.ttlSeconds);
    q.addBindValue(Mission::stateName(m.state));
    q.addBindValue(TimeFormat::toString(m.requestedAt));
    q.addBindValue(TimeFormat::toString(m.requestExpiresAt));
    q.addBindValue(nullableTime(m.decidedAt));
    q.addBindValue(nullable(m.decidedBy));
    q.addBindValue(nullableTime(m.expiresAt));
    q.addBindValue(nullableTime(m.endedAt));
    q.addBindValue(nullable(m.reason));
    q.addBindValue(nullable(m.tokenHash));
    return Database::exec(q, QStringLiteral("recording mission %1").arg(m.id));
}

Status MissionStore::update(const Mission &m)
{
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("UPDATE missions SET state = ?, decided_at = ?, decided_by = ?, expires_at = ?,"
                             " ended_at = ?, reason = ?, token_hash = ? WHERE id = ?"));
    q.addBindValue(Mission::stateName(m.state));
    q.addBindValue(nullableTime(m.decidedAt));
    q.addBindValue(nullable(m.decidedBy));
    q.addBindValue(nullableTime(m.expiresAt));
    q.addBindValue(nullableTime(m.endedAt));
    q.addBindValue(nullable(m.reason));
    q.addBindValue(nullable(m.tokenHash));
    q.addBindValue(m.id);
    if (Status s = Database::exec(q, QStringLiteral("updating mission %1").arg(m.id)); !s)
        return s;
    if (q.numRowsAffected() != 1)
        return Error{QStringLiteral("not_found"), QStringLiteral("no mission %1").arg(m.id)};
    return Done{};
}

Expected<std::optional<Mission>> MissionStore::find(const QString &id) const
{
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("SELECT %1 FROM missions WHERE id = ?").arg(kColumns));
    q.addBindValue(id);
    const Expected<QList<Mission>> rows = collect(q, QStringLiteral("looking up mission %1").arg(id));
    if (!rows)
        return rows.error();
    if (rows->isEmpty())
        return std::optional<Mission>();
    return std::optional<Mission>(rows->first());
}

Expected<QList<Mission>> MissionStore::list(const MissionFilter &filter) const
{
    QString sql = QStringLiteral("SELECT %1 FROM missions WHERE 1 = 1").arg(kColumns);
    if (filter.state)
        sql += QStringLiteral(" AND state = ?");
    if (!filter.agentId.isEmpty())
        sql += QStringLiteral(" AND agent_id = ?");
    sql += QStringLiteral(" ORDER BY requested_at DESC, id DESC LIMIT ?");
    QSqlQuery q(m_db.handle());
    q.prepare(sql);
    if (filter.state)
        q.addBindValue(Mission::stateName(*filter.state));
    if (!filter.agentId.isEmpty())
        q.addBindValue(filter.agentId);
    q.addBindValue(qBound(1, filter.limit, 10'000));
    return collect(q, QStringLiteral("listing missions"));
}

Expected<QList<Mission>> MissionStore::live() const
{
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("SELECT %1 FROM missions WHERE state IN ('pending', 'active') ORDER BY requested_at")
                  .arg(kColumns));
    return collect(q, QStringLiteral("loading live missions"));
}

} // namespace sanctum
