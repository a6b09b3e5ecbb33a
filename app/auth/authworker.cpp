#include "auth/authworker.h"

#include "providers/provider.h"

#include "auth/connectedaccountflow.h"

#include "auth/deviceflow.h"
#include "auth/loginflow.h"
#include "domain/clock.h"
#include "domain/logging.h"
#include "domain/securerandom.h"
#include "upstream/httpclient.h"

namespace sanctum {

namespace {
const QString kScope = QStringLiteral("openid profile email offline_access");

Error notConfigured()
{
    return Error{QStringLiteral("not_configured"), QStringLiteral("no tenant is configured")};
}

Error notLoggedIn()
{
    return Error{QStringLiteral("not_logged_in"), QStringLiteral("the operator is not signed in to the tenant")};
}
} // namespace

AuthWorker::AuthWorker(const Clock &clock)
    : m_clock(clock)
    , m_cache(clock)
{
}

AuthWorker::~AuthWorker()
{
    secureZero(m_refreshToken);
}

void AuthWorker::configure(const TenantConfig &config)
{
    // Built here, on the worker's thread, so the network manager belongs to it.
    delete m_login;
    delete m_device;
    delete m_client;
    m_login = nullptr;
    m_device = nullptr;
    if (!m_http)
        m_http = new HttpClient(m_clock, this);
    m_client = new OidcClient(*m_http, m_clock, config, this);
    forgetUpstreamToken({});
    // Exchanges with the old client will never answer; their callers must.
    const auto orphaned = std::exchange(m_fetching, {});
    for (const auto &callers : orphaned)
        for (const auto &caller : callers)
            caller(Error{QStringLiteral("cancelled"), QStringLiteral("the tenant configuration changed")});
}

void AuthWorker::restoreSession(const QByteArray &refreshToken)
{
    secureZero(m_refreshToken);
    m_refreshToken = refreshToken;
    m_signingOut = false;
}

void AuthWorker::loginWithBrowser(const QString &loginHint)
{
    if (!m_client)
        return Q_EMIT loginFailed(notConfigured());
    delete m_login;
    m_login = new LoginFlow(*m_client, this);
    connect(m_login, &LoginFlow::succeeded, this, &AuthWorker::finishLogin);
    connect(m_login, &LoginFlow::failed, this, &AuthWorker::loginFailed);
    QUrlQuery extra;
    if (!loginHint.isEmpty())
        extra.addQueryItem(QStringLiteral("login_hint"), loginHint);
    m_login->start(kScope, extra);
}

void AuthWorker::loginWithDevice()
{
    if (!m_client)
        return Q_EMIT loginFailed(notConfigured());
    delete m_device;
    m_device = new DeviceFlow(*m_client, m_clock, this);
    connect(m_device, &DeviceFlow::codeReady, this, &AuthWorker::deviceCodeReady);
    connect(m_device, &DeviceFlow::succeeded, this, &AuthWorker::finishLogin);
    connect(m_device, &DeviceFlow::failed, this, &AuthWorker::loginFailed);
    m_device->start(kScope);
}

void AuthWorker::finishLogin(const TokenSet &tokens, const QJsonObject &claims)
{
    if (tokens.refreshToken.isEmpty())
        return Q_EMIT loginFailed(Error{QStringLiteral("no_refresh_token"),
                                        QStringLiteral("the tenant gave no refresh token; Token Vault needs one "
                                                       "(allow offline access for this application)")});
    secureZero(m_refreshToken);
    m_refreshToken = tokens.refreshToken;
    m_signingOut = false;
    forgetUpstreamToken({});
    const QJsonObject identity{
        {QStringLiteral("sub"), claims.value(QStringLiteral("sub"))},
        {QStringLiteral("name"), claims.value(QStringLiteral("name"))},
        {QStringLiteral("email"), claims.value(QStringLiteral("email"))},
        {QStringLiteral("issuer"), claims.value(QStringLiteral("iss"))},
        {QStringLiteral("token_expires_at"),
         tokens.expiresAt.isValid() ? QJsonValue(tokens.expiresAt.toString(Qt::ISODate)) : QJsonValue()}};
    Q_EMIT loggedIn(identity, m_refreshToken);
}

void AuthWorker::logout()
{
    forgetUpstreamToken({});
    // The session ends now: no upstream token is handed out from here on,
    // whatever the tenant says about the revocation.
    m_signingOut = true;
    if (!m_client || m_refreshToken.isEmpty()) {
        secureZero(m_refreshToken);
        return Q_EMIT loggedOut(true, QStringLiteral("not signed in"));
    }
    const QByteArray token = m_refreshToken;
    m_client->revokeRefreshToken(token, [this](Status s) {
        if (s) {
            secureZero(m_refreshToken);
            return Q_EMIT loggedOut(true, QStringLiteral("signed out; the refresh token is revoked"));
        }
        // Not confirmed: the token stays valid at the tenant, so it is kept
        // (unusable here) for the caller to retry the revocation with logout().
        Q_EMIT loggedOut(false,
                         QStringLiteral("signed out here, but the tenant did not confirm the revocation (%1); "
                                        "retrying")
                             .arg(s.error().message));
    });
}

void AuthWorker::fetchUpstreamToken(const QString &connection, std::function<void(Expected<UpstreamToken>)> done)
{
    if (!m_client)
        return done(notConfigured());
    if (m_refreshToken.isEmpty() || m_signingOut)
        return done(notLoggedIn());
    if (const auto cached = m_cache.get(connection))
        return done(*cached);
    auto &waiting = m_fetching[connection];
    waiting.append(std::move(done));
    if (waiting.size() > 1)
        return; // an exchange for this connection is already on its way
    auto finish = [this, connection](Expected<UpstreamToken> t) {
        if (t)
            m_cache.put(*t);
        const QList<std::function<void(Expected<UpstreamToken>)>> callers = m_fetching.take(connection);
        for (const auto &caller : callers)
            caller(t);
    };
    auto exchange = [this, connection, finish] { m_client->exchangeForUpstream(m_refreshToken, connection, finish); };
    if (m_client->metadata())
        return exchange();
    m_client->discover([exchange, finish](Status s) {
        if (!s)
            return finish(s.error());
        exchange();
    });
}

void AuthWorker::requestUpstreamToken(quint64 requestId, const QString &connection)
{
    fetchUpstreamToken(connection, [this, requestId](Expected<UpstreamToken> t) {
        if (t)
            Q_EMIT upstreamTokenReady(requestId, *t);
        else
            Q_EMIT upstreamTokenFailed(requestId, t.error());
    });
}

void AuthWorker::revokeUpstreamToken(quint64 requestId, const QString &connection, const UpstreamRevocation &where)
{
    // The token to kill is the one Token Vault hands out now: cached, or fetched.
    fetchUpstreamToken(connection, [this, requestId, connection, where](Expected<UpstreamToken> t) {
        if (!t)
            return Q_EMIT upstreamTokenRevoked(requestId, t.error());
        forgetUpstreamToken(connection);
        const Provider *provider = Provider::find(connection);
        if (!provider)
            return Q_EMIT upstreamTokenRevoked(
                requestId,
                Error{QStringLiteral("unsupported"), tr("Sanctum cannot revoke %1's tokens upstream").arg(connection)});
        provider->revoke(*m_http, where, t->accessToken, [this, requestId](Status s) {
            Q_EMIT upstreamTokenRevoked(requestId, s ? Error{} : s.error());
        });
    });
}

void AuthWorker::reconnectAccount(quint64 requestId, const QString &connection, const QStringList &scopes)
{
    // The token in use now is kept aside first, so that afterwards the
    // upstream can be asked whether it still works.
    fetchUpstreamToken(connection, [this, requestId, connection, scopes](Expected<UpstreamToken> current) {
        if (!current)
            return Q_EMIT accountReconnected(
                requestId,
                {},
                Error{current.error().code, tr("getting the current token failed: %1").arg(current.error().message)});
        m_retired.insert(connection, current->accessToken);
        ScopeSet wanted;
        for (const QString &s : scopes)
            wanted.insert(s);
        auto *flow = new ConnectedAccountFlow(*m_client, *m_http, this);
        connect(flow, &ConnectedAccountFlow::refreshTokenRotated, this, [this](const QByteArray &token) {
            m_refreshToken = token;
            Q_EMIT refreshTokenChanged(token);
        });
        connect(
            flow, &ConnectedAccountFlow::succeeded, this, [this, flow, requestId, connection](const ScopeSet &held) {
                flow->deleteLater();
                forgetUpstreamToken(connection); // the account's token changed with it
                Q_EMIT accountReconnected(requestId, held.toList(), {});
            });
        connect(flow, &ConnectedAccountFlow::failed, this, [this, flow, requestId, connection](const Error &e) {
            flow->deleteLater();
            QByteArray retired = m_retired.take(connection);
            secureZero(retired);
            Q_EMIT accountReconnected(requestId, {}, e);
        });
        flow->start(m_refreshToken, connection, wanted);
    });
}

void AuthWorker::checkUpstreamScopes(quint64 requestId, const QString &connection)
{
    const Provider *provider = Provider::find(connection);
    const QUrl base = m_client && provider ? Provider::apiBase(m_client->config(), connection) : QUrl();
    const auto probe = [provider, base](const QByteArray &token) { return provider->heldScopesProbe(base, token); };
    forgetUpstreamToken(connection);
    fetchUpstreamToken(connection, [this, requestId, connection, provider, base, probe](Expected<UpstreamToken> fresh) {
        if (!fresh)
            return Q_EMIT upstreamScopesChecked(requestId, {}, 0, fresh.error());
        if (!provider || !base.isValid() || base.isRelative())
            return Q_EMIT upstreamScopesChecked(
                requestId,
                {},
                0,
                Error{QStringLiteral("no_api_base"),
                      tr("Sanctum does not know where %1's API answers").arg(connection)});
        m_http->send(probe(fresh->accessToken),
                     [this, requestId, connection, provider, probe](Expected<ClientResponse> r) {
                         if (!r)
                             return Q_EMIT upstreamScopesChecked(requestId, {}, 0, r.error());
                         const QStringList held = provider->heldScopes(*r).toList();
                         QByteArray retired = m_retired.take(connection);
                         if (retired.isEmpty())
                             return Q_EMIT upstreamScopesChecked(requestId, held, 0, {});
                         m_http->send(probe(retired), [this, requestId, held](Expected<ClientResponse> old) {
                             const int status = old ? old->status : old.error().httpStatus;
                             Q_EMIT upstreamScopesChecked(requestId, held, status, {});
                         });
                         secureZero(retired);
                     });
    });
}

void AuthWorker::dropUpstreamToken(const QString &connection)
{
    forgetUpstreamToken(connection);
}

void AuthWorker::upstreamAccess(const QString &connection, std::function<void(Expected<UpstreamAccess>)> done)
{
    fetchUpstreamToken(connection, [this, connection, done = std::move(done)](Expected<UpstreamToken> token) {
        if (!token)
            return done(token.error());
        if (!m_client) // configured away meanwhile
            return done(notConfigured());
        done(UpstreamAccess{std::move(token).value(), Provider::apiBase(m_client->config(), connection)});
    });
}

void AuthWorker::forgetUpstreamToken(const QString &connection)
{
    if (connection.isEmpty())
        m_cache.clear();
    else
        m_cache.drop(connection);
    Q_EMIT upstreamTokenDropped(connection);
}

} // namespace sanctum
