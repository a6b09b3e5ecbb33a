#include "store/agentstore.h"

#include "domain/timeformat.h"
#include "store/database.h"

#include <QSqlQuery>

namespace sanctum {

namespace {
const QString kColumns = QStringLiteral("id, name, key_hash, key_prefix, created_at, last_seen_at, removed_at");

Agent agentFromRow(const QSqlQuery &q)
{
    Agent a;
    a.id = q.value(0).toString();
    a.name = q.value(1).toString();
    a.keyHash = q.value(2).toString();
    a.keyPrefix = q.value(3).toString();
    a.createdAt = TimeFormat::fromString(q.value(4).toString());
    a.lastSeenAt = TimeFormat::fromString(q.value(5).toString());
    a.removedAt = TimeFormat::fromString(q.value(6).toString());
    return a;
}

QVariant nullableTime(const QDateTime &t)
{
    return t.isValid() ? QVariant(TimeFormat::toString(t)) : QVariant();
}
} // namespace

Status AgentStore::insert(const Agent &a)
{
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("INSERT INTO agents (%1) VALUES (?, ?, ?, ?, ?, ?, ?)").arg(kColumns));
    q.addBindValue(a.id);
    q.addBindValue(a.name);
    q.addBindValue(a.keyHash);
    q.addBindValue(a.keyPrefix);
    q.addBindValue(TimeFormat::toString(a.createdAt));
    q.addBindValue(nullableTime(a.lastSeenAt));
    q.addBindValue(nullableTime(a.removedAt));
    return Database::exec(q, QStringLiteral("adding agent %1").arg(a.name));
}

Status AgentStore::markRemoved(const QString &id, const QDateTime &at)
{
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("UPDATE agents SET removed_at = ? WHERE id = ? AND removed_at IS NULL"));
    q.addBindValue(TimeFormat::toString(at));
    q.addBindValue(id);
    if (Status s = Database::exec(q, QStringLiteral("removing agent %1").arg(id)); !s)
        return s;
    if (q.numRowsAffected() != 1)
        return Error{QStringLiteral("not_found"), QStringLiteral("no agent %1").arg(id)};
    return Done{};
}

Status AgentStore::touch(const QString &id, const QDateTime &at)
{
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("UPDATE agents SET last_seen_at = ? WHERE id = ?"));
    q.addBindValue(TimeFormat::toString(at));
    q.addBindValue(id);
    return Database::exec(q, QStringLiteral("recording when agent %1 was last seen").arg(id));
}

Status AgentStore::replaceKey(const QString &id, const QString &keyHash, const QString &keyPrefix)
{
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("UPDATE agents SET key_hash = ?, key_prefix = ? WHERE id = ? AND removed_at IS NULL"));
    q.addBindValue(keyHash);
    q.addBindValue(keyPrefix);
    q.addBindValue(id);
    if (Status s = Database::exec(q, QStringLiteral("replacing the key of agent %1").arg(id)); !s)
        return s;
    if (q.numRowsAffected() != 1)
        return Error{QStringLiteral("not_found"), QStringLiteral("no agent %1").arg(id)};
    return Done{};
}

Expected<std::optional<Agent>> AgentStore::findLive(const QString &idOrName) const
{
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("SELECT %1 FROM agents WHERE (id = ? OR name = ?) AND removed_at IS NULL").arg(kColumns));
    q.addBindValue(idOrName);
    q.addBindValue(idOrName);
    if (Status s = Database::exec(q, QStringLiteral("looking up agent %1").arg(idOrName)); !s)
        return s.error();
    if (!q.next())
        return std::optional<Agent>();
    return std::optional<Agent>(agentFromRow(q));
}

Expected<std::optional<Agent>> AgentStore::findByKeyHash(const QString &keyHash) const
{
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("SELECT %1 FROM agents WHERE key_hash = ? AND removed_at IS NULL").arg(kColumns));
    q.addBindValue(keyHash);
    if (Status s = Database::exec(q, QStringLiteral("looking up an agent key")); !s)
        return s.error();
    if (!q.next())
        return std::optional<Agent>();
    return std::optional<Agent>(agentFromRow(q));
}

Expected<QList<Agent>> AgentStore::list(bool includeRemoved) const
{
    QSqlQuery q(m_db.handle());
    q.setForwardOnly(true);
    const QString where = includeRemoved ? QString() : QStringLiteral(" WHERE removed_at IS NULL");
    q.prepare(QStringLiteral("SELECT %1 FROM agents%2 ORDER BY name, created_at").arg(kColumns, where));
    if (Status s = Database::exec(q, QStringLiteral("listing agents")); !s)
        return s.error();
    QList<Agent> out;
    while (q.next())
        out.append(agentFromRow(q));
    return out;
}

Expected<qint64> AgentStore::countLive() const
{
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM agents WHERE removed_at IS NULL"));
    if (Status s = Database::exec(q, QStringLiteral("counting agents")); !s)
        return s.error();
    return q.next() ? q.value(0).toLongLong() : 0;
}

} // namespace sanctum
