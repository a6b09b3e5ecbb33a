#include "services/missions/missionregistry.h"

#include "domain/actor.h"

#include "services/agents/agentregistry.h"

#include "auth/authservice.h"
#include "domain/agent.h"
#include "domain/clock.h"
#include "domain/logging.h"
#include "domain/scopemapcatalog.h"
#include "domain/securerandom.h"
#include "services/missions/stepupgate.h"
#include "services/policies/policyregistry.h"
#include "services/session/tenantsession.h"
#include "store/auditlog.h"
#include "store/database.h"

#include <QThread>

namespace sanctum {

namespace {
const QString kMissionSubject = QStringLiteral("mission");

Error notFound(const QString &id)
{
    return Error{QStringLiteral("not_found"), QStringLiteral("no mission %1").arg(id.left(64)), 404};
}

QString tokenHash(QByteArrayView token)
{
    return Digest::sha256Hex(token.toByteArray());
}
} // namespace

MissionRegistry::MissionRegistry(Database &db, AuditLog &audit, PolicyRegistry &policies, TenantSession &session,
                                 ScopeMapCatalog &scopeMaps, StepUpGate &stepUp, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_db(db)
    , m_audit(audit)
    , m_policies(policies)
    , m_session(session)
    , m_scopeMaps(scopeMaps)
    , m_stepUp(stepUp)
    , m_clock(clock)
    , m_store(db)
{
    m_deadline.setSingleShot(true);
    m_deadline.setTimerType(Qt::PreciseTimer);
    connect(&m_deadline, &QTimer::timeout, this, &MissionRegistry::expireDue);
    publishGrants();
    // A manual clock moved: what just became overdue lapses now, not at the
    // next natural tick.
    connect(&m_clock, &Clock::jumped, this, &MissionRegistry::expireDue);
}

MissionRegistry::~MissionRegistry()
{
    for (QString &token : m_undelivered)
        secureZero(token);
}

Status MissionRegistry::load()
{
    const Expected<QList<Mission>> live = m_store.live();
    if (!live)
        return live.error();
    for (const Mission &m : *live) {
        if (m.state == MissionState::Pending) {
            m_pending.insert(m.id, m.requestExpiresAt);
            m_pendingAgent.insert(m.id, m.agentId);
        } else if (!m.tokenHash.isEmpty()) {
            m_grants.insert(m.tokenHash, grantFor(m));
            m_tokenHashOf.insert(m.id, m.tokenHash);
        }
    }
    publishGrants();
    // Missions whose time ran out while Sanctum was not running end now.
    expireDue();
    return Done{};
}

MissionGrant MissionRegistry::grantFor(const Mission &m)
{
    MissionGrant g{m.id,
                   m.agentId,
                   m.request.connection,
                   m.request.scopes,
                   m.stepUpScopes,
                   m.expiresAt,
                   {},
                   {},
                   std::make_shared<std::atomic<bool>>(false)};
    const Expected<const ScopeMap *> map = m_scopeMaps.find(m.request.connection);
    // Without a map no call can match a rule anyway; the sets stay as granted.
    g.closedScopes = map ? (*map)->closure(g.scopes) : g.scopes;
    g.closedWithStepUp = map ? (*map)->closure(g.scopes.united(g.stepUpScopes)) : g.scopes.united(g.stepUpScopes);
    return g;
}

Status MissionRegistry::validate(const MissionRequest &request, ScopeSet *stepUp) const
{
    const std::optional<TenantConfig> tenant = m_session.tenant();
    if (!tenant)
        return Error{QStringLiteral("not_configured"),
                     QStringLiteral("Sanctum has no tenant configured, so no connection can be used yet"),
                     503};
    if (!tenant->connections.contains(request.connection))
        return Error{QStringLiteral("unknown_connection"),
                     QStringLiteral("there is no connection '%1' (configured: %2)")
                         .arg(request.connection.left(64), tenant->connections.join(QStringLiteral(", "))),
                     400};
    const Expected<const ScopeMap *> map = const_cast<ScopeMapCatalog &>(m_scopeMaps).find(request.connection);
    if (!map)
        return Error{map.error().code, map.error().message, 400};
    for (const QString &scope : request.scopes)
        if (!(*map)->scopes().contains(scope))
            return Error{QStringLiteral("invalid_scope"),
                         QStringLiteral("'%1' is not a scope of %2").arg(scope.left(64), request.connection),
                         400};

    const Expected<Policy> policy = m_policies.effective(request.connection);
    if (!policy)
        return policy.error();
    if (Status s = policy->check(request); !s)
        return Error{s.error().code, s.error().message, s.error().code == QStringLiteral("ttl_too_long") ? 403 : 400};

    // What the connected account holds, when Sanctum has seen it: a mission
    // can never be granted more than the account itself has.
    for (const Connection &c : m_session.connections()) {
        if (c.name != request.connection || c.heldScopes.isEmpty())
            continue;
        const ScopeSet missing = request.scopes.subtracted((*map)->closure(c.heldScopes));
        if (!missing.isEmpty())
            return Error{QStringLiteral("scope_not_held"),
                         QStringLiteral("the %1 connection does not hold %2; it holds %3")
                             .arg(request.connection, missing.toString(), c.heldScopes.toString()),
                         403};
    }
    *stepUp = request.scopes.intersected(policy->stepUpScopes);
    return Done{};
}

void MissionRegistry::request(const Agent &agent, const MissionRequest &request, MissionDone done)
{
    ScopeSet stepUp;
    if (Status s = validate(request, &stepUp); !s) {
        m_audit.append({Actor::agent(agent.id),
                        QStringLiteral("mission.request_refused"),
                        QStringLiteral("agent"),
                        agent.id,
                        {{QStringLiteral("connection"), request.connection},
                         {QStringLiteral("scopes"), request.scopes.toJson()},
                         {QStringLiteral("error"), s.error().code}}});
        return done(s.error());
    }
    int waiting = 0;
    for (const QString &owner : std::as_const(m_pendingAgent))
        waiting += owner == agent.id;
    if (waiting >= kMaxPendingPerAgent)
        return done(Error{QStringLiteral("too_many_pending"),
                          QStringLiteral("this agent already has %1 requests waiting for a decision").arg(waiting),
                          429});

    const Expected<Policy> policy = m_policies.effective(request.connection);
    if (!policy)
        return done(policy.error());
    const QDateTime now = m_clock.now();
    Mission m;
    m.id = SecureRandom::identifier(QStringLiteral("ms_"));
    m.agentId = agent.id;
    m.request = request;
    m.request.scopes = request.scopes.subtracted(stepUp);
    m.stepUpScopes = stepUp;
    m.requestedAt = now;
    m.requestExpiresAt = now.addSecs(policy->requestExpirySeconds);

    QJsonObject details = m.toJson();
    details.insert(QStringLiteral("agent_name"), agent.name);
    const Expected<AuditEvent> logged =
        m_audit.append({Actor::agent(agent.id), QStringLiteral("mission.requested"), kMissionSubject, m.id, details},
                       [&] { return m_store.insert(m); });
    if (!logged)
        return done(logged.error());
    m_pending.insert(m.id, m.requestExpiresAt);
    m_pendingAgent.insert(m.id, m.agentId);
    arm();
    Q_EMIT missionChanged(m);

    if (!m.request.scopes.isEmpty() && policy->autoApproves(m.request.scopes) && m.stepUpScopes.isEmpty()) {
        // Approved by policy; the agent hears back once the mission is
        // really usable. If the upstream token cannot be had, the request
        // stays pending for the operator.
        const Mission pending = m;
        return activate(m.id, Actor::policy(), [done, pending](Expected<Mission> r) {
            if (r)
                return done(r);
            qCInfo(lcBroker) << "auto-approval of" << pending.id << "failed:" << r.error().message;
            done(pending);
        });
    }
    done(m);
}

void MissionRegistry::approve(const QString &id, const QString &actor, MissionDone done)
{
    const Expected<Mission> m = get(id);
    if (!m)
        return done(m.error());
    if (m->state != MissionState::Pending)
        return done(Error{QStringLiteral("conflict"),
                          QStringLiteral("mission %1 is %2, not pending").arg(id, Mission::stateName(m->state)),
                          409});
    activate(id, actor, std::move(done));
}

void MissionRegistry::activate(const QString &id, const QString &actor, MissionDone done)
{
    if (m_approving.contains(id))
        return done(
            Error{QStringLiteral("conflict"), QStringLiteral("mission %1 is already being approved").arg(id), 409});
    const Expected<Mission> m = get(id);
    if (!m)
        return done(m.error());
    m_approving.insert(id);
    const QString connection = m->request.connection;
    m_session.auth().upstreamToken(connection, this, [this, id, actor, done](Expected<UpstreamToken> token) {
        m_approving.remove(id);
        // The request may have lapsed, been denied or revoked while the
        // token was on its way; the store has the last word.
        Expected<Mission> current = get(id);
        if (!current)
            return done(current.error());
        if (current->state != MissionState::Pending)
            return done(Error{QStringLiteral("conflict"),
                              QStringLiteral("mission %1 became %2 while it was being approved")
                                  .arg(id, Mission::stateName(current->state)),
                              409});
        if (!token)
            return done(Error{QStringLiteral("upstream_unavailable"),
                              QStringLiteral("could not get a %1 token from the tenant: %2")
                                  .arg(current->request.connection, token.error().message),
                              502});
        if (!token->scopes.isEmpty()) {
            const Expected<const ScopeMap *> map = m_scopeMaps.find(current->request.connection);
            const ScopeSet held = map ? (*map)->closure(token->scopes) : token->scopes;
            const ScopeSet missing = current->request.scopes.united(current->stepUpScopes).subtracted(held);
            if (!missing.isEmpty())
                return done(Error{QStringLiteral("scope_not_held"),
                                  QStringLiteral("the %1 connection's token does not hold %2; reconnect the account "
                                                 "with those scopes or deny the mission")
                                      .arg(current->request.connection, missing.toString()),
                                  409});
        }
        const QString missionToken = SecureRandom::token(QStringLiteral("sm_"));
        Mission next = *current;
        next.tokenHash = tokenHash(QByteArrayView(missionToken.toLatin1()));
        // Ready for delivery before anyone hears the mission is active: a
        // long-polling agent is answered from the change signal itself.
        m_undelivered.insert(id, missionToken);
        const Expected<Mission> active =
            applyTransition(next, MissionState::Active, actor, {}, QStringLiteral("mission.approved"));
        if (!active) {
            if (auto u = m_undelivered.find(id); u != m_undelivered.end()) {
                secureZero(u.value());
                m_undelivered.erase(u);
            }
            return done(active.error());
        }
        done(active);
    });
}

Expected<Mission> MissionRegistry::deny(const QString &id, const QString &actor, const QString &reason)
{
    return transition(id, MissionState::Denied, actor, reason, QStringLiteral("mission.denied"));
}

Expected<Mission> MissionRegistry::revoke(const QString &id, const QString &actor, const QString &reason)
{
    const Expected<Mission> m = get(id);
    if (!m)
        return m.error();
    // Revoking a request nobody decided yet is a denial of it.
    if (m->state == MissionState::Pending)
        return transition(id, MissionState::Denied, actor, reason, QStringLiteral("mission.denied"));
    return transition(id, MissionState::Revoked, actor, reason, QStringLiteral("mission.revoked"));
}

void MissionRegistry::endMissionsOfRemovedAgents(const AgentRegistry &agents)
{
    connect(&agents,
            &AgentRegistry::agentRemoved,
            this,
            [this](const QString &id, const QString &actor, const QString &reason) {
                const QString why = reason.isEmpty() ? QStringLiteral("the agent was removed") : reason;
                if (const auto r = revokeAgent(id, actor, why); !r)
                    qCWarning(lcCore) << "could not revoke the missions of removed agent" << id << ":"
                                      << r.error().message;
            });
}

Expected<QList<Mission>> MissionRegistry::revokeAgent(const QString &agentId, const QString &actor,
                                                      const QString &reason)
{
    QList<Mission> done;
    QStringList ids;
    for (const MissionGrant &g : std::as_const(m_grants))
        if (agentId.isEmpty() || g.agentId == agentId)
            ids.append(g.missionId);
    for (auto it = m_pendingAgent.cbegin(); it != m_pendingAgent.cend(); ++it)
        if (agentId.isEmpty() || it.value() == agentId)
            ids.append(it.key());
    for (const QString &id : std::as_const(ids)) {
        const Expected<Mission> m = revoke(id, actor, reason);
        if (!m)
            return m.error();
        done.append(*m);
    }
    return done;
}

Expected<QList<Mission>> MissionRegistry::revokeAll(const QString &actor, const QString &reason)
{
    const Expected<AuditEvent> logged = m_audit.append({actor,
                                                        QStringLiteral("mission.revoke_all"),
                                                        kMissionSubject,
                                                        QStringLiteral("*"),
                                                        {{QStringLiteral("reason"), reason},
                                                         {QStringLiteral("active"), activeCount()},
                                                         {QStringLiteral("pending"), pendingCount()}}});
    if (!logged)
        return logged.error();
    return revokeAgent({}, actor, reason);
}

Expected<Mission> MissionRegistry::finish(const QString &agentId, const QString &id)
{
    const Expected<Mission> m = getForAgent(agentId, id);
    if (!m)
        return m.error();
    const QString actor = Actor::agent(agentId);
    if (m->state == MissionState::Pending)
        return transition(id,
                          MissionState::Denied,
                          actor,
                          QStringLiteral("withdrawn by the agent"),
                          QStringLiteral("mission.withdrawn"));
    return transition(id, MissionState::Completed, actor, {}, QStringLiteral("mission.completed"));
}

Expected<Mission> MissionRegistry::get(const QString &id) const
{
    const Expected<std::optional<Mission>> m = m_store.find(id);
    if (!m)
        return m.error();
    if (!m->has_value())
        return notFound(id);
    return m->value();
}

Expected<Mission> MissionRegistry::getForAgent(const QString &agentId, const QString &id) const
{
    const Expected<Mission> m = get(id);
    if (m && m->agentId != agentId)
        return notFound(id);
    return m;
}

Expected<QList<Mission>> MissionRegistry::list(const MissionFilter &filter) const
{
    return m_store.list(filter);
}

QString MissionRegistry::undeliveredToken(const QString &missionId) const
{
    return m_undelivered.value(missionId);
}

Expected<MissionGrant> MissionRegistry::authorize(QByteArrayView bearer)
{
    static const Error dead{QStringLiteral("invalid_token"),
                            QStringLiteral("the mission token is unknown, or its mission is no longer active"),
                            401};
    if (!bearer.startsWith("sm_") || bearer.size() > 128)
        return dead;
    const std::shared_ptr<const Grants> grants = m_published.load(std::memory_order_acquire);
    const auto it = grants->constFind(tokenHash(bearer));
    if (it == grants->constEnd())
        return dead;
    const bool here = QThread::currentThread() == thread();
    if (it->expiresAt <= m_clock.now()) {
        if (here)
            lapse(it->missionId);
        else
            QMetaObject::invokeMethod(
                this, [this, id = it->missionId] { lapse(id); }, Qt::QueuedConnection);
        return dead;
    }
    if (!it->used->load(std::memory_order_relaxed) && !it->used->exchange(true)) {
        if (here)
            tokenUsed(it->missionId);
        else
            QMetaObject::invokeMethod(
                this, [this, id = it->missionId] { tokenUsed(id); }, Qt::QueuedConnection);
    }
    return *it;
}

void MissionRegistry::lapse(const QString &missionId)
{
    const QString hash = m_tokenHashOf.value(missionId);
    const auto it = m_grants.constFind(hash);
    if (hash.isEmpty() || it == m_grants.constEnd() || it->expiresAt > m_clock.now())
        return; // ended otherwise meanwhile, or reported twice
    transition(missionId,
               MissionState::Expired,
               Actor::system(),
               QStringLiteral("its time ran out"),
               QStringLiteral("mission.expired"));
}

void MissionRegistry::tokenUsed(const QString &missionId)
{
    if (const auto u = m_undelivered.find(missionId); u != m_undelivered.end()) {
        // The agent has its token: no copy stays in memory.
        secureZero(u.value());
        m_undelivered.erase(u);
    }
}

void MissionRegistry::publishGrants()
{
    m_published.store(std::make_shared<const Grants>(m_grants), std::memory_order_release);
}

Expected<Mission> MissionRegistry::transition(const QString &id, MissionState to, const QString &actor,
                                              const QString &reason, const QString &action)
{
    const Expected<Mission> m = get(id);
    if (!m)
        return m.error();
    return applyTransition(*m, to, actor, reason, action);
}

Expected<Mission> MissionRegistry::applyTransition(Mission m, MissionState to, const QString &actor,
                                                   const QString &reason, const QString &action,
                                                   const QJsonObject &extra)
{
    const MissionState from = m.state;
    if (Status s = m.transition(to, m_clock.now(), actor, reason); !s)
        return Error{QStringLiteral("conflict"), s.error().message, 409};
    QJsonObject details = m.toJson();
    details.insert(QStringLiteral("from"), Mission::stateName(from));
    for (auto it = extra.begin(); it != extra.end(); ++it)
        details.insert(it.key(), it.value());
    const Expected<AuditEvent> logged =
        m_audit.append({actor, action, kMissionSubject, m.id, details}, [&] { return m_store.update(m); });
    if (!logged)
        return logged.error();
    if (to == MissionState::Active) {
        m_pending.remove(m.id);
        m_pendingAgent.remove(m.id);
        m_grants.insert(m.tokenHash, grantFor(m));
        m_tokenHashOf.insert(m.id, m.tokenHash);
        publishGrants();
    } else {
        forget(m, reason.isEmpty() ? Mission::stateName(to) : reason);
    }
    arm();
    Q_EMIT missionChanged(m);
    return m;
}

void MissionRegistry::forget(const Mission &m, const QString &why)
{
    m_pending.remove(m.id);
    m_pendingAgent.remove(m.id);
    QString connection; // set when the mission was active and held a grant
    if (const QString hash = m_tokenHashOf.take(m.id); !hash.isEmpty()) {
        connection = m_grants.take(hash).connection;
        publishGrants();
    }
    if (auto u = m_undelivered.find(m.id); u != m_undelivered.end()) {
        secureZero(u.value());
        m_undelivered.erase(u);
    }
    m_stepUp.dropMission(m.id, why);
    if (!connection.isEmpty())
        releaseConnection(connection);
}

void MissionRegistry::releaseConnection(const QString &connection)
{
    for (const MissionGrant &g : std::as_const(m_grants))
        if (g.connection == connection)
            return; // another mission still works with it
    // Nothing needs the upstream token any more: kill it at the upstream
    // where Sanctum can, so a copy that leaked is dead too (the worker drops
    // it from its cache once it has it in hand), else just forget it.
    if (!m_session.hasUpstreamRevocation(connection)) {
        m_session.auth().dropUpstreamToken(connection);
        return;
    }
    m_session.revokeUpstreamToken(connection, Actor::system(), [connection](Status s) {
        if (!s)
            qCWarning(lcBroker) << "the upstream did not confirm revoking the" << connection
                                << "token:" << s.error().message;
    });
}

void MissionRegistry::expireDue()
{
    const QDateTime now = m_clock.now();
    QStringList due;
    for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it)
        if (it.value() <= now && !m_approving.contains(it.key()))
            due.append(it.key());
    for (const MissionGrant &g : std::as_const(m_grants))
        if (g.expiresAt <= now)
            due.append(g.missionId);
    for (const QString &id : std::as_const(due)) {
        const Expected<Mission> m = transition(id,
                                               MissionState::Expired,
                                               Actor::system(),
                                               m_pending.contains(id) ? QStringLiteral("nobody decided in time")
                                                                      : QStringLiteral("its time ran out"),
                                               QStringLiteral("mission.expired"));
        if (m)
            continue;
        // Fail closed: the token dies in memory even though the store could
        // not say so; the next start finds it overdue and records it then.
        qCWarning(lcBroker) << "could not record the expiry of mission" << id << ":" << m.error().message;
        Mission gone;
        gone.id = id;
        gone.state = MissionState::Expired;
        forget(gone, QStringLiteral("its time ran out"));
    }
    arm();
}

void MissionRegistry::arm()
{
    QDateTime next;
    for (const QDateTime &t : std::as_const(m_pending))
        if (!next.isValid() || t < next)
            next = t;
    for (const MissionGrant &g : std::as_const(m_grants))
        if (!next.isValid() || g.expiresAt < next)
            next = g.expiresAt;
    if (!next.isValid()) {
        m_deadline.stop();
        return;
    }
    // Timers drift and the wall clock can jump; re-arming at most a minute
    // ahead keeps a long mission's end within a timer slack of its deadline.
    const qint64 ms = qBound(qint64(0), m_clock.now().msecsTo(next) + 1, qint64(60000));
    m_deadline.start(int(ms));
}

} // namespace sanctum
