#pragma once

#include "broker/http/httplimits.h"
#include "broker/http/httprequestparser.h"
#include "broker/http/httpresponder.h"
#include "broker/http/httpserverresponse.h"
#include "domain/error.h"

#include <QHostAddress>
#include <QObject>

#include <functional>

class QTcpSocket;
class QTimer;

namespace sanctum {

// One client connection of the HttpServer: reads and parses requests and
// hands them to the handler one at a time, in order. Pipelined requests wait
// in the buffer until the current response is complete; the buffer is
// bounded, and beyond it the socket is simply not read (TCP pushes back).
//
// Time limits: a request must arrive completely within requestTimeoutMs of
// its first byte (408, then close), and a keep-alive connection may sit idle
// for idleTimeoutMs (closed silently). While a handler works on a request
// nothing times out: handlers may long-poll.
//
// A refused request is answered with its JSON error and "Connection: close",
// and the connection lingers briefly, reading and discarding, so the client
// can read the answer before the connection goes (closing with unread input
// would reset it and could destroy the answer in flight).
//
// Deletes itself after the socket disconnects, emitting closed() first.
class HttpConnection : public QObject {
    Q_OBJECT
public:
    using Handler = std::function<void(const HttpServerRequest &, HttpResponder)>;

    static constexpr int kLingerMs = 1000;
    static constexpr qint64 kSocketReadBufferBytes = 64 * 1024;

    // Takes ownership of the connected socket.
    HttpConnection(QTcpSocket *socket, const HttpLimits &limits, Handler handler, QObject *parent = nullptr);
    ~HttpConnection() override;

    // Answers with the error, without reading a request, and closes.
    void refuse(const Error &error);
    // Drops the connection at once.
    void abort();

Q_SIGNALS:
    void closed();

private:
    friend class HttpResponder;
    enum class State { Reading, Handling, Closing, Closed };
    enum class Reply { Pending, Streaming, Done };

    void onReadyRead();
    void onBytesWritten();
    void onDisconnected();
    void process();
    qsizetype bufferCap() const;
    void pull();
    void awaitMore();
    void dispatch(HttpServerRequest request);
    void fail(const Error &error);
    void lingeringClose();
    void halfClose();
    void complete(bool keepAlive);

    // For HttpResponder.
    bool isCurrent(quint64 serial) const;
    bool acceptsReply(quint64 serial, const char *what) const;
    bool isStreaming(quint64 serial, const char *what) const;
    void send(quint64 serial, const HttpServerResponse &response);
    void beginStream(quint64 serial, int status, const QList<std::pair<QByteArray, QByteArray>> &headers);
    void writeChunk(quint64 serial, const QByteArray &chunk);
    void finishStream(quint64 serial);
    qint64 bytesPending() const;

    QTcpSocket *m_socket;
    HttpLimits m_limits;
    Handler m_handler;
    HttpRequestParser m_parser;
    QByteArray m_buffer;
    QHostAddress m_peer;
    QTimer *m_requestTimer;
    QTimer *m_idleTimer;
    QTimer *m_lingerTimer;
    State m_state = State::Reading;
    Reply m_reply = Reply::Done;
    quint64 m_serial = 0;
    bool m_keepAlive = false; // the current request allows another after it
    bool m_head = false;      // the current request is a HEAD: no body goes out
    bool m_http10 = false;    // the current client cannot read chunked bodies
    bool m_bodyless = false;  // the current stream has a head only (HEAD, 204, 304)
    bool m_chunked = false;   // the current stream is chunked (else ended by closing)
    bool m_streamKeepAlive = false;
    bool m_continueSent = false;
    bool m_dispatching = false; // inside the handler call: process() carries on by itself
    bool m_halfClosed = false;
};

} // namespace sanctum
