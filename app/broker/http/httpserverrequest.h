#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QHostAddress>
#include <QList>

#include <utility>

namespace sanctum {

// One request as the broker's HTTP server received it. Named apart from the
// outgoing `HttpRequest` of httpclient.h: the proxy handles both at once.
struct HttpServerRequest {
    QByteArray method;
    QByteArray target;                                // the raw request-target, origin-form ("/path?query") or "*"
    QByteArray version;                               // "HTTP/1.1" or "HTTP/1.0"
    QList<std::pair<QByteArray, QByteArray>> headers; // names lower-cased, values trimmed of OWS
    QByteArray body;
    QHostAddress peer;

    // The first value of the header, or empty.
    QByteArray header(QByteArrayView lowerName) const;
    bool hasHeader(QByteArrayView lowerName) const;
    // HTTP/1.1 keeps the connection unless "Connection: close"; HTTP/1.0
    // only with "Connection: keep-alive".
    bool keepAlive() const;
    // The target up to '?'.
    QByteArray path() const;
    // The target after '?', or empty.
    QByteArray query() const;
};

} // namespace sanctum
