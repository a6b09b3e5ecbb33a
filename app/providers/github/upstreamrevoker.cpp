#include "providers/github/upstreamrevoker.h"

#include "upstream/httpclient.h"

#include <QJsonObject>

namespace sanctum {

void UpstreamRevoker::revoke(HttpClient &http, const UpstreamRevocation &where, const QByteArray &accessToken,
                             std::function<void(Status)> done)
{
    if (!where.isConfigured())
        return done(Error{QStringLiteral("unsupported"),
                          QStringLiteral("no revocation is configured for this upstream; the token was only dropped")});
    QUrl url = where.apiBase;
    QString path = url.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    url.setPath(path + QStringLiteral("/applications/") + QString::fromLatin1(QUrl::toPercentEncoding(where.clientId)) +
                QStringLiteral("/token"));
    ClientRequest r = ClientRequest::json(
        "DELETE", url, QJsonObject{{QStringLiteral("access_token"), QString::fromUtf8(accessToken)}});
    r.expectJson = false;
    const QByteArray credentials = where.clientId.toUtf8() + ':' + where.clientSecret;
    r.headers.append({QByteArrayLiteral("Authorization"), QByteArrayLiteral("Basic ") + credentials.toBase64()});
    r.headers.append({QByteArrayLiteral("Accept"), QByteArrayLiteral("application/vnd.github+json")});
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
