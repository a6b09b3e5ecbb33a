#include "services/leastprivilege/connectiontightener.h"

#include "auth/authservice.h"
#include "domain/connection.h"
#include "domain/logging.h"
#include "domain/scopemap.h"
#include "domain/scopemapcatalog.h"
#include "services/missions/missionregistry.h"
#include "services/policies/policyregistry.h"
#include "services/session/tenantsession.h"
#include "store/auditlog.h"
#include "store/missionstore.h"

#include <QJsonArray>
#include <QJsonObject>

namespace sanctum {

namespace {

QJsonArray toJson(const ScopeSet &scopes)
{
    return QJsonArray::fromStringList(scopes.toList());
}

} // namespace

ConnectionTightener::ConnectionTightener(TenantSession &session, ScopeMapCatalog &scopeMaps, PolicyRegistry &policies,
                                         MissionRegistry &missions, AuditLog &audit, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_scopeMaps(scopeMaps)
    , m_policies(policies)
    , m_missions(missions)
    , m_audit(audit)
{
}

const ScopeMap *ConnectionTightener::scopeMapFor(const QString &connection) const
{
    QString upstream = connection;
    for (const Connection &c : m_session.connections())
        if (c.name == connection && !c.upstream.isEmpty())
            upstream = c.upstream;
    const Expected<const ScopeMap *> map = m_scopeMaps.find(upstream);
    return map ? *map : nullptr;
}

void ConnectionTightener::tighten(const QString &connection, const ScopeSet &scopes, const QString &actor,
                                  const QString &reason, std::function<void(Expected<TightenResult>)> done)
{
    const auto refuse = [&done](const QString &code, const QString &message) { done(Error{code, message}); };
    TenantSession &session = m_session;
    if (session.state() != TenantSession::State::SignedIn)
        return refuse(QStringLiteral("not_logged_in"), tr("sign in first: tightening goes through the tenant"));
    const std::optional<TenantConfig> tenant = session.tenant();
    if (!tenant || !tenant->connections.contains(connection))
        return refuse(QStringLiteral("not_found"), tr("no connection '%1' is configured").arg(connection));
    if (scopes.isEmpty())
        return refuse(QStringLiteral("invalid_argument"), tr("name at least one scope to keep"));
    if (m_running.contains(connection))
        return refuse(QStringLiteral("busy"), tr("%1 is being tightened already").arg(connection));
    const ScopeMap *map = scopeMapFor(connection);
    if (!map)
        return refuse(QStringLiteral("not_found"), tr("no scope map is known for %1").arg(connection));
    for (const QString &s : scopes)
        if (!map->scopes().contains(s))
            return refuse(QStringLiteral("invalid_argument"), tr("'%1' is not a scope of %2").arg(s, connection));

    auto run = std::make_shared<Run>();
    run->connection = connection;
    run->wanted = scopes;
    run->actor = actor;
    run->reason = reason;
    run->done = std::move(done);
    run->result.connection = connection;
    m_running.insert(connection, true);

    // What the account holds now, fresh from Token Vault (and recorded).
    session.checkConnection(connection, [this, run, map](const Connection &c, const Error &error) {
        if (!error.code.isEmpty())
            return fail(run, tr("reading the connection's current scopes"), error);
        run->before = c.heldScopes;
        const ScopeSet covered = map->closure(run->before);
        for (const QString &s : run->wanted)
            if (!run->before.isEmpty() && !covered.contains(s))
                return fail(run,
                            tr("checking the new scopes"),
                            Error{QStringLiteral("invalid_argument"),
                                  tr("'%1' is not held now: tightening only takes scopes away").arg(s)});
        reconnect(run);
    });
}

void ConnectionTightener::reconnect(std::shared_ptr<Run> run)
{
    m_session.auth().reconnectAccount(run->connection, run->wanted, this, [this, run](Expected<ScopeSet> held) {
        if (!held)
            return fail(run, tr("reconnecting the account"), held.error());
        if (*held != run->wanted)
            return fail(
                run,
                tr("reconnecting the account"),
                Error{QStringLiteral("scope_mismatch"),
                      tr("the tenant granted %1 instead of %2")
                          .arg(held->toList().join(QLatin1Char(' ')), run->wanted.toList().join(QLatin1Char(' ')))});
        verify(run);
    });
}

void ConnectionTightener::verify(std::shared_ptr<Run> run)
{
    m_session.auth().checkUpstreamScopes(
        run->connection, this, [this, run](Expected<AuthService::UpstreamScopes> check) {
            if (!check)
                return fail(run, tr("checking the new token at the upstream"), check.error());
            if (check->held != run->wanted)
                return fail(run,
                            tr("checking the new token at the upstream"),
                            Error{QStringLiteral("scope_mismatch"),
                                  tr("the upstream says the new token holds %1, not %2")
                                      .arg(check->held.toList().join(QLatin1Char(' ')),
                                           run->wanted.toList().join(QLatin1Char(' ')))});
            run->result.after = check->held;
            run->result.previousTokenRefused = check->retiredStatus == 401;
            settle(run);
        });
}

void ConnectionTightener::settle(std::shared_ptr<Run> run)
{
    const ScopeMap *map = scopeMapFor(run->connection);
    const ScopeSet covered = map ? map->closure(run->result.after) : run->result.after;
    run->result.before = run->before;
    for (const QString &s : run->before)
        if (!covered.contains(s))
            run->result.removed.insert(s);

    // Recorded as Token Vault now reports it: requests for a removed scope
    // are refused from here on, because the account no longer holds it.
    m_session.checkConnection(run->connection, [this, run, covered](const Connection &, const Error &e) {
        if (!e.code.isEmpty())
            qCWarning(lcCore).noquote() << "recording" << run->connection << "after tightening:" << e.message;

        // The policy must not auto-approve what is gone.
        if (const Expected<Policy> policy = m_policies.effective(run->connection); policy) {
            ScopeSet kept;
            for (const QString &s : policy->autoApproveScopes)
                if (covered.contains(s))
                    kept.insert(s);
            if (kept != policy->autoApproveScopes) {
                const Expected<Policy> narrowed = m_policies.set(
                    run->connection, {{QStringLiteral("auto_approve_scopes"), toJson(kept)}}, run->actor);
                run->result.policyNarrowed = bool(narrowed);
            }
        }

        // Missions that hold a removed scope could not use it any more.
        for (const MissionState state : {MissionState::Active, MissionState::Pending}) {
            MissionFilter filter;
            filter.state = state;
            filter.limit = 10'000;
            const Expected<QList<Mission>> missions = m_missions.list(filter);
            if (!missions)
                continue;
            for (const Mission &m : *missions) {
                if (m.request.connection != run->connection)
                    continue;
                const ScopeSet asked = m.request.scopes.united(m.stepUpScopes);
                if (std::all_of(asked.begin(), asked.end(), [&](const QString &s) { return covered.contains(s); }))
                    continue;
                const QString why = tr("%1 was tightened to %2")
                                        .arg(run->connection, run->result.after.toList().join(QLatin1Char(' ')));
                const Expected<Mission> ended = state == MissionState::Active ? m_missions.revoke(m.id, run->actor, why)
                                                                              : m_missions.deny(m.id, run->actor, why);
                if (ended)
                    run->result.endedMissions << m.id;
            }
        }

        QJsonObject details{{QStringLiteral("before"), toJson(run->result.before)},
                            {QStringLiteral("after"), toJson(run->result.after)},
                            {QStringLiteral("removed"), toJson(run->result.removed)},
                            {QStringLiteral("previous_token_refused"), run->result.previousTokenRefused},
                            {QStringLiteral("policy_narrowed"), run->result.policyNarrowed},
                            {QStringLiteral("missions_ended"), QJsonArray::fromStringList(run->result.endedMissions)}};
        if (!run->reason.isEmpty())
            details.insert(QStringLiteral("reason"), run->reason);
        const Expected<AuditEvent> logged = m_audit.append({run->actor,
                                                            QStringLiteral("connection.tightened"),
                                                            QStringLiteral("connection"),
                                                            run->connection,
                                                            details});
        if (!logged)
            qCWarning(lcCore).noquote() << "could not audit the tightening of" << run->connection << ':'
                                        << logged.error().message;
        qCInfo(lcCore).noquote() << run->connection << "tightened to" << run->result.after.toList();
        m_running.remove(run->connection);
        Q_EMIT tightened(run->result);
        run->done(run->result);
    });
}

void ConnectionTightener::fail(const std::shared_ptr<Run> &run, const QString &step, const Error &error)
{
    QJsonObject details{{QStringLiteral("step"), step},
                        {QStringLiteral("error"), error.message},
                        {QStringLiteral("requested"), toJson(run->wanted)},
                        {QStringLiteral("before"), toJson(run->before)}};
    if (!run->reason.isEmpty())
        details.insert(QStringLiteral("reason"), run->reason);
    (void)m_audit.append({run->actor,
                          QStringLiteral("connection.tighten_failed"),
                          QStringLiteral("connection"),
                          run->connection,
                          details});
    qCWarning(lcCore).noquote() << "tightening" << run->connection << "failed at" << step << ':' << error.message;
    m_running.remove(run->connection);
    run->done(Error{error.code.isEmpty() ? QStringLiteral("failed") : error.code,
                    tr("%1: %2").arg(step, error.message),
                    error.httpStatus});
}

} // namespace sanctum
