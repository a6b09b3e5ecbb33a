#include "broker/http/httpconnection.h"

#include "domain/logging.h"

#include <QTcpSocket>
#include <QTimer>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#endif

namespace sanctum {

namespace {

bool asksToClose(const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    for (const auto &[name, value] : headers) {
        if (name.compare("connection", Qt::CaseInsensitive) == 0 && value.toLower().contains("close"))
            return true;
    }
    return false;
}

QTimer *singleShotTimer(int msecs, QObject *parent)
{
    auto *timer = new QTimer(parent);
    timer->setSingleShot(true);
    timer->setInterval(msecs);
    return timer;
}

} // namespace

HttpConnection::HttpConnection(QTcpSocket *socket, const HttpLimits &limits, Handler handler, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_limits(limits)
    , m_handler(std::move(handler))
    , m_parser(limits)
    , m_peer(socket->peerAddress())
    , m_requestTimer(singleShotTimer(limits.requestTimeoutMs, this))
    , m_idleTimer(singleShotTimer(limits.idleTimeoutMs, this))
    , m_lingerTimer(singleShotTimer(kLingerMs, this))
{
    m_socket->setParent(this);
    // Without a bound the socket would read everything the peer sends into
    // memory, whether or not we are ready for it.
    m_socket->setReadBufferSize(kSocketReadBufferBytes);
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::bytesWritten, this, &HttpConnection::onBytesWritten);
    connect(m_socket, &QTcpSocket::stateChanged, this, [this](QAbstractSocket::SocketState state) {
        if (state == QAbstractSocket::UnconnectedState)
            onDisconnected();
    });
    connect(m_requestTimer, &QTimer::timeout, this, [this] {
        if (m_state != State::Reading)
            return;
        fail(Error{QStringLiteral("request_timeout"),
                   QStringLiteral("the request did not arrive completely within %1 ms").arg(m_limits.requestTimeoutMs),
                   408});
    });
    connect(m_idleTimer, &QTimer::timeout, this, [this] {
        if (m_state != State::Reading || m_parser.inProgress())
            return;
        m_state = State::Closing;
        m_lingerTimer->start(); // a client that stopped reading our last answer is not waited for
        m_socket->disconnectFromHost();
    });
    connect(m_lingerTimer, &QTimer::timeout, this, &HttpConnection::abort);

    if (m_socket->state() != QAbstractSocket::ConnectedState)
        QMetaObject::invokeMethod(this, &HttpConnection::onDisconnected, Qt::QueuedConnection);
    else
        m_idleTimer->start(); // a client that connects and says nothing is idle
}

HttpConnection::~HttpConnection()
{
    // The socket dies with us and reports its last state change on the way:
    // nobody is left here to hear it.
    m_socket->disconnect(this);
}

void HttpConnection::refuse(const Error &error)
{
    fail(error);
}

void HttpConnection::abort()
{
    m_socket->abort(); // disconnects, so onDisconnected follows at once
}

void HttpConnection::onReadyRead()
{
    switch (m_state) {
    case State::Reading:
        process();
        break;
    case State::Handling:
        pull(); // pipelined requests wait in the buffer
        break;
    case State::Closing:
        m_socket->skip(m_socket->bytesAvailable());
        break;
    case State::Closed:
        break;
    }
}

qsizetype HttpConnection::bufferCap() const
{
    // Room for one whole request of the largest size allowed: the parser can
    // always decide on what fits, and nothing beyond is worth holding.
    return m_limits.maxRequestLineBytes + m_limits.maxHeaderBytes + m_limits.maxBodyBytes;
}

void HttpConnection::pull()
{
    const qsizetype cap = bufferCap();
    while (m_buffer.size() < cap && m_socket->bytesAvailable() > 0)
        m_buffer.append(m_socket->read(qMin<qint64>(cap - m_buffer.size(), m_socket->bytesAvailable())));
}

void HttpConnection::process()
{
    while (m_state == State::Reading) {
        pull();
        switch (m_parser.feed(m_buffer)) {
        case HttpRequestParser::Result::Failed:
            fail(m_parser.error());
            return;
        case HttpRequestParser::Result::NeedMore:
            // The parser used all it could; more may wait in the socket when
            // the buffer was full.
            if (m_socket->bytesAvailable() > 0 && m_buffer.size() < bufferCap())
                continue;
            awaitMore();
            return;
        case HttpRequestParser::Result::Ready:
            dispatch(m_parser.take());
            break;
        }
    }
}

void HttpConnection::awaitMore()
{
    if (m_parser.wantsContinue() && !m_continueSent) {
        m_continueSent = true;
        m_socket->write(QByteArrayLiteral("HTTP/1.1 100 Continue\r\n\r\n"));
    }
    if (m_parser.inProgress()) {
        m_idleTimer->stop();
        if (!m_requestTimer->isActive())
            m_requestTimer->start();
    } else if (!m_idleTimer->isActive()) {
        m_idleTimer->start();
    }
}

void HttpConnection::dispatch(HttpServerRequest request)
{
    m_requestTimer->stop();
    m_idleTimer->stop();
    m_state = State::Handling;
    m_reply = Reply::Pending;
    ++m_serial;
    m_keepAlive = request.keepAlive();
    m_head = request.method == "HEAD";
    m_http10 = request.version == "HTTP/1.0";
    m_continueSent = false;
    request.peer = m_peer;
    if (!m_handler) {
        send(m_serial,
             HttpServerResponse::error(
                 503, QStringLiteral("unavailable"), QStringLiteral("the server is not ready to handle requests")));
        return;
    }
    // A handler that answers at once completes the request inside this call;
    // process() then goes on with the next pipelined request itself instead
    // of recursing into the handler.
    m_dispatching = true;
    m_handler(request, HttpResponder(this, m_serial));
    m_dispatching = false;
}

void HttpConnection::complete(bool keepAlive)
{
    m_reply = Reply::Done;
    if (!keepAlive) {
        lingeringClose();
        return;
    }
    m_state = State::Reading;
    if (!m_dispatching)
        QMetaObject::invokeMethod(this, &HttpConnection::process, Qt::QueuedConnection);
}

void HttpConnection::fail(const Error &error)
{
    if (m_state == State::Closing || m_state == State::Closed)
        return;
    // The code only: a refused request may carry credentials.
    qCDebug(lcBroker).noquote() << "refusing a request from" << m_peer.toString() << "with" << error.httpStatus
                                << error.code;
    if (m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->write(HttpServerResponse::error(error.httpStatus, error.code, error.message).serialize(false));
    // Only now: `error` may be the parser's own.
    m_parser.reset();
    m_buffer.clear();
    lingeringClose();
}

void HttpConnection::lingeringClose()
{
    m_state = State::Closing;
    m_requestTimer->stop();
    m_idleTimer->stop();
    m_lingerTimer->start();
    m_socket->skip(m_socket->bytesAvailable());
    m_socket->flush();
    if (m_socket->bytesToWrite() == 0)
        halfClose();
}

void HttpConnection::onBytesWritten()
{
    if (m_state != State::Closing || m_halfClosed)
        return;
    m_lingerTimer->start(); // the client is reading: give it more time
    if (m_socket->bytesToWrite() == 0)
        halfClose();
}

void HttpConnection::halfClose()
{
    m_halfClosed = true;
    m_lingerTimer->start();
#ifdef Q_OS_UNIX
    // Ending only our direction sends FIN after the answer, while we keep
    // reading (and discarding) until the client closes its side.
    if (::shutdown(int(m_socket->socketDescriptor()), SHUT_WR) == 0)
        return;
#endif
    m_socket->disconnectFromHost();
}

void HttpConnection::onDisconnected()
{
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    m_requestTimer->stop();
    m_idleTimer->stop();
    m_lingerTimer->stop();
    Q_EMIT closed();
    deleteLater();
}

bool HttpConnection::isCurrent(quint64 serial) const
{
    return m_state == State::Handling && serial == m_serial && m_socket->state() == QAbstractSocket::ConnectedState;
}

bool HttpConnection::acceptsReply(quint64 serial, const char *what) const
{
    if (m_state == State::Closed || m_socket->state() != QAbstractSocket::ConnectedState) {
        qCDebug(lcBroker) << "the client has gone; dropping" << what;
        return false;
    }
    if (m_state != State::Handling || serial != m_serial || m_reply != Reply::Pending) {
        qCWarning(lcBroker) << "ignoring" << what << "for a request that was already answered";
        return false;
    }
    return true;
}

bool HttpConnection::isStreaming(quint64 serial, const char *what) const
{
    if (m_state == State::Closed || m_socket->state() != QAbstractSocket::ConnectedState)
        return false;
    if (m_state != State::Handling || serial != m_serial || m_reply != Reply::Streaming) {
        qCWarning(lcBroker) << "ignoring" << what << "outside a streamed response";
        return false;
    }
    return true;
}

void HttpConnection::send(quint64 serial, const HttpServerResponse &response)
{
    if (!acceptsReply(serial, "a response"))
        return;
    const bool keepAlive = m_keepAlive && !asksToClose(response.headers);
    m_socket->write(response.serialize(keepAlive, m_head));
    complete(keepAlive);
}

void HttpConnection::beginStream(quint64 serial, int status, const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    if (!acceptsReply(serial, "a streamed response"))
        return;
    m_reply = Reply::Streaming;
    m_bodyless = m_head || (status >= 100 && status < 200) || status == 204 || status == 304;
    // An HTTP/1.0 client cannot read chunks: its body ends with the connection.
    m_chunked = !m_http10 && !m_bodyless;
    m_streamKeepAlive = m_keepAlive && (m_chunked || m_bodyless) && !asksToClose(headers);
    m_socket->write(HttpServerResponse::headBytes(status, headers, m_streamKeepAlive, m_chunked));
}

void HttpConnection::writeChunk(quint64 serial, const QByteArray &chunk)
{
    // An empty chunk would end the body early: it is the terminator.
    if (!isStreaming(serial, "a chunk") || chunk.isEmpty() || m_bodyless)
        return;
    if (m_chunked)
        m_socket->write(QByteArray::number(chunk.size(), 16) + "\r\n" + chunk + "\r\n");
    else
        m_socket->write(chunk);
}

void HttpConnection::finishStream(quint64 serial)
{
    if (!isStreaming(serial, "the end of a stream"))
        return;
    if (m_chunked)
        m_socket->write(QByteArrayLiteral("0\r\n\r\n"));
    complete(m_streamKeepAlive);
}

qint64 HttpConnection::bytesPending() const
{
    return m_socket->bytesToWrite();
}

} // namespace sanctum
