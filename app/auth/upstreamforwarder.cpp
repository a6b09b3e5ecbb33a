#include "upstreamforwarder.h"

#include "httpclient.h"
#include "logging.h"
#include "version.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace sanctum {

UpstreamForwarder::UpstreamForwarder(QNetworkAccessManager *network, TokenSource tokens,
                                     std::function<void(const QString &)> dropToken, QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_tokens(std::move(tokens))
    , m_dropToken(std::move(dropToken))
{
}

bool UpstreamForwarder::passesUpstream(const QByteArray &name)
{
    // Content negotiation and caching only. Never the agent's Authorization
    // (the broker's own credential), cookies or proxy headers.
    static const QList<QByteArray> allowed = {"accept",
                                              "accept-language",
                                              "content-type",
                                              "if-match",
                                              "if-none-match",
                                              "if-modified-since",
                                              "if-unmodified-since",
                                              "x-github-api-version"};
    return allowed.contains(name);
}

void UpstreamForwarder::start(quint64 id, const ForwardRequest &request, const QUrl &apiBase)
{
    if (!apiBase.isValid() || !HttpClient::isAllowedUrl(apiBase)) {
        Q_EMIT finished(
            id,
            Error{QStringLiteral("not_configured"),
                  QStringLiteral("no upstream API address is known for the %1 connection").arg(request.connection),
                  502});
        return;
    }
    m_calls.insert(id, Call{request, apiBase, {}, false, false});
    m_tokens(request.connection, [this, id](Expected<UpstreamToken> token) {
        if (!m_calls.contains(id))
            return; // cancelled meanwhile
        if (!token)
            return fail(id,
                        Error{QStringLiteral("upstream_unavailable"),
                              QStringLiteral("no upstream token: %1").arg(token.error().message),
                              502});
        send(id, *token);
    });
}

void UpstreamForwarder::send(quint64 id, const UpstreamToken &token)
{
    Call &call = m_calls[id];
    const QUrl url =
        QUrl::fromEncoded(call.apiBase.toEncoded(QUrl::StripTrailingSlash) + call.request.target, QUrl::StrictMode);
    if (!url.isValid() || url.host() != call.apiBase.host() || url.port() != call.apiBase.port())
        return fail(id, Error{QStringLiteral("invalid_path"), QStringLiteral("the path cannot be forwarded"), 400});
    QNetworkRequest nr(url);
    nr.setTransferTimeout(kTimeoutMs);
    nr.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    nr.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    nr.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    nr.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    for (const auto &[name, value] : std::as_const(call.request.headers))
        if (passesUpstream(name))
            nr.setRawHeader(name, value);
    nr.setRawHeader("User-Agent", QByteArrayLiteral("Sanctum-Broker/" SANCTUM_VERSION));
    nr.setRawHeader("Authorization", "Bearer " + token.accessToken);
    // HEAD through sendCustomRequest would wait for a body that never comes.
    QNetworkReply *reply = call.request.method == "HEAD"
                               ? m_network->head(nr)
                               : m_network->sendCustomRequest(nr, call.request.method, call.request.body);
    call.reply = reply;
    connect(reply, &QNetworkReply::readyRead, this, [this, id] { onReadable(id); });
    connect(reply, &QNetworkReply::finished, this, [this, id] { onFinished(id); });
}

bool UpstreamForwarder::deliverHead(quint64 id, Call &call)
{
    if (call.headSent)
        return true;
    QNetworkReply *reply = call.reply;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 0)
        return false; // no HTTP answer at all: onFinished reports the transport error
    if (status == 401 && !call.retried) {
        // The cached upstream token died upstream (revoked, rotated): get a
        // fresh one from Token Vault and try once more, before the agent
        // has seen anything.
        call.retried = true;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
        m_dropToken(call.request.connection);
        m_tokens(call.request.connection, [this, id](Expected<UpstreamToken> token) {
            if (!m_calls.contains(id))
                return;
            if (!token)
                return fail(id,
                            Error{QStringLiteral("upstream_unavailable"),
                                  QStringLiteral("no upstream token: %1").arg(token.error().message),
                                  502});
            send(id, *token);
        });
        return false;
    }
    ForwardHead h;
    h.status = status;
    const QByteArray base = call.apiBase.toEncoded(QUrl::StripTrailingSlash);
    for (const auto &[name, value] : reply->rawHeaderPairs()) {
        QByteArray v = value;
        const QByteArray lower = name.toLower();
        // A redirect within the API becomes the broker path the agent follows.
        if (lower == "location" && v.startsWith(QByteArray(base + '/')))
            v = "/v1/proxy/" + call.request.connection.toUtf8() + v.mid(base.size());
        h.headers.append({lower, v});
    }
    call.headSent = true;
    Q_EMIT head(id, h);
    return true;
}

void UpstreamForwarder::onReadable(quint64 id)
{
    const auto it = m_calls.find(id);
    if (it == m_calls.end() || !it->reply)
        return;
    if (!deliverHead(id, *it))
        return;
    const auto again = m_calls.find(id);
    if (again == m_calls.end() || !again->reply)
        return;
    const QByteArray chunk = again->reply->readAll();
    if (!chunk.isEmpty())
        Q_EMIT data(id, chunk);
}

void UpstreamForwarder::onFinished(quint64 id)
{
    const auto it = m_calls.find(id);
    if (it == m_calls.end() || !it->reply)
        return;
    QNetworkReply *reply = it->reply;
    if (!it->headSent && !deliverHead(id, *it)) {
        if (!m_calls.contains(id) || m_calls[id].reply != reply)
            return; // retrying with a fresh token
        const bool timedOut = reply->error() == QNetworkReply::OperationCanceledError;
        reply->deleteLater();
        return fail(
            id,
            timedOut
                ? Error{QStringLiteral("upstream_timeout"), QStringLiteral("the upstream did not answer in time"), 504}
                : Error{QStringLiteral("upstream_error"),
                        QStringLiteral("the upstream could not be reached: %1").arg(reply->errorString()),
                        502});
    }
    const QByteArray rest = reply->readAll();
    if (!rest.isEmpty())
        Q_EMIT data(id, rest);
    // An HTTP error status is the upstream's answer, delivered as such; only
    // a transport failure after the head breaks the stream.
    const QNetworkReply::NetworkError e = reply->error();
    const bool transportFailed = e != QNetworkReply::NoError && e < QNetworkReply::ProxyConnectionRefusedError;
    reply->deleteLater();
    m_calls.erase(m_calls.find(id));
    Q_EMIT finished(id, transportFailed ? Error{QStringLiteral("upstream_error"), reply->errorString(), 502} : Error{});
}

void UpstreamForwarder::fail(quint64 id, const Error &error)
{
    m_calls.remove(id);
    Q_EMIT finished(id, error);
}

void UpstreamForwarder::cancel(quint64 id)
{
    const auto it = m_calls.find(id);
    if (it == m_calls.end())
        return;
    if (QNetworkReply *reply = it->reply) {
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
    m_calls.erase(it);
}

} // namespace sanctum
