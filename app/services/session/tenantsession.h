#pragma once

#include "auth/oidcclient.h"
#include "auth/secretstore.h"
#include "domain/actor.h"
#include "domain/error.h"
#include "domain/upstreamrevocation.h"
#include "store/connectionstore.h"
#include "store/tenantstore.h"

#include <QHash>

#include <QJsonObject>
#include <QObject>

#include <optional>

namespace sanctum {

class AuditLog;
class AuthService;
class Clock;
class Database;

// The operator's standing with the tenant: which tenant, whether signed in,
// as whom. It keeps the configuration in the store, the client secret and
// the refresh token in the keychain (never in the store), hands the auth
// worker what it needs, and audits every sign-in, sign-out and change of
// tenant.
class TenantSession : public QObject {
    Q_OBJECT
public:
    enum class State { NoTenant, SignedOut, SigningIn, SignedIn };

    TenantSession(Database &db, AuditLog &audit, const Clock &clock, QObject *parent = nullptr);
    ~TenantSession() override;

    // Loads the stored tenant and, from the keychain, its secrets.
    Status load();
    // A tenant for good (persist: stored, secret to the keychain) or for this
    // run only (the sandbox: nothing written).
    // `actor` is who configured it (audited when `persist`).
    void configure(const TenantConfig &config, bool persist, const QString &actor, std::function<void(Status)> done);

    // Where a connection's upstream tokens can be revoked (the OAuth app
    // behind it); the app secret goes to the keychain like the others.
    void setUpstreamRevocation(const QString &connection, const UpstreamRevocation &where, const QString &actor,
                               std::function<void(Status)> done);
    bool hasUpstreamRevocation(const QString &connection) const { return m_revocations.contains(connection); }
    // Kills the connection's current upstream token at the upstream.
    void revokeUpstreamToken(const QString &connection, const QString &actor, std::function<void(Status)> done);
    // Gets the connection's token through Token Vault and records the
    // outcome: health and the scopes the connected account holds.
    void checkConnection(const QString &connection, std::function<void(Connection, Error)> done);
    // The configured connections with their last recorded health.
    QList<Connection> connections() const;

    // `actor` is who signs in or out (Actor::operatorGui() from the window,
    // Actor::operatorCli() from sanctumctl): the audit log names them.
    void loginWithBrowser(const QString &loginHint, const QString &actor);
    void loginWithDevice(const QString &actor);
    void logout(const QString &actor);
    // The names the admin socket and the window give each state.
    static QString stateName(State state);

    State state() const { return m_state; }
    // False for a tenant configured for this run only (the sandbox).
    bool isPersisted() const { return m_persisted; }
    std::optional<TenantConfig> tenant() const;
    QJsonObject identity() const { return m_identity; }
    QString lastError() const { return m_lastError; }
    SecretStore &secrets() { return *m_secrets; }
    AuthService &auth() { return *m_auth; }
    // What `status` and `whoami` show; never a token or secret.
    QJsonObject toJson() const;

Q_SIGNALS:
    void stateChanged(sanctum::TenantSession::State state);
    void deviceCodeReady(const sanctum::DeviceAuthorization &authorization);
    void signInFailed(const sanctum::Error &error);
    void signedOut(bool revoked, const QString &message);
    void connectionChecked(const sanctum::Connection &connection);

private:
    QString secretKey(const char *what) const;
    void setState(State s);
    void onLoggedIn(const QJsonObject &identity, const QByteArray &refreshToken);
    void onLoginFailed(const Error &error);
    void onLoggedOut(bool revoked, const QString &message);
    void audit(const QString &actor, const QString &action, const QJsonObject &details);

    AuditLog &m_audit;
    const Clock &m_clock;
    TenantStore m_store;
    ConnectionStore m_connections;
    SecretStore *m_secrets;
    AuthService *m_auth;
    std::optional<TenantConfig> m_config; // without the secret
    bool m_persisted = false;
    QHash<QString, UpstreamRevocation> m_revocations; // without the app secrets
    State m_state = State::NoTenant;
    QJsonObject m_identity;
    QString m_lastError;
    // Who asked for the sign-in or sign-out under way: its audit entry,
    // written when the tenant answers, names them.
    QString m_actor = Actor::system();
    static constexpr int kFirstRetryMs = 2000;
    static constexpr int kMaxRetryMs = 5 * 60 * 1000;
    bool m_revocationPending = false;
    int m_retryDelayMs = kFirstRetryMs;
};

} // namespace sanctum
