#include "auth/connectedaccountflow.h"

#include "auth/browserlauncher.h"
#include "auth/loopbacklistener.h"
#include "auth/oidcclient.h"
#include "domain/logging.h"
#include "domain/securerandom.h"
#include "domain/tokenset.h"
#include "upstream/httpclient.h"

#include <QJsonArray>

namespace sanctum {

ConnectedAccountFlow::ConnectedAccountFlow(OidcClient &client, HttpClient &http, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_http(http)
{
}

ConnectedAccountFlow::~ConnectedAccountFlow()
{
    secureZero(m_meToken);
}

QUrl ConnectedAccountFlow::meUrl(const QString &path) const
{
    return QUrl(m_client.myAccountAudience() + QStringLiteral("v1/connected-accounts") + path);
}

void ConnectedAccountFlow::start(const QByteArray &refreshToken, const QString &connection, const ScopeSet &scopes)
{
    m_connection = connection;
    m_scopes = scopes;
    m_finished = false;
    auto withToken = [this, refreshToken] {
        m_client.refreshForAudience(
            refreshToken, m_client.myAccountAudience(), kScopes, [this](Expected<TokenSet> tokens) {
                if (!tokens)
                    return fail(tr("getting a My Account token"), tokens.error());
                if (!tokens->refreshToken.isEmpty())
                    Q_EMIT refreshTokenRotated(tokens->refreshToken);
                connectAccount(tokens->accessToken);
            });
    };
    if (m_client.metadata())
        return withToken();
    m_client.discover([this, withToken](Status s) {
        if (!s)
            return fail(tr("reaching the tenant"), s.error());
        withToken();
    });
}

void ConnectedAccountFlow::connectAccount(const QByteArray &meToken)
{
    m_meToken = meToken;
    m_pkce = Pkce::generate();
    m_state = QString::fromLatin1(
        SecureRandom::bytes(24).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    m_listener = new LoopbackListener(this);
    if (Status s = m_listener->listen(); !s)
        return fail(tr("listening for the browser's answer"), s.error());
    m_listener->setTimeout(m_timeoutMs);
    connect(m_listener, &LoopbackListener::callbackReceived, this, &ConnectedAccountFlow::onCallback);
    connect(m_listener, &LoopbackListener::failed, this, [this](const Error &e) {
        fail(tr("waiting for the confirmation in the browser"), e);
    });

    ClientRequest r = ClientRequest::json("POST",
                                          meUrl(QStringLiteral("/connect")),
                                          {{QStringLiteral("connection"), m_connection},
                                           {QStringLiteral("redirect_uri"), m_listener->redirectUri().toString()},
                                           {QStringLiteral("state"), m_state},
                                           {QStringLiteral("code_challenge"), QString::fromLatin1(m_pkce.challenge())},
                                           {QStringLiteral("code_challenge_method"), QStringLiteral("S256")},
                                           {QStringLiteral("scopes"), QJsonArray::fromStringList(m_scopes.toList())}});
    r.headers.append({QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer ") + m_meToken});
    r.retry = false; // each connect opens a session of its own
    m_http.send(r, [this](Expected<ClientResponse> response) {
        if (!response)
            return fail(tr("starting the reconnection"), response.error());
        const QJsonObject &j = response->json;
        m_authSession = j.value(QStringLiteral("auth_session")).toString();
        QUrl page(j.value(QStringLiteral("connect_uri")).toString());
        const QString ticket =
            j.value(QStringLiteral("connect_params")).toObject().value(QStringLiteral("ticket")).toString();
        if (m_authSession.isEmpty() || !page.isValid() || page.isRelative() || ticket.isEmpty())
            return fail(tr("starting the reconnection"),
                        Error{QStringLiteral("bad_response"), tr("the tenant's answer has no connect page")});
        QUrlQuery q(page);
        q.addQueryItem(QStringLiteral("ticket"), QString::fromLatin1(QUrl::toPercentEncoding(ticket)));
        page.setQuery(q);
        if (Status s = BrowserLauncher::open(page); !s)
            return fail(tr("opening the browser"), s.error());
        qCInfo(lcAuth) << "reconnecting" << m_connection << "- waiting for the confirmation in the browser";
    });
}

void ConnectedAccountFlow::onCallback(const QUrlQuery &query)
{
    const auto value = [&query](const char *name) {
        return query.queryItemValue(QLatin1String(name), QUrl::FullyDecoded);
    };
    if (!Digest::constantTimeEquals(value("state").toUtf8(), m_state.toUtf8()))
        return fail(tr("the confirmation in the browser"),
                    Error{QStringLiteral("state_mismatch"), tr("the answer does not belong to this reconnection")});
    if (!value("error").isEmpty())
        return fail(tr("the confirmation in the browser"),
                    Error{value("error"),
                          value("error_description").isEmpty() ? tr("the reconnection was cancelled")
                                                               : value("error_description")});
    const QString code = value("connect_code");
    if (code.isEmpty())
        return fail(tr("the confirmation in the browser"),
                    Error{QStringLiteral("bad_response"), tr("the browser came back without a connect code")});

    ClientRequest r = ClientRequest::json("POST",
                                          meUrl(QStringLiteral("/complete")),
                                          {{QStringLiteral("auth_session"), m_authSession},
                                           {QStringLiteral("connect_code"), code},
                                           {QStringLiteral("redirect_uri"), m_listener->redirectUri().toString()},
                                           {QStringLiteral("code_verifier"), QString::fromLatin1(m_pkce.verifier())}});
    r.headers.append({QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer ") + m_meToken});
    r.retry = false; // a connect code is single-use
    m_http.send(r, [this](Expected<ClientResponse> response) {
        secureZero(m_meToken);
        if (!response)
            return fail(tr("completing the reconnection"), response.error());
        ScopeSet held;
        if (!ScopeSet::fromJson(response->json.value(QStringLiteral("scopes")).toArray(), &held))
            return fail(tr("completing the reconnection"),
                        Error{QStringLiteral("bad_response"), tr("the tenant's answer lists no valid scopes")});
        m_finished = true;
        if (m_listener)
            m_listener->close();
        Q_EMIT succeeded(held);
    });
}

void ConnectedAccountFlow::fail(const QString &step, const Error &error)
{
    if (m_finished)
        return;
    m_finished = true;
    secureZero(m_meToken);
    if (m_listener)
        m_listener->close();
    Q_EMIT failed(Error{error.code, tr("%1 failed: %2").arg(step, error.message), error.httpStatus});
}

} // namespace sanctum
