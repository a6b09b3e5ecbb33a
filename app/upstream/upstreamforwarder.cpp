#include "upstream/upstreamforwarder.h"
#include "domain/endpointpolicy.h"

#include "domain/logging.h"
#include "domain/version.h"
#include "upstream/httpclient.h"
#include "upstream/upstreamconnectionpool.h"

namespace sanctum {

namespace {

bool isHex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// What QUrl's strict mode accepts in a path and query: the request line is
// written from these bytes as they are, so nothing may break out of it.
bool isForwardableTarget(const QByteArray &target)
{
    if (!target.startsWith('/') || target.startsWith("//"))
        return false;
    for (qsizetype i = 0; i < target.size(); ++i) {
        const char c = target.at(i);
        if (c == '%') {
            if (i + 2 >= target.size() || !isHex(target.at(i + 1)) || !isHex(target.at(i + 2)))
                return false;
            i += 2;
        } else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                     QByteArrayView("-._~!$&'()*+,;=:@/?").contains(c))) {
            return false;
        }
    }
    return true;
}

bool isCleanFieldValue(const QByteArray &value)
{
    for (const char c : value) {
        const auto u = static_cast<uchar>(c);
        if (u != '\t' && (u < 0x20 || u == 0x7f))
            return false;
    }
    return true;
}

Error unavailable(const Error &why)
{
    return Error{QStringLiteral("upstream_unavailable"), QStringLiteral("no upstream token: %1").arg(why.message), 502};
}

} // namespace

UpstreamForwarder::UpstreamForwarder(TokenSource tokens, std::function<void(const QString &)> dropToken,
                                     QObject *parent)
    : QObject(parent)
    , m_pool(new UpstreamConnectionPool(this))
    , m_tokens(std::move(tokens))
    , m_dropToken(std::move(dropToken))
{
    m_pool->setTransferTimeout(kTimeoutMs);
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
    if (!apiBase.isValid() || !isAllowedEndpoint(apiBase) || apiBase.host().isEmpty()) {
        Q_EMIT finished(
            id,
            Error{QStringLiteral("not_configured"),
                  QStringLiteral("no upstream API address is known for the %1 connection").arg(request.connection),
                  502});
        return;
    }
    if (!isForwardableTarget(request.target)) {
        Q_EMIT finished(id, Error{QStringLiteral("invalid_path"), QStringLiteral("the path cannot be forwarded"), 400});
        return;
    }
    // Worked out once per call, not again for the retry or the Location.
    Call call;
    call.request = request;
    call.base = apiBase.toEncoded(QUrl::StripTrailingSlash);
    call.basePath = apiBase.path(QUrl::FullyEncoded).toLatin1();
    while (call.basePath.endsWith('/'))
        call.basePath.chop(1);
    call.scheme = apiBase.scheme().toLower();
    call.host = apiBase.host();
    const int defaultPort = call.scheme == QStringLiteral("https") ? 443 : 80;
    call.port = quint16(apiBase.port(defaultPort));
    const QByteArray host = apiBase.host(QUrl::FullyEncoded).toLatin1();
    call.hostHeader = host.contains(':') ? '[' + host + ']' : host;
    if (call.port != defaultPort)
        call.hostHeader += ':' + QByteArray::number(call.port);
    m_calls.insert(id, call);
    m_tokens(request.connection, [this, id](Expected<UpstreamToken> token) {
        if (!m_calls.contains(id))
            return; // cancelled meanwhile
        if (!token)
            return fail(id, unavailable(token.error()));
        send(id, *token);
    });
}

