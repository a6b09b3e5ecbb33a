#include "services/policies/policyregistry.h"

#include "domain/clock.h"
#include "domain/logging.h"
#include "store/auditlog.h"

namespace sanctum {

PolicyRegistry::PolicyRegistry(Database &db, AuditLog &audit, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_store(db)
    , m_audit(audit)
    , m_clock(clock)
{
}

Expected<Policy> PolicyRegistry::effective(const QString &connection) const
{
    return m_store.effective(connection);
}

Expected<QList<Policy>> PolicyRegistry::list() const
{
    return m_store.list();
}

Expected<Policy> PolicyRegistry::set(const QString &connection, const QJsonObject &changes, const QString &actor)
{
    if (changes.contains(QStringLiteral("connection")))
        return Error{QStringLiteral("invalid_policy"), QStringLiteral("name the connection outside the changes")};
    if (changes.isEmpty())
        return Error{QStringLiteral("invalid_policy"), QStringLiteral("no policy setting to change")};
    Expected<Policy> before = m_store.effective(connection);
    if (!before)
        return before.error();
    Policy base = *before;
    base.connection = connection; // a connection inherits "*" until it gets its own row
    Expected<Policy> after = base.updated(changes);
    if (!after)
        return after.error();

    const QDateTime now = m_clock.now();
    const Expected<AuditEvent> logged = m_audit.append(
        {actor,
         QStringLiteral("policy.changed"),
         QStringLiteral("policy"),
         connection,
         QJsonObject{{QStringLiteral("before"), before->toJson()}, {QStringLiteral("after"), after->toJson()}}},
        [&] { return m_store.save(*after, now); });
    if (!logged)
        return logged.error();
    qCInfo(lcCore).noquote() << "policy changed for" << connection;
    Q_EMIT policyChanged(*after);
    return after;
}

} // namespace sanctum
