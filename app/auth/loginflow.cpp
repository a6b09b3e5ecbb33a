#include "auth/loginflow.h"

#include "auth/browserlauncher.h"
#include "auth/loopbacklistener.h"
#include "auth/oidcclient.h"
#include "domain/logging.h"
#include "domain/securerandom.h"

namespace sanctum {

LoginFlow::LoginFlow(OidcClient &client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{
}

LoginFlow::~LoginFlow() = default;

void LoginFlow::start(const QString &scope, const QUrlQuery &extra)
{
    m_scope = scope;
    m_extra = extra;
    m_finished = false;
    if (m_client.metadata()) {
        begin();
        return;
    }
    m_client.discover([this](Status s) {
        if (!s)
            return fail(s.error());
        begin();
    });
}

void LoginFlow::begin()
{
    m_pkce = Pkce::generate();
    m_state = QString::fromLatin1(
        SecureRandom::bytes(24).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    m_nonce = QString::fromLatin1(
        SecureRandom::bytes(24).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));

    m_listener = new LoopbackListener(this);
    if (Status s = m_listener->listen(); !s)
        return fail(s.error());
    m_listener->setTimeout(m_timeoutMs);
    connect(m_listener, &LoopbackListener::callbackReceived, this, &LoginFlow::onCallback);
    connect(m_listener, &LoopbackListener::failed, this, &LoginFlow::fail);

    QUrl url = m_client.authorizationUrl(m_listener->redirectUri(), m_state, m_nonce, m_pkce, m_scope);
    QUrlQuery q(url);
    for (const auto &[k, v] : m_extra.queryItems(QUrl::FullyDecoded))
        q.addQueryItem(k, QString::fromLatin1(QUrl::toPercentEncoding(v)));
    url.setQuery(q);
    if (Status s = BrowserLauncher::open(url); !s)
        return fail(s.error());
    Q_EMIT browserOpened(url);
}

void LoginFlow::onCallback(const QUrlQuery &query)
{
    const auto value = [&query](const char *name) {
        return query.queryItemValue(QLatin1String(name), QUrl::FullyDecoded);
    };
    // state first: a callback we did not ask for says nothing we may trust.
    if (!Digest::constantTimeEquals(value("state").toUtf8(), m_state.toUtf8()))
        return fail(
            Error{QStringLiteral("state_mismatch"),
                  QStringLiteral("the login answer does not belong to this login (state mismatch); try again")});
    // RFC 9207: the answer names its issuer, so a mix-up attack shows.
    const QString iss = value("iss");
    const QString issuer = m_client.metadata()->issuer.toString();
    if ((!iss.isEmpty() || m_client.metadata()->issParameterSupported) && !OidcMetadata::sameIssuer(iss, issuer))
        return fail(Error{QStringLiteral("issuer_mismatch"),
                          QStringLiteral("the login answer came from '%1', not from the configured tenant").arg(iss)});
    if (!value("error").isEmpty()) {
        const QString description = value("error_description");
        return fail(Error{value("error"),
                          description.isEmpty() ? QStringLiteral("the tenant refused the login") : description});
    }
    const QByteArray code = value("code").toUtf8();
    if (code.isEmpty())
        return fail(Error{QStringLiteral("bad_response"), QStringLiteral("the login answer carries no code")});

    m_client.exchangeCode(code, m_listener->redirectUri(), m_pkce, [this](Expected<TokenSet> tokens) {
        if (!tokens)
            return fail(tokens.error());
        if (tokens->idToken.isEmpty())
            return fail(Error{QStringLiteral("bad_response"), QStringLiteral("the tenant sent no ID token")});
        const TokenSet set = *tokens;
        m_client.verifyIdToken(set.idToken, m_nonce, [this, set](Expected<QJsonObject> claims) {
            if (!claims)
                return fail(claims.error());
            m_finished = true;
            qCInfo(lcAuth).noquote() << "signed in as" << claims->value(QStringLiteral("sub")).toString();
            Q_EMIT succeeded(set, *claims);
        });
    });
}

void LoginFlow::fail(const Error &error)
{
    if (m_finished)
        return;
    m_finished = true;
    if (m_listener)
        m_listener->close();
    qCWarning(lcAuth).noquote() << "login failed:" << error.message;
    Q_EMIT failed(error);
}

} // namespace sanctum