void UpstreamForwarder::send(quint64 id, const UpstreamToken &token)
{
    Call &call = m_calls[id];
    const ForwardRequest &r = call.request;
    QByteArray bytes;
    bytes.reserve(512 + r.body.size());
    bytes += r.method + ' ' + call.basePath + r.target + " HTTP/1.1\r\nHost: " + call.hostHeader + "\r\n";
    for (const auto &[name, value] : r.headers)
        if (passesUpstream(name) && isCleanFieldValue(value))
            bytes += name + ": " + value + "\r\n";
    bytes += QByteArrayLiteral("User-Agent: Sanctum-Broker/" SANCTUM_VERSION "\r\n");
    bytes += "Authorization: Bearer " + token.accessToken + "\r\n";
    // A body is framed by its length; POST, PUT and PATCH say so even when empty.
    if (!r.body.isEmpty() || r.method == "POST" || r.method == "PUT" || r.method == "PATCH")
        bytes += "Content-Length: " + QByteArray::number(r.body.size()) + "\r\n";
    bytes += "Connection: keep-alive\r\n\r\n";
    bytes += r.body;

    static const QList<QByteArray> idempotent = {"GET", "HEAD", "PUT", "DELETE", "OPTIONS"};
    UpstreamRequest request{
        call.scheme, call.host, call.port, bytes, r.method == "HEAD", idempotent.contains(r.method)};
    UpstreamConnectionPool::Callbacks callbacks;
    callbacks.head = [this, id](int status, const QList<std::pair<QByteArray, QByteArray>> &headers) {
        onHead(id, status, headers);
    };
    callbacks.data = [this, id](const QByteArray &chunk) {
        if (m_calls.contains(id))
            Q_EMIT data(id, chunk);
    };
    callbacks.finished = [this, id](const Error &error) { onFinished(id, error); };
    call.exchange = m_pool->send(request, std::move(callbacks));
}

void UpstreamForwarder::onHead(quint64 id, int status, const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    const auto it = m_calls.find(id);
    if (it == m_calls.end())
        return;
    Call &call = *it;
    if (status == 401 && !call.retried) {
        // The cached upstream token died upstream (revoked, rotated): get a
        // fresh one from Token Vault and try once more, before the agent
        // has seen anything.
        call.retried = true;
        m_pool->cancel(std::exchange(call.exchange, 0));
        m_dropToken(call.request.connection);
        m_tokens(call.request.connection, [this, id](Expected<UpstreamToken> token) {
            if (!m_calls.contains(id))
                return;
            if (!token)
                return fail(id, unavailable(token.error()));
            send(id, *token);
        });
        return;
    }
    ForwardHead h;
    h.status = status;
    h.headers.reserve(headers.size());
    const QByteArray prefix = call.base + '/';
    for (const auto &[name, value] : headers) {
        // A redirect within the API becomes the broker path the agent follows.
        if (name == "location" && value.startsWith(prefix))
            h.headers.append({name, "/v1/proxy/" + call.request.connection.toUtf8() + value.mid(call.base.size())});
        else
            h.headers.append({name, value});
    }
    call.headSent = true;
    Q_EMIT head(id, h);
}

void UpstreamForwarder::onFinished(quint64 id, const Error &error)
{
    const auto it = m_calls.find(id);
    if (it == m_calls.end())
        return;
    const bool headSent = it->headSent;
    m_calls.erase(it);
    if (error.code.isEmpty())
        return Q_EMIT finished(id, Error{});
    qCInfo(lcAuth) << "upstream call failed:" << error.code << error.message;
    // An HTTP error status is the upstream's answer, delivered as such; only
    // a transport failure breaks the call (after the head: the stream).
    if (!headSent && error.code == QStringLiteral("timeout"))
        return Q_EMIT finished(
            id, Error{QStringLiteral("upstream_timeout"), QStringLiteral("the upstream did not answer in time"), 504});
    Q_EMIT finished(
        id,
        Error{QStringLiteral("upstream_error"),
              headSent ? error.message : QStringLiteral("the upstream could not be reached: %1").arg(error.message),
              502});
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
    if (it->exchange)
        m_pool->cancel(it->exchange);
    m_calls.erase(it);
}

} // namespace sanctum
