#include "broker/http/httpserver.h"

#include "domain/logging.h"

#include <QTcpServer>
#include <QTcpSocket>

namespace sanctum {

namespace {

// Refused connections linger briefly so the 503 can be read; beyond this many
// at once (a flood), they are dropped without an answer.
constexpr int kMaxRefusing = 32;

} // namespace

HttpServer::HttpServer(const HttpLimits &limits, QObject *parent)
    : QObject(parent)
    , m_limits(limits)
    , m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, &HttpServer::onNewConnection);
}

HttpServer::~HttpServer() = default;

void HttpServer::setHandler(Handler handler)
{
    m_handler = std::move(handler);
}

Status HttpServer::listen(const QHostAddress &address, quint16 port)
{
    m_server->setListenBacklogSize(m_limits.maxConnections);
    if (!m_server->listen(address, port))
        return Error{QStringLiteral("listen_failed"),
                     QStringLiteral("cannot listen on %1 port %2: %3")
                         .arg(address.toString())
                         .arg(port)
                         .arg(m_server->errorString())};
    qCInfo(lcBroker).noquote() << "broker listening on" << url().toString();
    return Done{};
}

void HttpServer::close()
{
    m_server->close();
    const QList<HttpConnection *> connections = findChildren<HttpConnection *>(Qt::FindDirectChildrenOnly);
    for (HttpConnection *connection : connections)
        connection->abort();
}

quint16 HttpServer::port() const
{
    return m_server->serverPort();
}

QHostAddress HttpServer::address() const
{
    return m_server->serverAddress();
}

QUrl HttpServer::url() const
{
    QHostAddress host = address();
    if (host == QHostAddress::Any || host == QHostAddress::AnyIPv4)
        host = QHostAddress(QHostAddress::LocalHost);
    else if (host == QHostAddress::AnyIPv6)
        host = QHostAddress(QHostAddress::LocalHostIPv6);
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(host.toString());
    url.setPort(port());
    return url;
}

void HttpServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        // Answers often leave in two writes (a streamed body, then its end);
        // with Nagle on, the second waits for the client's delayed ACK: 40 ms.
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        if (m_connections < m_limits.maxConnections) {
            ++m_connections;
            auto *connection = new HttpConnection(socket, m_limits, m_handler, this);
            connect(connection, &HttpConnection::closed, this, [this] { --m_connections; });
            continue;
        }
        if (m_refusing >= kMaxRefusing) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        qCWarning(lcBroker) << "refusing a connection: already serving" << m_connections;
        ++m_refusing;
        auto *connection = new HttpConnection(socket, m_limits, {}, this);
        connect(connection, &HttpConnection::closed, this, [this] { --m_refusing; });
        connection->refuse(Error{QStringLiteral("busy"),
                                 QStringLiteral("the broker is serving %1 connections, its limit; try again shortly")
                                     .arg(m_limits.maxConnections),
                                 503});
    }
}

} // namespace sanctum
