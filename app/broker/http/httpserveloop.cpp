#include "broker/http/httpserveloop.h"

#include "domain/logging.h"

#include <QTcpSocket>

namespace sanctum {

HttpServeLoop::HttpServeLoop(std::shared_ptr<HttpServeShared> shared, QObject *parent)
    : QObject(parent)
    , m_shared(std::move(shared))
{
}

HttpServeLoop::~HttpServeLoop()
{
    qDeleteAll(findChildren<HttpConnection *>(Qt::FindDirectChildrenOnly));
}

QTcpSocket *HttpServeLoop::adopt(qintptr descriptor)
{
    auto *socket = new QTcpSocket;
    if (!socket->setSocketDescriptor(descriptor)) {
        qCWarning(lcBroker) << "could not take an accepted connection:" << socket->errorString();
        delete socket;
        return nullptr;
    }
    // Answers often leave in two writes (a streamed body, then its end);
    // with Nagle on, the second waits for the client's delayed ACK: 40 ms.
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    return socket;
}

void HttpServeLoop::serve(qintptr descriptor)
{
    QTcpSocket *socket = adopt(descriptor);
    if (!socket) {
        --m_shared->connections;
        return;
    }
    auto *connection = new HttpConnection(socket, m_shared->limits, m_handler, this);
    connect(connection, &HttpConnection::closed, this, [shared = m_shared] { --shared->connections; });
}

void HttpServeLoop::refuse(qintptr descriptor)
{
    QTcpSocket *socket = adopt(descriptor);
    if (!socket) {
        --m_shared->refusing;
        return;
    }
    auto *connection = new HttpConnection(socket, m_shared->limits, {}, this);
    connect(connection, &HttpConnection::closed, this, [shared = m_shared] { --shared->refusing; });
    connection->refuse(Error{QStringLiteral("busy"),
                             QStringLiteral("the broker is serving %1 connections, its limit; try again shortly")
                                 .arg(m_shared->limits.maxConnections),
                             503});
}

void HttpServeLoop::abortAll()
{
    const QList<HttpConnection *> connections = findChildren<HttpConnection *>(Qt::FindDirectChildrenOnly);
    for (HttpConnection *connection : connections)
        connection->abort();
}

} // namespace sanctum
