#include "providers/github/githubprovider.h"

#include "upstream/httpclient.h"

#include <QJsonObject>

namespace sanctum {

namespace {
const QByteArray kAccept = QByteArrayLiteral("application/vnd.github+json");

QUrl under(const QUrl &base, const QString &path)
{
    QUrl url = base;
    QString prefix = url.path();
    while (prefix.endsWith(QLatin1Char('/')))
        prefix.chop(1);
    url.setPath(prefix + path);
    return url;
}
} // namespace

ClientRequest GitHubProvider::heldScopesProbe(const QUrl &apiBase, const QByteArray &accessToken) const
{
    // The signed-in user: every token may read it, and the answer carries X-OAuth-Scopes.
    ClientRequest r;
    r.url = under(apiBase, QStringLiteral("/user"));
    r.headers = {{QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer ") + accessToken},
                 {QByteArrayLiteral("User-Agent"), QByteArrayLiteral("Sanctum")},
                 {QByteArrayLiteral("Accept"), kAccept}};
    r.retry = false;
    return r;
}

void GitHubProvider::revoke(HttpClient &http, const UpstreamRevocation &where, const QByteArray &accessToken,
                            std::function<void(Status)> done) const
{
    if (!where.isConfigured())
        return done(Error{QStringLiteral("unsupported"),
                          QStringLiteral("no revocation is configured for this upstream; the token was only dropped")});
    const QUrl url = under(where.apiBase,
                           QStringLiteral("/applications/") +
                               QString::fromLatin1(QUrl::toPercentEncoding(where.clientId)) + QStringLiteral("/token"));
    ClientRequest r = ClientRequest::json(
        "DELETE", url, QJsonObject{{QStringLiteral("access_token"), QString::fromUtf8(accessToken)}});
    r.expectJson = false;
    const QByteArray credentials = where.clientId.toUtf8() + ':' + where.clientSecret;
    r.headers.append({QByteArrayLiteral("Authorization"), QByteArrayLiteral("Basic ") + credentials.toBase64()});
    r.headers.append({QByteArrayLiteral("Accept"), kAccept});
    http.send(r, [done = std::move(done)](Expected<ClientResponse> response) {
        // GitHub answers 404 alike for a wrong app and for a token it does not
        // know: not a confirmation, so not a completed revocation.
        if (!response && response.error().httpStatus == 404)
            return done(Error{QStringLiteral("not_confirmed"),
                              QStringLiteral("the upstream did not confirm the revocation (wrong app credentials, or "
                                             "a token it no longer knows)"),
                              404});
        if (!response)
            return done(response.error());
        done(Done{});
    });
}

} // namespace sanctum
