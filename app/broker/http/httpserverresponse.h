#pragma once

#include <QByteArray>
#include <QList>

#include <utility>

class QJsonObject;
class QString;

namespace sanctum {

// One response of the broker's HTTP server. Framing (Content-Length,
// Transfer-Encoding, Connection) is the server's business: such headers set
// here are dropped, so a handler (or an upstream whose headers the proxy
// passes on) can never make a response mean something else on the wire.
struct HttpServerResponse {
    int status = 200;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;

    static HttpServerResponse json(int status, const QJsonObject &body);
    // {"error": code, "message": message}
    static HttpServerResponse error(int status, const QString &code, const QString &message);

    // Replaces every header of that name (case-insensitively), or adds it.
    void setHeader(const QByteArray &name, const QByteArray &value);

    static QByteArray reasonPhrase(int status);
    // The status line, headers, Content-Length, Connection, Date, and always
    // Cache-Control: no-store and X-Content-Type-Options: nosniff, because
    // responses carry tokens. A HEAD response keeps the Content-Length the
    // body would have had, without the body.
    QByteArray serialize(bool keepAlive, bool forHead = false) const;
    // The head of a streamed response (no Content-Length; chunked or ended by
    // closing the connection).
    static QByteArray headBytes(int status, const QList<std::pair<QByteArray, QByteArray>> &headers, bool keepAlive,
                                bool chunked);
};

} // namespace sanctum
