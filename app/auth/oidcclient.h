#pragma once

#include "auth/jwkscache.h"
#include "auth/oidcmetadata.h"
#include "auth/pkce.h"
#include "domain/error.h"
#include "domain/tenantconfig.h"
#include "domain/tokenset.h"

#include <QHash>
#include <QObject>
#include <QUrl>

#include <functional>
#include <optional>

namespace sanctum {

class Clock;
class HttpClient;

// The OAuth 2.0 / OIDC conversations with one tenant (Auth0 or the sandbox),
// each one request through HttpClient. Lives on the auth worker's thread.
class OidcClient : public QObject {
    Q_OBJECT
public:
    static inline const QString kTokenVaultGrant =
        QStringLiteral("urn:auth0:params:oauth:grant-type:token-exchange:federated-connection-access-token");
    static inline const QString kRefreshTokenType = QStringLiteral("urn:ietf:params:oauth:token-type:refresh_token");
    static inline const QString kFederatedTokenType =
        QStringLiteral("http://auth0.com/oauth/token-type/federated-connection-access-token");
    static inline const QString kDeviceGrant = QStringLiteral("urn:ietf:params:oauth:grant-type:device_code");

    OidcClient(HttpClient &http, const Clock &clock, const TenantConfig &config, QObject *parent = nullptr);

    const TenantConfig &config() const { return m_config; }
    const std::optional<OidcMetadata> &metadata() const { return m_metadata; }

    template<typename T>
    using Reply = std::function<void(Expected<T>)>;
    using StatusDone = std::function<void(Status)>;

    void discover(StatusDone done);
    void fetchJwks(StatusDone done);
    // Verifies an ID token for this client; an unknown kid triggers one JWKS refetch.
    void verifyIdToken(const QByteArray &idToken, const QString &nonce, Reply<QJsonObject> done);

    QUrl authorizationUrl(const QUrl &redirectUri, const QString &state, const QString &nonce, const Pkce &pkce,
                          const QString &scope) const;
    void exchangeCode(const QByteArray &code, const QUrl &redirectUri, const Pkce &pkce, Reply<TokenSet> done);
    void refresh(const QByteArray &refreshToken, Reply<TokenSet> done);
    // An access token for another API of the tenant from the same refresh
    // token (Auth0's multi-resource refresh tokens), e.g. My Account.
    void refreshForAudience(const QByteArray &refreshToken, const QString &audience, const QString &scope,
                            Reply<TokenSet> done);
    // Auth0's My Account API of this tenant: https://{domain}/me/.
    QString myAccountAudience() const;
    void startDeviceAuthorization(const QString &scope, Reply<DeviceAuthorization> done);
    // One poll; authorization_pending and slow_down come back as errors with those codes.
    void pollDevice(const QByteArray &deviceCode, Reply<TokenSet> done);
    // RFC 7009; done only once the tenant confirmed.
    void revokeRefreshToken(const QByteArray &refreshToken, StatusDone done);
    // Token Vault: the connection's upstream token for the user holding `refreshToken`.
    void exchangeForUpstream(const QByteArray &refreshToken, const QString &connection, Reply<UpstreamToken> done);

private:
    bool requireMetadata(const std::function<void(Error)> &fail) const;
    QList<std::pair<QString, QString>> clientAuth() const;
    void tokenRequest(const QList<std::pair<QString, QString>> &fields, bool retry, Reply<TokenSet> done);
    void verifyWithKeys(const QByteArray &idToken, const QString &nonce, bool mayRefetch, Reply<QJsonObject> done);

    HttpClient &m_http;
    const Clock &m_clock;
    TenantConfig m_config;
    std::optional<OidcMetadata> m_metadata;
    JwksCache m_jwks;
};

} // namespace sanctum
