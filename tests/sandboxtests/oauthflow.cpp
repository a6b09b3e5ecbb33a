#include "oauthflow.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QRandomGenerator>

namespace sanctum::test {

namespace {

const auto Base64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

} // namespace

Pkce Pkce::generate()
{
    QByteArray random(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(random.data()), random.size() / 4);
    Pkce pkce;
    pkce.verifier = random.toBase64(Base64Url);
    pkce.challenge = QCryptographicHash::hash(pkce.verifier, QCryptographicHash::Sha256).toBase64(Base64Url);
    return pkce;
}

QString loopbackRedirect(quint16 port)
{
    return QStringLiteral("http://127.0.0.1:%1/callback").arg(port);
}

AuthorizeResult authorize(SandboxHttp &http, const SandboxTenant &tenant, const QUrlQuery &params, int maxHops)
{
    QUrl url = tenant.tenantUrl(QStringLiteral("/authorize"));
    url.setQuery(params);
    return followRedirects(http, tenant, url, maxHops);
}

AuthorizeResult followRedirects(SandboxHttp &http, const SandboxTenant &tenant, QUrl url, int maxHops)
{
    AuthorizeResult result;
    while (result.hops < maxHops) {
        result.lastUrl = url;
        result.last = http.get(url);
        ++result.hops;
        if (result.last.status != 302 && result.last.status != 303) {
            return result;
        }
        const QUrl next = url.resolved(QUrl(QString::fromUtf8(result.last.header("Location"))));
        if (next.path() == QStringLiteral("/callback") || next.port() != tenant.issuer().port()) {
            result.callback = next;
            return result;
        }
        url = next;
    }
    return result;
}

QJsonObject signIn(SandboxHttp &http, const SandboxTenant &tenant, const QString &user, const QString &scope,
                   const QString &audience)
{
    const Pkce pkce = Pkce::generate();
    QUrlQuery params;
    params.addQueryItem(QStringLiteral("client_id"), tenant.clientId());
    params.addQueryItem(QStringLiteral("response_type"), QStringLiteral("code"));
    params.addQueryItem(QStringLiteral("redirect_uri"), loopbackRedirect());
    params.addQueryItem(QStringLiteral("scope"), scope);
    params.addQueryItem(QStringLiteral("state"), QStringLiteral("state-1"));
    params.addQueryItem(QStringLiteral("code_challenge"), QString::fromLatin1(pkce.challenge));
    params.addQueryItem(QStringLiteral("code_challenge_method"), QStringLiteral("S256"));
    params.addQueryItem(QStringLiteral("login_hint"), user);
    if (!audience.isEmpty()) {
        params.addQueryItem(QStringLiteral("audience"), audience);
    }
    http.resetCookies();
    const AuthorizeResult result = authorize(http, tenant, params);
    const QString code = result.callbackQuery().queryItemValue(QStringLiteral("code"));
    if (code.isEmpty()) {
        return {};
    }
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("authorization_code"));
    form.addQueryItem(QStringLiteral("code"), code);
    form.addQueryItem(QStringLiteral("redirect_uri"), loopbackRedirect());
    form.addQueryItem(QStringLiteral("code_verifier"), QString::fromLatin1(pkce.verifier));
    return tokenRequest(http, tenant, form).json();
}

HttpResponse tokenRequest(SandboxHttp &http, const SandboxTenant &tenant, QUrlQuery form)
{
    form.addQueryItem(QStringLiteral("client_id"), tenant.clientId());
    form.addQueryItem(QStringLiteral("client_secret"), tenant.clientSecret());
    return http.postForm(tenant.tenantUrl(QStringLiteral("/oauth/token")), form);
}

HttpResponse tokenVaultExchange(SandboxHttp &http, const SandboxTenant &tenant, const QString &refreshToken,
                                const QString &connection, bool withSecret)
{
    QUrlQuery form;
    form.addQueryItem(
        QStringLiteral("grant_type"),
        QStringLiteral("urn:auth0:params:oauth:grant-type:token-exchange:federated-connection-access-token"));
    form.addQueryItem(QStringLiteral("subject_token"), refreshToken);
    form.addQueryItem(QStringLiteral("subject_token_type"),
                      QStringLiteral("urn:ietf:params:oauth:token-type:refresh_token"));
    form.addQueryItem(QStringLiteral("requested_token_type"),
                      QStringLiteral("http://auth0.com/oauth/token-type/federated-connection-access-token"));
    form.addQueryItem(QStringLiteral("connection"), connection);
    if (withSecret) {
        return tokenRequest(http, tenant, form);
    }
    form.addQueryItem(QStringLiteral("client_id"), tenant.publicClientId());
    return http.postForm(tenant.tenantUrl(QStringLiteral("/oauth/token")), form);
}

QJsonObject jwtPart(const QString &jwt, int part)
{
    const QStringList parts = jwt.split(u'.');
    if (parts.size() != 3 || part < 0 || part > 1) {
        return {};
    }
    return QJsonDocument::fromJson(QByteArray::fromBase64(parts.at(part).toLatin1(), QByteArray::Base64UrlEncoding))
        .object();
}

HttpResponse upstreamCall(SandboxHttp &http, const SandboxTenant &tenant, const QByteArray &verb, const QString &path,
                          const QString &token, const QJsonObject &body)
{
    QNetworkRequest request(tenant.upstreamUrl(path));
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    request.setRawHeader("Accept", "application/vnd.github+json");
    if (verb == "GET")
        return http.send(verb, request);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    return http.send(verb, request, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

} // namespace sanctum::test
