#pragma once

#include "auth/oidcclient.h"
#include "domain/error.h"
#include "domain/tokenset.h"
#include "domain/upstreamrevocation.h"
#include "upstream/upstreamtokencache.h"

#include <QJsonObject>
#include <QObject>

#include <functional>

namespace sanctum {

class Clock;
class DeviceFlow;
class HttpClient;
class LoginFlow;

// Does every call to the tenant, on its own thread: it owns the HTTP client
// (and so the QNetworkAccessManager), the OIDC client, the login flows and the
// upstream token cache. Nothing here is called directly from another thread:
// AuthService reaches it through queued calls and hears back through signals.
class AuthWorker : public QObject {
    Q_OBJECT
public:
    explicit AuthWorker(const Clock &clock);
    ~AuthWorker() override;

public Q_SLOTS:
    void configure(const sanctum::TenantConfig &config);
    // The refresh token the keychain held from an earlier run, if any.
    void restoreSession(const QByteArray &refreshToken);
    void loginWithBrowser(const QString &loginHint);
    void loginWithDevice();
    void logout();
    void requestUpstreamToken(quint64 requestId, const QString &connection);
    void dropUpstreamToken(const QString &connection);
    // The connection's upstream token and its API's address, for the
    // forwarders on the broker threads; `done` runs on this thread.
    void upstreamAccess(const QString &connection, std::function<void(Expected<sanctum::UpstreamAccess>)> done);
    // An agent's call through the broker, made with the upstream token.
    // Kills the connection's current upstream token at the upstream itself.
    void revokeUpstreamToken(quint64 requestId, const QString &connection, const sanctum::UpstreamRevocation &where);
    // Reconnects the connected account behind `connection` with `scopes`
    // (My Account API, the operator confirming in the browser). The token
    // it had is kept aside, unused, for checkUpstreamScopes().
    void reconnectAccount(quint64 requestId, const QString &connection, const QStringList &scopes);
    // Fetches the connection's token anew and asks the upstream which scopes
    // it holds (GitHub's X-OAuth-Scopes); the token kept aside by a
    // reconnection is tried once too and then forgotten.
    void checkUpstreamScopes(quint64 requestId, const QString &connection);

Q_SIGNALS:
    void loggedIn(const QJsonObject &identity, const QByteArray &refreshToken);
    void deviceCodeReady(const sanctum::DeviceAuthorization &authorization);
    void loginFailed(const sanctum::Error &error);
    // `revoked` tells whether the tenant confirmed the refresh token's revocation.
    void loggedOut(bool revoked, const QString &message);
    void upstreamTokenReady(quint64 requestId, const sanctum::UpstreamToken &token);
    void upstreamTokenFailed(quint64 requestId, const sanctum::Error &error);
    void upstreamTokenRevoked(quint64 requestId, const sanctum::Error &error); // error.code empty: confirmed
    // error.code empty: done; `scopes` as the tenant reports them.
    void accountReconnected(quint64 requestId, const QStringList &scopes, const sanctum::Error &error);
    // `retiredStatus`: the upstream's HTTP status for the token the account
    // had before its reconnection (0 when there was none to try).
    void upstreamScopesChecked(quint64 requestId, const QStringList &scopes, int retiredStatus,
                               const sanctum::Error &error);
    // A tenant that rotates refresh tokens gave a new one.
    void refreshTokenChanged(const QByteArray &refreshToken);
    // The connection's upstream token was dropped (empty: every one's); a
    // copy held anywhere else must go too.
    void upstreamTokenDropped(const QString &connection);

private:
    // Every copy of the connection's token dies with the cached one: the
    // broker threads' included. Empty: every connection's.
    void forgetUpstreamToken(const QString &connection);
    void fetchUpstreamToken(const QString &connection, std::function<void(Expected<UpstreamToken>)> done);
    void finishLogin(const TokenSet &tokens, const QJsonObject &claims);

    const Clock &m_clock;
    HttpClient *m_http = nullptr;
    OidcClient *m_client = nullptr;
    LoginFlow *m_login = nullptr;
    DeviceFlow *m_device = nullptr;
    UpstreamTokenCache m_cache;
    // Token Vault exchanges in flight, by connection: callers that ask
    // meanwhile wait for the same answer instead of starting their own.
    QHash<QString, QList<std::function<void(Expected<UpstreamToken>)>>> m_fetching;
    QByteArray m_refreshToken;
    QHash<QString, QByteArray> m_retired; // connection → its token before a reconnection
    bool m_signingOut = false;            // a sign-out whose revocation is not confirmed yet
};

} // namespace sanctum
