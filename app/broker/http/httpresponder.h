#pragma once

#include <QByteArray>
#include <QList>
#include <QPointer>

#include <utility>

namespace sanctum {

class HttpConnection;
struct HttpServerResponse;

// How a handler answers one request, now or later. A small value to copy
// into lambdas: it refers to its connection weakly and to its request by
// serial number, so a responder whose client went away, or whose request was
// already answered, does nothing (the latter with a warning: answering twice
// is a bug).
class HttpResponder {
public:
    HttpResponder() = default; // answers nothing; for members filled in later

    // A complete response.
    void send(const HttpServerResponse &response) const;
    // A streamed response in chunked transfer-encoding (or, to an HTTP/1.0
    // client, ended by closing the connection): beginStream, write…, finish.
    void beginStream(int status, const QList<std::pair<QByteArray, QByteArray>> &headers) const;
    void write(const QByteArray &chunk) const;
    // The last chunk; then the next pipelined request may run.
    void finish() const;
    // Drops the connection, e.g. when the upstream failed mid-stream and the
    // client must not take a truncated body for a complete one.
    void abort() const;

    // The client is connected and this request is still the one to answer.
    bool isOpen() const;
    // The connection, destroyed when the client goes away: the receiver or
    // context for timers and signal connections, so asynchronous work for a
    // vanished client is cancelled by itself. Null when already gone.
    QObject *context() const;
    // Bytes queued on the socket and not yet sent, for back-pressure.
    qint64 bytesPending() const;

private:
    friend class HttpConnection;
    HttpResponder(HttpConnection *connection, quint64 serial);

    QPointer<HttpConnection> m_connection;
    quint64 m_serial = 0;
};

} // namespace sanctum
