#include "admin/adminserver.h"

#include "admin/admincommands.h"
#include "admin/adminendpoint.h"
#include "domain/logging.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalServer>
#include <QLocalSocket>
#include <QPointer>
#include <QTimer>

namespace sanctum {

AdminServer::AdminServer(AdminCommands &commands, QObject *parent)
    : QObject(parent)
    , m_commands(commands)
    , m_server(new QLocalServer(this))
{
    // Owner-only: the socket can approve missions and revoke everything.
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    connect(m_server, &QLocalServer::newConnection, this, &AdminServer::onNewConnection);
}

AdminServer::~AdminServer()
{
    m_server->close(); // also removes the socket file
}

Status AdminServer::listen(const QString &path)
{
    // The caller holds the instance lock, so a socket file already there was
    // left by a process that died without cleaning up.
    if (QFile::exists(path))
        QLocalServer::removeServer(path);
    if (!m_server->listen(path))
        return Error{QStringLiteral("admin_socket"),
                     QStringLiteral("cannot listen on the admin socket %1: %2").arg(path, m_server->errorString())};
    qCInfo(lcAdmin).noquote() << "admin socket listening on" << path;
    return Done{};
}

QString AdminServer::path() const
{
    return m_server->fullServerName();
}

void AdminServer::onNewConnection()
{
    while (QLocalSocket *socket = m_server->nextPendingConnection()) {
        if (m_clients >= kMaxClients) {
            reply(socket,
                  AdminCommands::errorReply(
                      QJsonValue(), QStringLiteral("busy"), QStringLiteral("too many admin connections")));
            // A client usually writes its request at once. Closing on unread
            // data would reset the connection and could destroy the reply
            // before the client reads it, so what it sends is drained, and
            // the line closed a moment later (or by the client, first).
            connect(socket, &QLocalSocket::readyRead, socket, [socket] { socket->readAll(); });
            connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
            socket->readAll();
            QTimer::singleShot(kRefusalLingerMs, socket, [socket] { socket->disconnectFromServer(); });
            continue;
        }
        ++m_clients;
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QLocalSocket::disconnected, this, [this, socket] {
            --m_clients;
            socket->deleteLater();
        });
    }
}

void AdminServer::onReadyRead(QLocalSocket *socket)
{
    while (socket->canReadLine()) {
        const QByteArray raw = socket->readLine(AdminEndpoint::kMaxLineBytes + 1);
        if (!raw.endsWith('\n')) {
            refuseOversized(socket);
            return;
        }
        const QByteArray line = raw.trimmed();
        if (line.isEmpty())
            continue;
        QJsonParseError err;
        const QJsonDocument doc = QJsonDocument::fromJson(line, &err);
        if (err.error != QJsonParseError::NoError || !doc.isObject()) {
            reply(socket,
                  AdminCommands::errorReply(QJsonValue(),
                                            QStringLiteral("bad_request"),
                                            err.error != QJsonParseError::NoError
                                                ? QStringLiteral("the request is not valid JSON (%1 at offset %2)")
                                                      .arg(err.errorString())
                                                      .arg(err.offset)
                                                : QStringLiteral("the request must be a JSON object")));
            continue;
        }
        m_commands.handle(doc.object(), [this, guard = QPointer<QLocalSocket>(socket)](const QJsonObject &r) {
            if (guard && guard->state() == QLocalSocket::ConnectedState)
                reply(guard, r);
        });
    }
    // A line that never ends is refused before it can fill our memory.
    if (socket->bytesAvailable() > AdminEndpoint::kMaxLineBytes)
        refuseOversized(socket);
}

void AdminServer::refuseOversized(QLocalSocket *socket)
{
    qCWarning(lcAdmin) << "admin client sent an oversized request; closing it";
    reply(socket,
          AdminCommands::errorReply(
              QJsonValue(),
              QStringLiteral("too_large"),
              QStringLiteral("a request line may be at most %1 bytes").arg(AdminEndpoint::kMaxLineBytes)));
    socket->disconnectFromServer();
}

void AdminServer::reply(QLocalSocket *socket, const QJsonObject &message)
{
    socket->write(QJsonDocument(message).toJson(QJsonDocument::Compact) + '\n');
}

} // namespace sanctum
