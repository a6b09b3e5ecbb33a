#include "services/agents/agentregistry.h"

#include "domain/clock.h"
#include "domain/logging.h"
#include "domain/securerandom.h"
#include "store/auditlog.h"

namespace sanctum {

AgentRegistry::AgentRegistry(Database &db, AuditLog &audit, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_store(db)
    , m_audit(audit)
    , m_clock(clock)
{
}

QString AgentRegistry::hashKey(const QString &key)
{
    return Digest::sha256Hex(key.toUtf8());
}

Expected<NewAgent> AgentRegistry::add(const QString &name, const QString &actor)
{
    if (!Agent::isValidName(name))
        return Error{QStringLiteral("invalid_name"),
                     QStringLiteral("'%1' is not a valid agent name: use 1 to 64 letters, digits, '.', '_' or '-', "
                                    "starting with a letter or digit")
                         .arg(name)};
    const Expected<std::optional<Agent>> existing = m_store.findLive(name);
    if (!existing)
        return existing.error();
    if (existing->has_value())
        return Error{QStringLiteral("conflict"), QStringLiteral("an agent named '%1' already exists").arg(name)};

    NewAgent created;
    created.key = SecureRandom::token(QStringLiteral("sa_"));
    Agent &a = created.agent;
    a.id = SecureRandom::identifier(QStringLiteral("ag_"));
    a.name = name;
    a.keyHash = hashKey(created.key);
    a.keyPrefix = created.key.left(kKeyPrefixLength);
    a.createdAt = m_clock.now();

    const Expected<AuditEvent> logged =
        m_audit.append({actor,
                        QStringLiteral("agent.added"),
                        QStringLiteral("agent"),
                        a.id,
                        QJsonObject{{QStringLiteral("name"), a.name}, {QStringLiteral("key_prefix"), a.keyPrefix}}},
                       [&] { return m_store.insert(a); });
    if (!logged) {
        secureZero(created.key);
        return logged.error();
    }
    qCInfo(lcCore).noquote() << "agent added:" << a.name << a.id;
    Q_EMIT agentAdded(a);
    return created;
}

Expected<Agent> AgentRegistry::remove(const QString &idOrName, const QString &actor, const QString &reason)
{
    const Expected<Agent> found = get(idOrName);
    if (!found)
        return found.error();
    const Agent a = *found;
    QJsonObject details{{QStringLiteral("name"), a.name}};
    if (!reason.isEmpty())
        details.insert(QStringLiteral("reason"), reason);
    const QDateTime now = m_clock.now();
    const Expected<AuditEvent> logged =
        m_audit.append({actor, QStringLiteral("agent.removed"), QStringLiteral("agent"), a.id, details},
                       [&] { return m_store.markRemoved(a.id, now); });
    if (!logged)
        return logged.error();
    qCInfo(lcCore).noquote() << "agent removed:" << a.name << a.id;
    Q_EMIT agentRemoved(a.id, actor, reason);
    return a;
}

Expected<NewAgent> AgentRegistry::rotateKey(const QString &idOrName, const QString &actor)
{
    const Expected<Agent> found = get(idOrName);
    if (!found)
        return found.error();
    NewAgent rotated{*found, SecureRandom::token(QStringLiteral("sa_"))};
    Agent &a = rotated.agent;
    const QString oldPrefix = a.keyPrefix;
    a.keyHash = hashKey(rotated.key);
    a.keyPrefix = rotated.key.left(kKeyPrefixLength);
    const Expected<AuditEvent> logged =
        m_audit.append({actor,
                        QStringLiteral("agent.key_rotated"),
                        QStringLiteral("agent"),
                        a.id,
                        QJsonObject{{QStringLiteral("name"), a.name},
                                    {QStringLiteral("old_key_prefix"), oldPrefix},
                                    {QStringLiteral("key_prefix"), a.keyPrefix}}},
                       [&] { return m_store.replaceKey(a.id, a.keyHash, a.keyPrefix); });
    if (!logged) {
        secureZero(rotated.key);
        return logged.error();
    }
    qCInfo(lcCore).noquote() << "agent key rotated:" << a.name << a.id;
    Q_EMIT agentKeyRotated(a);
    return rotated;
}

Expected<std::optional<Agent>> AgentRegistry::find(const QString &idOrName) const
{
    return m_store.findLive(idOrName);
}

Expected<Agent> AgentRegistry::get(const QString &idOrName) const
{
    const Expected<std::optional<Agent>> found = m_store.findLive(idOrName);
    if (!found)
        return found.error();
    if (!found->has_value())
        return Error{QStringLiteral("not_found"), QStringLiteral("no agent '%1'").arg(idOrName)};
    return found->value();
}

Expected<QList<Agent>> AgentRegistry::list(bool includeRemoved) const
{
    return m_store.list(includeRemoved);
}

Expected<std::optional<Agent>> AgentRegistry::authenticate(const QString &key) const
{
    if (!key.startsWith(QStringLiteral("sa_")))
        return std::optional<Agent>();
    // Looked up by the key's SHA-256: an index lookup on a hash the caller
    // cannot steer leaks nothing useful about stored keys through timing, so
    // no second comparison is needed.
    return m_store.findByKeyHash(hashKey(key));
}

} // namespace sanctum
