#pragma once

#include "domain/agent.h"
#include "domain/error.h"
#include "store/agentstore.h"

#include <QObject>

namespace sanctum {

class AuditLog;
class Clock;
class Database;

// A freshly created agent and its key. The key exists only in this struct,
// on its way to the operator's screen; it is never stored.
struct NewAgent {
    Agent agent;
    QString key;
};

// Adds, removes and authenticates agents; every change is audited in the same
// transaction as the change.
class AgentRegistry : public QObject {
    Q_OBJECT
public:
    static constexpr int kKeyPrefixLength = 7; // "sa_" + 4 characters

    AgentRegistry(Database &db, AuditLog &audit, const Clock &clock, QObject *parent = nullptr);

    Expected<NewAgent> add(const QString &name, const QString &actor);
    // Returns the agent as it was before removal.
    Expected<Agent> remove(const QString &idOrName, const QString &actor, const QString &reason);
    // A new key for a live agent; the old one stops working in the same
    // transaction. Missions the agent holds keep their own tokens.
    Expected<NewAgent> rotateKey(const QString &idOrName, const QString &actor);
    Expected<std::optional<Agent>> find(const QString &idOrName) const;
    // Like find(), but a missing agent is a "not_found" error.
    Expected<Agent> get(const QString &idOrName) const;
    Expected<QList<Agent>> list(bool includeRemoved = false) const;
    Expected<qint64> count() const { return m_store.countLive(); }
    // The live agent holding `key`, if any.
    Expected<std::optional<Agent>> authenticate(const QString &key) const;

    static QString hashKey(const QString &key);

Q_SIGNALS:
    void agentAdded(const sanctum::Agent &agent);
    // `actor` and `reason` are the removal's, for what ends with the agent.
    void agentRemoved(const QString &id, const QString &actor, const QString &reason);
    void agentKeyRotated(const sanctum::Agent &agent);

private:
    AgentStore m_store;
    AuditLog &m_audit;
    const Clock &m_clock;
};

} // namespace sanctum
