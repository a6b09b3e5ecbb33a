#pragma once

#include "domain/error.h"
#include "domain/scopeset.h"

#include <QHash>
#include <QObject>
#include <QStringList>

#include <functional>

namespace sanctum {

class AuditLog;
class ScopeMap;
class MissionRegistry;
class PolicyRegistry;
class ScopeMapCatalog;
class TenantSession;

// What a tightening changed.
struct TightenResult {
    QString connection;
    ScopeSet before;                   // the connected account's scopes until now
    ScopeSet after;                    // what it holds now, as the tenant and the upstream both say
    ScopeSet removed;                  // before minus what `after` still covers
    bool previousTokenRefused = false; // the upstream refuses the token from before
    bool policyNarrowed = false;       // auto-approved scopes that went were taken out
    QStringList endedMissions;         // missions that asked for a removed scope
};

// One-click least privilege for a connection: re-provisions its connected
// account with a smaller scope list and makes the rest of Sanctum agree.
// In order, each step only once the one before is confirmed:
//   1. reconnect the account through Auth0's My Account API with exactly
//      the new scopes (the operator confirms in the browser where the
//      tenant asks); until this completes, the old grant stands untouched;
//   2. fetch the new upstream token and check with the upstream that it
//      holds exactly those scopes (X-OAuth-Scopes), and that the token from
//      before is refused — revoked at the upstream first where Sanctum knows
//      the OAuth app behind the connection;
//   3. record the account's new scopes, so missions can no longer ask for
//      the removed ones; take them out of the policy's auto-approved list;
//      end missions that hold one;
//   4. audit the whole change, before and after.
// A failure stops at its step, is audited with the step's name, and leaves
// Sanctum's own records (held scopes, policy, missions) as they were.
class ConnectionTightener : public QObject {
    Q_OBJECT
public:
    ConnectionTightener(TenantSession &session, ScopeMapCatalog &scopeMaps, PolicyRegistry &policies,
                        MissionRegistry &missions, AuditLog &audit, QObject *parent = nullptr);

    void tighten(const QString &connection, const ScopeSet &scopes, const QString &actor, const QString &reason,
                 std::function<void(Expected<TightenResult>)> done);
    bool isRunning(const QString &connection) const { return m_running.contains(connection); }

Q_SIGNALS:
    void tightened(const sanctum::TightenResult &result);

private:
    struct Run {
        QString connection;
        ScopeSet wanted;
        QString actor;
        QString reason;
        ScopeSet before;
        TightenResult result;
        std::function<void(Expected<TightenResult>)> done;
    };
    void reconnect(std::shared_ptr<Run> run);
    void verify(std::shared_ptr<Run> run);
    void settle(std::shared_ptr<Run> run);
    void fail(const std::shared_ptr<Run> &run, const QString &step, const Error &error);

    const ScopeMap *scopeMapFor(const QString &connection) const;

    TenantSession &m_session;
    ScopeMapCatalog &m_scopeMaps;
    PolicyRegistry &m_policies;
    MissionRegistry &m_missions;
    AuditLog &m_audit;
    QHash<QString, bool> m_running;
};

} // namespace sanctum
