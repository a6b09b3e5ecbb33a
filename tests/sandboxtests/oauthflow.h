#pragma once

#include "sandboxhttp.h"
#include "sandboxtenant.h"

#include <QJsonObject>
#include <QUrl>
#include <QUrlQuery>

namespace sanctum::test {

// A PKCE verifier and its S256 challenge.
struct Pkce {
    QByteArray verifier;
    QByteArray challenge;
    static Pkce generate();
};

// Where an /authorize request ended: the loopback callback (not followed),
// or the page or error it stopped at.
struct AuthorizeResult {
    QUrl callback;     // set when the tenant redirected to the loopback redirect_uri
    QUrl lastUrl;      // where the last response came from
    HttpResponse last; // the last response seen
    int hops = 0;
    QUrlQuery callbackQuery() const { return QUrlQuery(callback); }
};

// Drives GET /authorize with `params`, following the tenant's own redirects
// (login and consent interactions) but not the final one to the loopback
// redirect URI.
AuthorizeResult authorize(SandboxHttp &http, const SandboxTenant &tenant, const QUrlQuery &params, int maxHops = 12);
// The same from any tenant URL (e.g. where a login form redirected to).
AuthorizeResult followRedirects(SandboxHttp &http, const SandboxTenant &tenant, QUrl url, int maxHops = 12);

// Authorization Code + PKCE for the confidential client, signed in as
// `user` through login_hint; returns the token endpoint's JSON.
QJsonObject signIn(SandboxHttp &http, const SandboxTenant &tenant, const QString &user = QStringLiteral("alice"),
                   const QString &scope = QStringLiteral("openid profile email offline_access"),
                   const QString &audience = {});

// POST /oauth/token with the confidential client's credentials in the body.
HttpResponse tokenRequest(SandboxHttp &http, const SandboxTenant &tenant, QUrlQuery form);

// The Token Vault exchange of `refreshToken` for `connection`'s upstream token.
HttpResponse tokenVaultExchange(SandboxHttp &http, const SandboxTenant &tenant, const QString &refreshToken,
                                const QString &connection = QStringLiteral("github"), bool withSecret = true);

// The decoded JSON of a JWT's header (part 0) or payload (part 1).
// A call to the GitHub-like upstream with an upstream token (none if empty);
// a JSON body for anything but GET.
HttpResponse upstreamCall(SandboxHttp &http, const SandboxTenant &tenant, const QByteArray &verb, const QString &path,
                          const QString &token, const QJsonObject &body = {});

QJsonObject jwtPart(const QString &jwt, int part);

QString loopbackRedirect(quint16 port = 53682);

} // namespace sanctum::test
