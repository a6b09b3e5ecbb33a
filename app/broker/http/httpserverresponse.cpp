#include "broker/http/httpserverresponse.h"

#include "domain/logging.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

#include <algorithm>

namespace sanctum {

namespace {

// Headers the server writes itself: framing and connection management
// (hop-by-hop, RFC 9110 §7.6.1) and the two it always sets.
bool isServerOwned(const QByteArray &lowerName)
{
    static const QByteArrayList kOwned = {"content-length",
                                          "transfer-encoding",
                                          "connection",
                                          "keep-alive",
                                          "proxy-connection",
                                          "upgrade",
                                          "te",
                                          "trailer",
                                          "cache-control",
                                          "x-content-type-options"};
    return kOwned.contains(lowerName);
}

bool isTokenByte(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

// A CR or LF in a header would let whoever chose the value add headers or a
// whole second response (response splitting).
bool isWellFormed(const QByteArray &name, const QByteArray &value)
{
    if (name.isEmpty() || !std::all_of(name.cbegin(), name.cend(), isTokenByte))
        return false;
    return std::all_of(value.cbegin(), value.cend(), [](char c) {
        const auto u = static_cast<uchar>(c);
        return u == '\t' || (u >= 0x20 && u != 0x7f);
    });
}

bool hasNoBody(int status)
{
    return (status >= 100 && status < 200) || status == 204 || status == 304;
}

QByteArray httpDate()
{
    return QLocale::c()
        .toString(QDateTime::currentDateTimeUtc(), QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'"))
        .toLatin1();
}

QByteArray head(int status, const QList<std::pair<QByteArray, QByteArray>> &headers, bool keepAlive,
                qint64 contentLength, bool chunked)
{
    if (status < 100 || status > 999) {
        qCWarning(lcBroker) << "a handler answered with the invalid status" << status << "- sending 500 instead";
        status = 500;
    }
    QByteArray out;
    out.reserve(256);
    out += "HTTP/1.1 " + QByteArray::number(status) + ' ' + HttpServerResponse::reasonPhrase(status) + "\r\n";
    bool hasDate = false;
    for (const auto &[name, value] : headers) {
        const QByteArray lower = name.toLower();
        if (isServerOwned(lower))
            continue;
        if (!isWellFormed(name, value)) {
            // The name only: values may be credentials.
            qCWarning(lcBroker) << "dropping a malformed response header" << name.left(64).toPercentEncoding();
            continue;
        }
        hasDate = hasDate || lower == "date";
        out += name + ": " + value + "\r\n";
    }
    if (!hasDate)
        out += "Date: " + httpDate() + "\r\n";
    if (contentLength >= 0)
        out += "Content-Length: " + QByteArray::number(contentLength) + "\r\n";
    if (chunked)
        out += "Transfer-Encoding: chunked\r\n";
    out.append(keepAlive ? QByteArrayView("Connection: keep-alive\r\n") : QByteArrayView("Connection: close\r\n"));
    out += "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n\r\n";
    return out;
}

} // namespace

HttpServerResponse HttpServerResponse::json(int status, const QJsonObject &body)
{
    HttpServerResponse r;
    r.status = status;
    r.headers.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")});
    r.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return r;
}

HttpServerResponse HttpServerResponse::error(int status, const QString &code, const QString &message)
{
    return json(status, QJsonObject{{QStringLiteral("error"), code}, {QStringLiteral("message"), message}});
}

void HttpServerResponse::setHeader(const QByteArray &name, const QByteArray &value)
{
    const QByteArray lower = name.toLower();
    headers.removeIf([&](const auto &h) { return h.first.toLower() == lower; });
    headers.append({name, value});
}

QByteArray HttpServerResponse::reasonPhrase(int status)
{
    switch (status) {
    case 100:
        return QByteArrayLiteral("Continue");
    case 101:
        return QByteArrayLiteral("Switching Protocols");
    case 200:
        return QByteArrayLiteral("OK");
    case 201:
        return QByteArrayLiteral("Created");
    case 202:
        return QByteArrayLiteral("Accepted");
    case 204:
        return QByteArrayLiteral("No Content");
    case 206:
        return QByteArrayLiteral("Partial Content");
    case 301:
        return QByteArrayLiteral("Moved Permanently");
    case 302:
        return QByteArrayLiteral("Found");
    case 303:
        return QByteArrayLiteral("See Other");
    case 304:
        return QByteArrayLiteral("Not Modified");
    case 307:
        return QByteArrayLiteral("Temporary Redirect");
    case 308:
        return QByteArrayLiteral("Permanent Redirect");
    case 400:
        return QByteArrayLiteral("Bad Request");
    case 401:
        return QByteArrayLiteral("Unauthorized");
    case 403:
        return QByteArrayLiteral("Forbidden");
    case 404:
        return QByteArrayLiteral("Not Found");
    case 405:
        return QByteArrayLiteral("Method Not Allowed");
    case 406:
        return QByteArrayLiteral("Not Acceptable");
    case 408:
        return QByteArrayLiteral("Request Timeout");
    case 409:
        return QByteArrayLiteral("Conflict");
    case 410:
        return QByteArrayLiteral("Gone");
    case 411:
        return QByteArrayLiteral("Length Required");
    case 412:
        return QByteArrayLiteral("Precondition Failed");
    case 413:
        return QByteArrayLiteral("Content Too Large");
    case 414:
        return QByteArrayLiteral("URI Too Long");
    case 415:
        return QByteArrayLiteral("Unsupported Media Type");
    case 417:
        return QByteArrayLiteral("Expectation Failed");
    case 422:
        return QByteArrayLiteral("Unprocessable Content");
    case 428:
        return QByteArrayLiteral("Precondition Required");
    case 429:
        return QByteArrayLiteral("Too Many Requests");
    case 431:
        return QByteArrayLiteral("Request Header Fields Too Large");
    case 500:
        return QByteArrayLiteral("Internal Server Error");
    case 501:
        return QByteArrayLiteral("Not Implemented");
    case 502:
        return QByteArrayLiteral("Bad Gateway");
    case 503:
        return QByteArrayLiteral("Service Unavailable");
    case 504:
        return QByteArrayLiteral("Gateway Timeout");
    case 505:
        return QByteArrayLiteral("HTTP Version Not Supported");
    default:
        return {}; // the reason phrase is optional (RFC 9112 §4)
    }
}

QByteArray HttpServerResponse::serialize(bool keepAlive, bool forHead) const
{
    if (hasNoBody(status))
        return head(status, headers, keepAlive, -1, false);
    QByteArray out = head(status, headers, keepAlive, body.size(), false);
    if (!forHead)
        out += body;
    return out;
}

QByteArray HttpServerResponse::headBytes(int status, const QList<std::pair<QByteArray, QByteArray>> &headers,
                                         bool keepAlive, bool chunked)
{
    return head(status, headers, keepAlive, -1, chunked && !hasNoBody(status));
}

} // namespace sanctum
