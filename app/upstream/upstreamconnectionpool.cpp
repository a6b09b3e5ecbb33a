#include "upstream/upstreamconnectionpool.h"
#include "domain/endpointpolicy.h"

#include "domain/logging.h"
#include "upstream/httpclient.h"
#include "upstream/upstreamresponseparser.h"

#include <QHostAddress>
#include <QNetworkProxy>
#include <QNetworkProxyFactory>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

namespace sanctum {

struct UpstreamConnectionPool::Exchange {
    quint64 id = 0;
    UpstreamRequest request;
    Callbacks callbacks;
    QString originKey;
    Connection *connection = nullptr;
    bool retried = false;
    bool headDelivered = false;
};

struct UpstreamConnectionPool::Connection {
    QString originKey;
    QTcpSocket *socket = nullptr; // a QSslSocket for https
    QTimer *timer = nullptr;      // connect, transfer or idle timeout, by state
    UpstreamResponseParser parser;
    Exchange *exchange = nullptr;
    QString tlsErrors;
    bool ready = false;  // connected, and encrypted for https
    bool reused = false; // has completed an exchange before the current one
    bool idle = false;
    bool closed = false;
};

struct UpstreamConnectionPool::Origin {
    QString scheme;
    QString host;
    quint16 port = 0;
    QList<Connection *> idle; // most recently used last
    QList<Exchange *> queue;
    int busy = 0;
};

namespace {

bool isLoopbackHost(const QString &host)
{
    const QHostAddress address(host);
    return host == QStringLiteral("localhost") || (!address.isNull() && address.isLoopback());
}

} // namespace

UpstreamConnectionPool::UpstreamConnectionPool(QObject *parent)
    : QObject(parent)
{
}

UpstreamConnectionPool::~UpstreamConnectionPool()
{
    // No event loop turn is left to delete them later.
    const auto drop = [this](Connection *c) {
        QObject::disconnect(c->socket, nullptr, this, nullptr);
        QObject::disconnect(c->timer, nullptr, this, nullptr);
        c->socket->abort();
        delete c->socket;
        delete c;
    };
    for (const auto &origin : std::as_const(m_origins))
        for (Connection *c : std::as_const(origin->idle))
            drop(c);
    for (Exchange *e : std::as_const(m_exchanges)) {
        if (e->connection && !e->connection->closed)
            drop(e->connection);
        delete e;
    }
}

void UpstreamConnectionPool::addCaCertificatesForTesting(const QList<QSslCertificate> &certificates)
{
    m_extraCas += certificates;
}

int UpstreamConnectionPool::idleConnections() const
{
    int n = 0;
    for (const auto &origin : m_origins)
        n += int(origin->idle.size());
    return n;
}

quint64 UpstreamConnectionPool::send(const UpstreamRequest &request, Callbacks callbacks)
{
    const quint64 id = m_nextId++;
    auto *exchange = new Exchange{id, request, std::move(callbacks), {}, nullptr, false, false};
    m_exchanges.insert(id, exchange);

    QUrl url;
    url.setScheme(request.scheme);
    url.setHost(request.host);
    url.setPort(request.port);
    if ((request.scheme != QStringLiteral("http") && request.scheme != QStringLiteral("https")) || request.port == 0 ||
        !isAllowedEndpoint(url)) {
        QMetaObject::invokeMethod(
            this,
            [this, id] {
                if (Exchange *e = m_exchanges.value(id))
                    finishExchange(
                        e,
                        Error{QStringLiteral("insecure_url"), QStringLiteral("plain http goes only to this machine")});
            },
            Qt::QueuedConnection);
        return id;
    }

    const QString key =
        request.scheme + QStringLiteral("://") + request.host.toLower() + u':' + QString::number(request.port);
    auto &origin = m_origins[key];
    if (!origin) {
        origin = std::make_shared<Origin>();
        origin->scheme = request.scheme;
        origin->host = request.host;
        origin->port = request.port;
    }
    exchange->originKey = key;
    origin->queue.append(exchange);
    // Dispatched from the event loop, so that no callback runs inside send().
    QMetaObject::invokeMethod(
        this, [this, key] { dispatch(key); }, Qt::QueuedConnection);
    return id;
}

void UpstreamConnectionPool::cancel(quint64 id)
{
    Exchange *exchange = m_exchanges.take(id);
    if (!exchange)
        return;
    if (const auto origin = m_origins.value(exchange->originKey)) {
        origin->queue.removeOne(exchange);
        if (Connection *c = exchange->connection) {
            // Half an answer may still be on its way: the connection is spent.
            c->exchange = nullptr;
            --origin->busy;
            destroyConnection(c);
            const QString key = exchange->originKey;
            QMetaObject::invokeMethod(
                this, [this, key] { dispatch(key); }, Qt::QueuedConnection);
        }
    }
    delete exchange;
}

void UpstreamConnectionPool::dispatch(const QString &originKey)
{
    for (;;) {
        const auto origin = m_origins.value(originKey);
        if (!origin || origin->queue.isEmpty() || origin->busy >= kMaxBusy)
            return;
        Exchange *exchange = origin->queue.takeFirst();
        ++origin->busy;
        Connection *connection = nullptr;
        while (!origin->idle.isEmpty() && !connection) {
            Connection *c = origin->idle.takeLast();
            c->idle = false;
            if (c->socket->state() == QAbstractSocket::ConnectedState)
                connection = c;
            else
                destroyConnection(c);
        }
        if (!connection) {
            Error error;
            connection = openConnection(*origin, &error);
            if (!connection) {
                --origin->busy;
                finishExchange(exchange, error);
                continue;
            }
        }
        assign(exchange, connection);
    }
}

UpstreamConnectionPool::Connection *UpstreamConnectionPool::openConnection(Origin &origin, Error *error)
{
    const bool tls = origin.scheme == QStringLiteral("https");
    QNetworkProxy proxy(QNetworkProxy::NoProxy);
    if (!isLoopbackHost(origin.host)) {
        // The system's proxy, as for every other call Sanctum makes; loopback
        // is never proxied (HttpClient's rule).
        QUrl url;
        url.setScheme(origin.scheme);
        url.setHost(origin.host);
        url.setPort(origin.port);
        const QList<QNetworkProxy> proxies = QNetworkProxyFactory::systemProxyForQuery(QNetworkProxyQuery(url));
        const QNetworkProxy p = proxies.value(0, QNetworkProxy(QNetworkProxy::NoProxy));
        switch (p.type()) {
        case QNetworkProxy::NoProxy:
        case QNetworkProxy::DefaultProxy:
            break;
        case QNetworkProxy::HttpProxy:
        case QNetworkProxy::Socks5Proxy:
            // The socket tunnels through it (CONNECT, or SOCKS5); TLS then
            // runs end to end with the upstream.
            proxy = p;
            break;
        default:
            *error = Error{QStringLiteral("proxy_unsupported"),
                           QStringLiteral("the system proxy for %1 is a caching proxy, which cannot tunnel the "
                                          "broker's upstream connections; configure an HTTP (CONNECT) or SOCKS5 "
                                          "proxy")
                               .arg(origin.host)};
            return nullptr;
        }
    }

    auto *connection = new Connection;
    connection->originKey =
        origin.scheme + QStringLiteral("://") + origin.host.toLower() + u':' + QString::number(origin.port);
    QSslSocket *ssl = tls ? new QSslSocket : nullptr;
    connection->socket = tls ? ssl : new QTcpSocket;
    connection->socket->setProxy(proxy);
    connection->timer = new QTimer(connection->socket);
    connection->timer->setSingleShot(true);
    ++m_opened;

    QTcpSocket *socket = connection->socket;
    connect(socket, &QAbstractSocket::connected, this, [socket] {
        // Requests are written whole; there is nothing to gain from Nagle.
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        socket->setSocketOption(QAbstractSocket::KeepAliveOption, 1);
    });
    if (tls) {
        connect(ssl, &QSslSocket::encrypted, this, [this, connection] { onConnected(connection); });
        connect(ssl, &QSslSocket::sslErrors, this, [connection](const QList<QSslError> &errors) {
            QStringList texts;
            for (const QSslError &e : errors)
                texts.append(e.errorString());
            connection->tlsErrors = texts.join(QStringLiteral("; "));
        });
    } else {
        connect(socket, &QAbstractSocket::connected, this, [this, connection] { onConnected(connection); });
    }
    connect(socket, &QIODevice::readyRead, this, [this, connection] { onReadable(connection); });
    // A large request body going out slowly is progress too.
    connect(socket, &QIODevice::bytesWritten, this, [this, connection] {
        if (connection->exchange && connection->ready)
            armTransferTimer(connection);
    });
    connect(socket, &QAbstractSocket::errorOccurred, this, [this, connection](QAbstractSocket::SocketError e) {
        const QString host = connection->originKey;
        Error error;
        switch (e) {
        case QAbstractSocket::SslHandshakeFailedError:
        case QAbstractSocket::SslInternalError:
        case QAbstractSocket::SslInvalidUserDataError:
            error = Error{
                QStringLiteral("tls"),
                QStringLiteral("a secure connection to %1 could not be established: %2")
                    .arg(host,
                         connection->tlsErrors.isEmpty() ? connection->socket->errorString() : connection->tlsErrors)};
            break;
        case QAbstractSocket::SocketTimeoutError:
            error = Error{QStringLiteral("timeout"), QStringLiteral("%1 did not answer in time").arg(host)};
            break;
        default:
            error = Error{QStringLiteral("network"),
                          QStringLiteral("cannot reach %1: %2").arg(host, connection->socket->errorString())};
        }
        onClosed(connection, error);
    });
    connect(socket, &QAbstractSocket::disconnected, this, [this, connection] {
        onClosed(
            connection,
            Error{QStringLiteral("network"), QStringLiteral("%1 closed the connection").arg(connection->originKey)});
    });
    connect(connection->timer, &QTimer::timeout, this, [this, connection] {
        if (connection->idle) {
            qCDebug(lcAuth) << "closing an idle upstream connection to" << connection->originKey;
            const auto origin = m_origins.value(connection->originKey);
            if (origin)
                origin->idle.removeOne(connection);
            connection->idle = false;
            destroyConnection(connection);
            return;
        }
        onClosed(connection,
                 Error{QStringLiteral("timeout"),
                       connection->ready
                           ? QStringLiteral("%1 did not answer in time").arg(connection->originKey)
                           : QStringLiteral("%1 could not be reached in time").arg(connection->originKey)});
    });

    connection->timer->start(m_connectTimeoutMs);
    if (tls) {
        QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
        conf.setProtocol(QSsl::TlsV1_2OrLater);
        conf.setPeerVerifyMode(QSslSocket::VerifyPeer);
        conf.setAllowedNextProtocols({QByteArrayLiteral("http/1.1")});
        if (!m_extraCas.isEmpty())
            conf.addCaCertificates(m_extraCas);
        ssl->setSslConfiguration(conf);
        // The peer name checked against the certificate is this host name.
        ssl->connectToHostEncrypted(origin.host, origin.port);
    } else {
        socket->connectToHost(origin.host, origin.port);
    }
    return connection;
}

void UpstreamConnectionPool::assign(Exchange *exchange, Connection *connection)
{
    exchange->connection = connection;
    connection->exchange = exchange;
    connection->parser.reset(exchange->request.head ? UpstreamResponseParser::Request::Head
                                                    : UpstreamResponseParser::Request::Other);
    if (connection->ready) {
        armTransferTimer(connection);
        connection->socket->write(exchange->request.bytes);
    }
}

void UpstreamConnectionPool::armTransferTimer(Connection *connection)
{
    connection->timer->start(m_transferTimeoutMs);
}

void UpstreamConnectionPool::onConnected(Connection *connection)
{
    if (connection->closed)
        return;
    connection->ready = true;
    if (Exchange *e = connection->exchange) {
        armTransferTimer(connection);
        connection->socket->write(e->request.bytes);
    } else {
        connection->timer->stop();
    }
}

void UpstreamConnectionPool::onReadable(Connection *connection)
{
    if (connection->closed)
        return;
    const QByteArray bytes = connection->socket->readAll();
    Exchange *exchange = connection->exchange;
    if (!exchange) {
        // An idle connection the server wrote to (or closed): of no use now.
        dropIdle(connection);
        return;
    }
    if (bytes.isEmpty())
        return;
    armTransferTimer(connection);
    UpstreamResponseParser &parser = connection->parser;
    const qsizetype used = parser.feed(bytes);
    const quint64 id = exchange->id;
    const auto stillOurs = [&] {
        Exchange *e = m_exchanges.value(id);
        return e && e->connection == connection && !connection->closed;
    };

    if (parser.headComplete() && !exchange->headDelivered) {
        exchange->headDelivered = true;
        if (exchange->callbacks.head)
            exchange->callbacks.head(parser.status(), parser.headers());
        if (!stillOurs())
            return;
    }
    const QByteArray body = parser.takeBody();
    if (!body.isEmpty() && exchange->callbacks.data) {
        exchange->callbacks.data(body);
        if (!stillOurs())
            return;
    }
    if (parser.hasFailed()) {
        qCInfo(lcAuth) << "refusing an upstream answer from" << connection->originKey << ":" << parser.errorString();
        onClosed(
            connection,
            Error{QStringLiteral("bad_response"),
                  QStringLiteral("%1 sent an invalid answer: %2").arg(connection->originKey, parser.errorString())});
        return;
    }
    if (parser.isComplete()) {
        // Bytes past the answer belong to no request: the stream is out of step.
        const bool reusable = parser.keepAlive() && used == bytes.size();
        connection->exchange = nullptr;
        exchange->connection = nullptr;
        releaseConnection(connection, reusable);
        finishExchange(exchange, Error{});
    }
}

void UpstreamConnectionPool::onClosed(Connection *connection, const Error &error)
{
    if (connection->closed)
        return;
    if (connection->idle)
        return dropIdle(connection);
    Exchange *exchange = connection->exchange;
    if (!exchange) {
        destroyConnection(connection);
        return;
    }
    const auto origin = m_origins.value(connection->originKey);
    // What the kernel still holds belongs to the answer.
    if (connection->socket->bytesAvailable() > 0 && error.code != QStringLiteral("timeout") &&
        error.code != QStringLiteral("bad_response")) {
        onReadable(connection);
        if (connection->closed || connection->exchange != exchange)
            return;
    }
    UpstreamResponseParser &parser = connection->parser;
    connection->exchange = nullptr;
    exchange->connection = nullptr;
    destroyConnection(connection);

    if (!parser.started() && connection->reused && !exchange->retried && exchange->request.idempotent &&
        error.code == QStringLiteral("network")) {
        // The server closed the kept-alive connection while it sat idle; the
        // request never reached it. Once, on a fresh connection.
        qCDebug(lcAuth) << "a reused upstream connection to" << connection->originKey << "was closed; sending again";
        exchange->retried = true;
        Error openError;
        Connection *fresh = origin ? openConnection(*origin, &openError) : nullptr;
        if (fresh) {
            assign(exchange, fresh);
            return;
        }
        if (origin)
            --origin->busy;
        finishExchange(exchange, openError);
        return;
    }
    if (origin)
        --origin->busy;
    if (error.code == QStringLiteral("network") && parser.headComplete() && !parser.hasFailed()) {
        parser.finish();
        if (parser.isComplete()) {
            finishExchange(exchange, Error{});
            QMetaObject::invokeMethod(
                this, [this, key = connection->originKey] { dispatch(key); }, Qt::QueuedConnection);
            return;
        }
        finishExchange(exchange, Error{QStringLiteral("network"), parser.errorString()});
    } else {
        finishExchange(exchange, error);
    }
    QMetaObject::invokeMethod(
        this, [this, key = connection->originKey] { dispatch(key); }, Qt::QueuedConnection);
}

void UpstreamConnectionPool::finishExchange(Exchange *exchange, const Error &error)
{
    m_exchanges.remove(exchange->id);
    auto finished = std::move(exchange->callbacks.finished);
    delete exchange;
    if (finished)
        finished(error);
}

void UpstreamConnectionPool::releaseConnection(Connection *connection, bool reusable)
{
    const auto origin = m_origins.value(connection->originKey);
    if (origin)
        --origin->busy;
    if (reusable && origin && connection->socket->state() == QAbstractSocket::ConnectedState) {
        connection->reused = true;
        connection->idle = true;
        origin->idle.append(connection);
        connection->timer->start(kIdleMs);
    } else {
        destroyConnection(connection);
    }
    if (origin && !origin->queue.isEmpty())
        QMetaObject::invokeMethod(
            this, [this, key = connection->originKey] { dispatch(key); }, Qt::QueuedConnection);
}

void UpstreamConnectionPool::dropIdle(Connection *connection)
{
    if (connection->idle) {
        if (const auto origin = m_origins.value(connection->originKey))
            origin->idle.removeOne(connection);
        connection->idle = false;
    }
    destroyConnection(connection);
}

void UpstreamConnectionPool::destroyConnection(Connection *connection)
{
    if (connection->closed)
        return;
    connection->closed = true;
    connection->timer->stop();
    QObject::disconnect(connection->socket, nullptr, this, nullptr);
    QObject::disconnect(connection->timer, nullptr, this, nullptr);
    connection->socket->abort();
    connection->socket->deleteLater();
    // Handlers further up the stack may still hold the pointer.
    QMetaObject::invokeMethod(
        this, [connection] { delete connection; }, Qt::QueuedConnection);
}

} // namespace sanctum
