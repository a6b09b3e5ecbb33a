#include "upstream/httpclient.h"

#include "domain/endpointpolicy.h"

#include "domain/clock.h"
#include "domain/logging.h"

#include <QHostAddress>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkProxyFactory>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QTimer>
#include <QUrlQuery>

namespace sanctum {

namespace {
QString hostOf(const QUrl &url)
{
    return url.port() > 0 ? QStringLiteral("%1:%2").arg(url.host()).arg(url.port()) : url.host();
}

Error transportError(QNetworkReply *reply, const QUrl &url)
{
    switch (reply->error()) {
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError: // what a transfer timeout looks like
        return Error{QStringLiteral("timeout"), QStringLiteral("%1 did not answer in time").arg(hostOf(url))};
    case QNetworkReply::SslHandshakeFailedError:
    case QNetworkReply::InsecureRedirectError:
        return Error{QStringLiteral("tls"),
                     QStringLiteral("a secure connection to %1 could not be established: %2")
                         .arg(hostOf(url), reply->errorString())};
    default:
        return Error{QStringLiteral("network"),
                     QStringLiteral("cannot reach %1: %2").arg(hostOf(url), reply->errorString())};
    }
}

// The system's proxy settings, as every other program on the desktop uses,
// except for this machine: a loopback tenant or listener is never proxied.
class SystemProxyFactory : public QNetworkProxyFactory {
public:
    QList<QNetworkProxy> queryProxy(const QNetworkProxyQuery &query) override
    {
        const QHostAddress address(query.peerHostName());
        if (query.peerHostName() == QStringLiteral("localhost") || (!address.isNull() && address.isLoopback()))
            return {QNetworkProxy(QNetworkProxy::NoProxy)};
        return systemProxyForQuery(query);
    }
};

QString statusText(int status)
{
    return status == 429 ? QStringLiteral("is rate limiting us (429)")
                         : QStringLiteral("answered with HTTP %1").arg(status);
}
} // namespace

ClientRequest ClientRequest::form(const QUrl &url, const QList<std::pair<QString, QString>> &fields)
{
    QUrlQuery q;
    for (const auto &[k, v] : fields)
        q.addQueryItem(k, QString::fromLatin1(QUrl::toPercentEncoding(v)));
    ClientRequest r;
    r.method = "POST";
    r.url = url;
    r.body = q.toString(QUrl::FullyEncoded).toLatin1();
    r.contentType = "application/x-www-form-urlencoded";
    return r;
}

ClientRequest ClientRequest::json(const QByteArray &method, const QUrl &url, const QJsonObject &body)
{
    ClientRequest r;
    r.method = method;
    r.url = url;
    r.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    r.contentType = "application/json";
    return r;
}

HttpClient::HttpClient(const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_network(new QNetworkAccessManager(this))
{
    m_network->setProxyFactory(new SystemProxyFactory);
    // Never downgrade https to http on a redirect; remember HSTS.
    m_network->setRedirectPolicy(QNetworkRequest::NoLessSafeRedirectPolicy);
    m_network->setStrictTransportSecurityEnabled(true);
}

void HttpClient::send(const ClientRequest &request, Callback done)
{
    if (!isAllowedEndpoint(request.url)) {
        // Asynchronous like every other outcome, so callers have one code path.
        QTimer::singleShot(0, this, [done = std::move(done), url = request.url] {
            done(Error{QStringLiteral("insecure_url"),
                       QStringLiteral("refusing to send credentials to %1: only https (or http to this machine) is "
                                      "allowed")
                           .arg(url.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery))});
        });
        return;
    }
    attempt(request, std::move(done), 1);
}

void HttpClient::attempt(const ClientRequest &request, Callback done, int number)
{
    QNetworkRequest nr(request.url);
    nr.setTransferTimeout(m_timeoutMs);
    nr.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    nr.setRawHeader("Accept", request.expectJson ? "application/json" : "*/*");
    nr.setRawHeader("User-Agent", "Sanctum");
    if (!request.contentType.isEmpty())
        nr.setHeader(QNetworkRequest::ContentTypeHeader, request.contentType);
    for (const auto &[name, value] : request.headers)
        nr.setRawHeader(name, value);

    QNetworkReply *reply = m_network->sendCustomRequest(nr, request.method, request.body);
    auto tooLarge = std::make_shared<bool>(false);
    connect(reply, &QNetworkReply::downloadProgress, reply, [reply, tooLarge](qint64 received, qint64) {
        if (received > kMaxResponseBytes && !*tooLarge) {
            *tooLarge = true;
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::finished, this, [=, this, done = std::move(done)]() mutable {
        handle(reply, request, std::move(done), number, *tooLarge);
    });
}

bool HttpClient::retryLater(const ClientRequest &request, Callback &done, int number, RetryPolicy::Outcome outcome,
                            int status, const QByteArray &retryAfter, const QString &why)
{
    if (!request.retry)
        return false;
    const auto delay = m_retry.delayAfter(
        number, outcome, status, retryAfter, m_clock.now(), QRandomGenerator::global()->generateDouble());
    if (!delay)
        return false;
    qCInfo(lcAuth).noquote() << why << "- retrying in" << *delay << "ms";
    QTimer::singleShot(*delay, this, [this, request, number, done = std::move(done)]() mutable {
        attempt(request, std::move(done), number + 1);
    });
    return true;
}

void HttpClient::handle(QNetworkReply *reply, const ClientRequest &request, Callback done, int number, bool tooLarge)
{
    reply->deleteLater();
    const QUrl &url = request.url;
    if (tooLarge) {
        done(Error{QStringLiteral("too_large"),
                   QStringLiteral("%1 sent more than %2 bytes").arg(hostOf(url)).arg(kMaxResponseBytes)});
        return;
    }

    ClientResponse response;
    response.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    response.attempts = number;
    response.body = reply->readAll();
    for (const auto &[name, value] : reply->rawHeaderPairs())
        response.headers.insert(name.toLower(), value);

    // No usable HTTP answer: the transport failed (or a redirect was refused).
    if (response.status == 0 || (response.status < 400 && reply->error() != QNetworkReply::NoError)) {
        const Error e = transportError(reply, url);
        // A failed TLS handshake will fail the same way again.
        if (e.code != QStringLiteral("tls") &&
            retryLater(request, done, number, RetryPolicy::Outcome::Transport, 0, {}, e.message))
            return;
        done(e);
        return;
    }

    if (RetryPolicy::isRetryableStatus(response.status)) {
        const QByteArray retryAfter = response.headers.value("retry-after");
        if (retryLater(request,
                       done,
                       number,
                       RetryPolicy::Outcome::Status,
                       response.status,
                       retryAfter,
                       QStringLiteral("%1 %2").arg(hostOf(url), statusText(response.status))))
            return;
        const bool limited = response.status == 429;
        QString message = QStringLiteral("%1 %2").arg(hostOf(url), statusText(response.status));
        if (number > 1)
            message += QStringLiteral(" after %1 attempts").arg(number);
        if (limited && !retryAfter.isEmpty())
            message += QStringLiteral("; it asks to wait %1 s").arg(QString::fromLatin1(retryAfter));
        // Auth0 answers a device poll that came too early with 429 and the
        // OAuth error slow_down: a protocol signal for the caller, not a failure.
        const QJsonObject body = QJsonDocument::fromJson(response.body).object();
        if (body.value(QStringLiteral("error")).toString() == QStringLiteral("slow_down")) {
            done(Error{QStringLiteral("slow_down"),
                       body.value(QStringLiteral("error_description")).toString(message),
                       response.status});
            return;
        }
        done(
            Error{limited ? QStringLiteral("rate_limited") : QStringLiteral("server_error"), message, response.status});
        return;
    }

    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(response.body, &parseError);
    const bool isObject = parseError.error == QJsonParseError::NoError && doc.isObject();

    if (response.status >= 400) {
        // OAuth errors (RFC 6749 §5.2) carry a code and, often, a description.
        const QJsonObject o = isObject ? doc.object() : QJsonObject();
        const QString code = o.value(QStringLiteral("error")).toString();
        if (!code.isEmpty()) {
            const QString description = o.value(QStringLiteral("error_description")).toString();
            done(Error{code,
                       description.isEmpty() ? QStringLiteral("%1 refused the request (%2)").arg(hostOf(url), code)
                                             : description,
                       response.status});
            return;
        }
        done(Error{QStringLiteral("http_error"),
                   QStringLiteral("%1 %2").arg(hostOf(url), statusText(response.status)),
                   response.status});
        return;
    }

    if (request.expectJson) {
        if (!isObject) {
            done(Error{QStringLiteral("bad_response"),
                       QStringLiteral("%1 answered with something that is not a JSON object").arg(hostOf(url)),
                       response.status});
            return;
        }
        response.json = doc.object();
    }
    done(std::move(response));
}

} // namespace sanctum
