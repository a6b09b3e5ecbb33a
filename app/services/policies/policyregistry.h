#pragma once

#include "domain/error.h"
#include "domain/policy.h"
#include "store/policystore.h"

#include <QObject>

namespace sanctum {

class AuditLog;
class Clock;
class Database;

// Reads and changes mission policies; every change is audited with the
// policy before and after, and is durable before it is acknowledged.
class PolicyRegistry : public QObject {
    Q_OBJECT
public:
    PolicyRegistry(Database &db, AuditLog &audit, const Clock &clock, QObject *parent = nullptr);

    Expected<Policy> effective(const QString &connection) const;
    Expected<QList<Policy>> list() const;
    // Applies `changes` (policy JSON keys) to the policy of `connection`.
    Expected<Policy> set(const QString &connection, const QJsonObject &changes, const QString &actor);

Q_SIGNALS:
    void policyChanged(const sanctum::Policy &policy);

private:
    PolicyStore m_store;
    AuditLog &m_audit;
    const Clock &m_clock;
};

} // namespace sanctum
