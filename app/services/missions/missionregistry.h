#pragma once

#include "domain/error.h"
#include "domain/mission.h"
#include "store/missionstore.h"

#include <QByteArrayView>
#include <QHash>
#include <QObject>
#include <QTimer>

#include <atomic>
#include <functional>
#include <memory>

namespace sanctum {

class AgentRegistry;
struct Agent;
class AuditLog;
class Clock;
class Database;
class PolicyRegistry;
class ScopeMapCatalog;
class StepUpGate;
class TenantSession;

// What the broker needs on every proxied call: the live grant behind a
// mission token, kept in memory so the hot path never reads the store.
struct MissionGrant {
    QString missionId;
    QString agentId;
    QString connection;
    ScopeSet scopes;
    ScopeSet stepUpScopes;
    QDateTime expiresAt;
    // The scopes with everything they imply, per the connection's scope map:
    // what each call is checked against, worked out once per mission.
    ScopeSet closedScopes;
    ScopeSet closedWithStepUp;
    // Set by the first call made with the token, on whichever broker thread:
    // from then on the registry keeps no copy of the token to hand out again.
    std::shared_ptr<std::atomic<bool>> used;
};

// Every mission's life: requests checked against policy, approvals that fetch
// the upstream token first, denials, expiry by the clock, revocation, and the
// mission tokens. Each transition is audited in the same transaction as the
// change, and is durable before anyone hears of it. A token stops working in
// the same event-loop turn its mission leaves `active`.
class MissionRegistry : public QObject {
    Q_OBJECT

public:
    static constexpr int kMaxPendingPerAgent = 16;

    MissionRegistry(Database &db, AuditLog &audit, PolicyRegistry &policies, TenantSession &session,
                    ScopeMapCatalog &scopeMaps, StepUpGate &stepUp, const Clock &clock, QObject *parent = nullptr);
    ~MissionRegistry() override;

    // Picks up pending and active missions after a restart; lapses overdue ones.
    Status load();

    using MissionDone = std::function<void(Expected<Mission>)>;
    // An agent asks. `done` gets the mission after policy had its say:
    // pending, or active when policy approved it and the upstream token came.
    void request(const Agent &agent, const MissionRequest &request, MissionDone done);
    // Fetches the upstream token first; the mission stays pending when that fails.
    void approve(const QString &id, const QString &actor, MissionDone done);
    Expected<Mission> deny(const QString &id, const QString &actor, const QString &reason);
    Expected<Mission> revoke(const QString &id, const QString &actor, const QString &reason);
    // Every pending or active mission of one agent, or of all agents.
    // A removed agent keeps nothing: from now on every agent `agents`
    // removes has its missions ended, in the remover's name and for the
    // removal's reason.
    void endMissionsOfRemovedAgents(const AgentRegistry &agents);
    Expected<QList<Mission>> revokeAgent(const QString &agentId, const QString &actor, const QString &reason);
    Expected<QList<Mission>> revokeAll(const QString &actor, const QString &reason);
    // The agent is done early: its token dies at once.
    Expected<Mission> finish(const QString &agentId, const QString &id);

    Expected<Mission> get(const QString &id) const;
    // Another agent's mission is "not found", exactly like a mission that
    // does not exist, so ids reveal nothing across agents.
    Expected<Mission> getForAgent(const QString &agentId, const QString &id) const;
    Expected<QList<Mission>> list(const MissionFilter &filter) const;

    // The mission token, for its own agent, until the agent has used it once.
    QString undeliveredToken(const QString &missionId) const;
    // The hot path, from any thread and without a lock: answered from the
    // grants published by the last change, which every change replaces
    // before it is acknowledged — so once a revocation has returned, no
    // thread lets the token through again. Refuses tokens of missions that
    // ended, including those whose time ran out a moment ago and whose timer
    // has not fired yet (their expiry is then recorded on this object's thread).
    Expected<MissionGrant> authorize(QByteArrayView bearer);

    int activeCount() const { return int(m_grants.size()); }
    int pendingCount() const { return int(m_pending.size()); }

Q_SIGNALS:
    void missionChanged(const sanctum::Mission &mission);

private:
    Expected<Mission> transition(const QString &id, MissionState to, const QString &actor, const QString &reason,
                                 const QString &action);
    Expected<Mission> applyTransition(Mission m, MissionState to, const QString &actor, const QString &reason,
                                      const QString &action, const QJsonObject &extra = {});
    void activate(const QString &id, const QString &actor, MissionDone done);
    void forget(const Mission &m, const QString &why);
    void releaseConnection(const QString &connection);
    void expireDue();
    void arm();
    Status validate(const MissionRequest &request, ScopeSet *stepUp) const;
    MissionGrant grantFor(const Mission &m);
    // After every change to m_grants, before anyone hears of the change.
    void publishGrants();
    void tokenUsed(const QString &missionId);
    void lapse(const QString &missionId);

    Database &m_db;
    AuditLog &m_audit;
    PolicyRegistry &m_policies;
    TenantSession &m_session;
    ScopeMapCatalog &m_scopeMaps;
    StepUpGate &m_stepUp;
    const Clock &m_clock;
    MissionStore m_store;

    using Grants = QHash<QString, MissionGrant>; // by token hash: active missions
    Grants m_grants;
    // What authorize() reads on the broker threads: an immutable copy of
    // m_grants (implicitly shared, so publishing costs no copy until the
    // next change), swapped atomically.
    std::atomic<std::shared_ptr<const Grants>> m_published;
    QHash<QString, QString> m_tokenHashOf;  // mission id → token hash
    QHash<QString, QString> m_undelivered;  // mission id → token, until first use
    QHash<QString, QDateTime> m_pending;    // mission id → request expiry
    QHash<QString, QString> m_pendingAgent; // mission id → agent id
    QSet<QString> m_approving;              // approvals waiting for the upstream token
    QTimer m_deadline;
};

} // namespace sanctum
