#pragma once

#include "domain/error.h"

#include <QObject>

class QLocalServer;
class QLocalSocket;

namespace sanctum {

class AdminCommands;

// The owner-only local socket sanctumctl talks to: one JSON request per line
// in, one JSON reply per line out. A bad line gets an error reply and the
// connection (and the server) carry on; an oversized one closes the connection.
class AdminServer : public QObject {
    Q_OBJECT
public:
    static constexpr int kMaxClients = 32;
    static constexpr int kRefusalLingerMs = 500;

    AdminServer(AdminCommands &commands, QObject *parent = nullptr);
    ~AdminServer() override;

    Status listen(const QString &path);
    QString path() const;

private:
    void onNewConnection();
    void onReadyRead(QLocalSocket *socket);
    void refuseOversized(QLocalSocket *socket);
    void reply(QLocalSocket *socket, const QJsonObject &message);

    AdminCommands &m_commands;
    QLocalServer *m_server;
    int m_clients = 0;
};

} // namespace sanctum
