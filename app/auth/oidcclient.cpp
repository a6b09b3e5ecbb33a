#include "auth/oidcclient.h"

#include "auth/jwtverifier.h"
#include "domain/clock.h"
#include "domain/logging.h"
#include "upstream/httpclient.h"

#include <QUrlQuery>

namespace sanctum {

namespace {
Error notDiscovered()
{
    return Error{QStringLiteral("not_configured"), QStringLiteral("the tenant's configuration was not loaded yet")};
}

Error missingEndpoint(const char *what)
{
    return Error{QStringLiteral("unsupported"), QStringLiteral("the tenant offers no %1").arg(QLatin1String(what))};
}
} // namespace

OidcClient::OidcClient(HttpClient &http, const Clock &clock, const TenantConfig &config, QObject *parent)
    : QObject(parent)
    , m_http(http)
    , m_clock(clock)
    , m_config(config)
    , m_jwks(clock)
{
}

void OidcClient::discover(StatusDone done)
{
    ClientRequest r;
    r.url = OidcMetadata::discoveryUrl(m_config.issuer);
    m_http.send(r, [this, done = std::move(done)](Expected<ClientResponse> response) {
        if (!response)
            return done(response.error());
        Expected<OidcMetadata> metadata = OidcMetadata::fromJson(response->json, m_config.issuer);
        if (!metadata)
            return done(metadata.error());
        m_metadata = *metadata;
        done(Done{});
    });
}

void OidcClient::fetchJwks(StatusDone done)
{
    if (!m_metadata)
        return done(notDiscovered());
    ClientRequest r;
    r.url = m_metadata->jwksUri;
    m_http.send(r, [this, done = std::move(done)](Expected<ClientResponse> response) {
        if (!response)
            return done(response.error());
        Expected<JwkSet> keys = JwkSet::fromJson(response->json);
        if (!keys)
            return done(keys.error());
        for (const QString &skipped : keys->skipped())
            qCInfo(lcAuth).noquote() << "ignoring a key of the tenant's JWKS:" << skipped;
        m_jwks.store(*keys);
        done(Done{});
    });
}

void OidcClient::verifyIdToken(const QByteArray &idToken, const QString &nonce, Reply<QJsonObject> done)
{
    if (m_jwks.isEmpty()) {
        fetchJwks([=, this, done = std::move(done)](Status s) mutable {
            if (!s)
                return done(s.error());
            verifyWithKeys(idToken, nonce, false, std::move(done));
        });
        return;
    }
    verifyWithKeys(idToken, nonce, true, std::move(done));
}

void OidcClient::verifyWithKeys(const QByteArray &idToken, const QString &nonce, bool mayRefetch,
                                Reply<QJsonObject> done)
{
    JwtExpectations expect;
    expect.issuer = m_metadata ? m_metadata->issuer.toString() : m_config.issuer.toString();
    expect.audiences = {m_config.clientId};
    expect.authorizedParty = m_config.clientId;
    expect.nonce = nonce;
    Expected<QJsonObject> claims = JwtVerifier::verify(idToken, m_jwks.keys(), expect, m_clock.now());
    if (!claims && claims.error().code == QStringLiteral("jwt_unknown_kid") && mayRefetch) {
        const Expected<JwtParts> parts = JwtVerifier::parse(idToken);
        if (parts && m_jwks.shouldRefetchFor(parts->kid)) {
            // The tenant may have rotated its keys since we last looked.
            qCInfo(lcAuth) << "unknown signing key; fetching the tenant's keys again";
            fetchJwks([=, this, done = std::move(done)](Status s) mutable {
                if (!s)
                    return done(s.error());
                verifyWithKeys(idToken, nonce, false, std::move(done));
            });
            return;
        }
    }
    done(std::move(claims));
}

QUrl OidcClient::authorizationUrl(const QUrl &redirectUri, const QString &state, const QString &nonce, const Pkce &pkce,
                                  const QString &scope) const
{
    if (!m_metadata)
        return {};
    QUrl url = m_metadata->authorizationEndpoint;
    QUrlQuery q(url);
    // Values go in percent-encoded: QUrlQuery would leave a '+' as it is,
    // and a server decodes that as a space.
    auto add = [&q](const QString &key, const QString &value) {
        q.addQueryItem(key, QString::fromLatin1(QUrl::toPercentEncoding(value)));
    };
    add(QStringLiteral("response_type"), QStringLiteral("code"));
    add(QStringLiteral("client_id"), m_config.clientId);
    add(QStringLiteral("redirect_uri"), redirectUri.toString());
    add(QStringLiteral("scope"), scope);
    add(QStringLiteral("state"), state);
    add(QStringLiteral("nonce"), nonce);
    add(QStringLiteral("code_challenge"), QString::fromLatin1(pkce.challenge()));
    add(QStringLiteral("code_challenge_method"), QString::fromLatin1(Pkce::method()));
    if (!m_config.audience.isEmpty())
        add(QStringLiteral("audience"), m_config.audience);
    url.setQuery(q);
    return url;
}

QList<std::pair<QString, QString>> OidcClient::clientAuth() const
{
    QList<std::pair<QString, QString>> fields{{QStringLiteral("client_id"), m_config.clientId}};
    if (!m_config.clientSecret.isEmpty())
        fields.append({QStringLiteral("client_secret"), QString::fromUtf8(m_config.clientSecret)});
    return fields;
}

bool OidcClient::requireMetadata(const std::function<void(Error)> &fail) const
{
    if (m_metadata)
        return true;
    fail(notDiscovered());
    return false;
}

void OidcClient::tokenRequest(const QList<std::pair<QString, QString>> &fields, bool retry, Reply<TokenSet> done)
{
    ClientRequest r = ClientRequest::form(m_metadata->tokenEndpoint, fields + clientAuth());
    r.retry = retry;
    m_http.send(r, [this, done = std::move(done)](Expected<ClientResponse> response) {
        if (!response)
            return done(response.error());
        TokenSet tokens;
        if (!TokenSet::fromJson(response->json, m_clock.now(), &tokens))
            return done(
                Error{QStringLiteral("bad_response"), QStringLiteral("the tenant's answer has no access token")});
        done(std::move(tokens));
    });
}

void OidcClient::exchangeCode(const QByteArray &code, const QUrl &redirectUri, const Pkce &pkce, Reply<TokenSet> done)
{
    if (!requireMetadata(done))
        return;
    // A code is single-use: a blind retry after a lost answer would only be refused.
    tokenRequest({{QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
                  {QStringLiteral("code"), QString::fromLatin1(code)},
                  {QStringLiteral("redirect_uri"), redirectUri.toString()},
                  {QStringLiteral("code_verifier"), QString::fromLatin1(pkce.verifier())}},
                 false,
                 std::move(done));
}

void OidcClient::refresh(const QByteArray &refreshToken, Reply<TokenSet> done)
{
    if (!requireMetadata(done))
        return;
    tokenRequest({{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
                  {QStringLiteral("refresh_token"), QString::fromUtf8(refreshToken)}},
                 false,
                 std::move(done));
}

void OidcClient::refreshForAudience(const QByteArray &refreshToken, const QString &audience, const QString &scope,
                                    Reply<TokenSet> done)
{
    if (!requireMetadata(done))
        return;
    tokenRequest({{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
                  {QStringLiteral("refresh_token"), QString::fromUtf8(refreshToken)},
                  {QStringLiteral("audience"), audience},
                  {QStringLiteral("scope"), scope}},
                 false,
                 std::move(done));
}

QString OidcClient::myAccountAudience() const
{
    QString base = m_config.issuer.toString();
    if (!base.endsWith(QLatin1Char('/')))
        base += QLatin1Char('/');
    return base + QStringLiteral("me/");
}

void OidcClient::startDeviceAuthorization(const QString &scope, Reply<DeviceAuthorization> done)
{
    if (!requireMetadata(done))
        return;
    if (m_metadata->deviceAuthorizationEndpoint.isEmpty())
        return done(missingEndpoint("device authorization"));
    QList<std::pair<QString, QString>> fields{{QStringLiteral("scope"), scope}};
    if (!m_config.audience.isEmpty())
        fields.append({QStringLiteral("audience"), m_config.audience});
    const ClientRequest r = ClientRequest::form(m_metadata->deviceAuthorizationEndpoint, fields + clientAuth());
    m_http.send(r, [this, done = std::move(done)](Expected<ClientResponse> response) {
        if (!response)
            return done(response.error());
        const QJsonObject &j = response->json;
        DeviceAuthorization d;
        d.deviceCode = j.value(QStringLiteral("device_code")).toString().toUtf8();
        d.userCode = j.value(QStringLiteral("user_code")).toString();
        d.verificationUri = QUrl(j.value(QStringLiteral("verification_uri")).toString());
        d.verificationUriComplete = QUrl(j.value(QStringLiteral("verification_uri_complete")).toString());
        d.intervalSecs = qMax(1, j.value(QStringLiteral("interval")).toInt(5));
        d.expiresAt = m_clock.now().addSecs(j.value(QStringLiteral("expires_in")).toInt(600));
        if (d.deviceCode.isEmpty() || d.userCode.isEmpty() || !d.verificationUri.isValid())
            return done(Error{QStringLiteral("bad_response"),
                              QStringLiteral("the tenant's device authorization answer is incomplete")});
        done(std::move(d));
    });
}

void OidcClient::pollDevice(const QByteArray &deviceCode, Reply<TokenSet> done)
{
    if (!requireMetadata(done))
        return;
    tokenRequest(
        {{QStringLiteral("grant_type"), kDeviceGrant}, {QStringLiteral("device_code"), QString::fromUtf8(deviceCode)}},
        false,
        std::move(done));
}

void OidcClient::revokeRefreshToken(const QByteArray &refreshToken, StatusDone done)
{
    if (!requireMetadata(done))
        return;
    if (m_metadata->revocationEndpoint.isEmpty())
        return done(missingEndpoint("token revocation"));
    ClientRequest revoke = ClientRequest::form(
        m_metadata->revocationEndpoint,
        QList<std::pair<QString, QString>>{{QStringLiteral("token"), QString::fromUtf8(refreshToken)},
                                           {QStringLiteral("token_type_hint"), QStringLiteral("refresh_token")}} +
            clientAuth());
    revoke.expectJson = false; // RFC 7009: 200 with any (usually empty) body
    m_http.send(revoke, [done = std::move(done)](Expected<ClientResponse> response) {
        if (!response)
            return done(response.error());
        done(Done{});
    });
}

void OidcClient::exchangeForUpstream(const QByteArray &refreshToken, const QString &connection,
                                     Reply<UpstreamToken> done)
{
    if (!requireMetadata(done))
        return;
    ClientRequest r = ClientRequest::form(
        m_metadata->tokenEndpoint,
        QList<std::pair<QString, QString>>{{QStringLiteral("grant_type"), kTokenVaultGrant},
                                           {QStringLiteral("subject_token"), QString::fromUtf8(refreshToken)},
                                           {QStringLiteral("subject_token_type"), kRefreshTokenType},
                                           {QStringLiteral("requested_token_type"), kFederatedTokenType},
                                           {QStringLiteral("connection"), connection}} +
            clientAuth());
    m_http.send(r, [this, connection, done = std::move(done)](Expected<ClientResponse> response) {
        if (!response)
            return done(response.error());
        const QJsonObject &j = response->json;
        UpstreamToken t;
        t.connection = connection;
        t.accessToken = j.value(QStringLiteral("access_token")).toString().toUtf8();
        t.issuedTokenType = j.value(QStringLiteral("issued_token_type")).toString();
        ScopeSet::parse(j.value(QStringLiteral("scope")).toString(), &t.scopes);
        if (const double in = j.value(QStringLiteral("expires_in")).toDouble(0); in > 0)
            t.expiresAt = m_clock.now().addSecs(qint64(in));
        else if (const double at = j.value(QStringLiteral("expires_at")).toDouble(0); at > 0)
            t.expiresAt = QDateTime::fromSecsSinceEpoch(qint64(at), Qt::UTC);
        if (t.accessToken.isEmpty())
            return done(Error{QStringLiteral("bad_response"), QStringLiteral("Token Vault answered without a token")});
        done(std::move(t));
    });
}

} // namespace sanctum
