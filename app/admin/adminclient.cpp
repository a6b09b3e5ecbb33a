#include "admin/adminclient.h"

#include "admin/adminendpoint.h"

#include <QDeadlineTimer>
#include <QFileInfo>
#include <QJsonDocument>

namespace sanctum {

AdminClient::AdminClient(const QString &dataDir)
    : m_dataDir(dataDir)
    , m_path(AdminEndpoint::socketPath(dataDir))
{
}

Status AdminClient::connectToInstance(int timeoutMs)
{
    const QString hint = QStringLiteral("no Sanctum instance is running for the data directory %1 (start one with "
                                        "`sanctum --headless`, or pass the right --data-dir)")
                             .arg(m_dataDir);
    if (!QFileInfo::exists(m_path))
        return Error{QStringLiteral("not_running"), hint};
    m_socket.connectToServer(m_path);
    if (m_socket.waitForConnected(timeoutMs))
        return Done{};
    switch (m_socket.error()) {
    case QLocalSocket::ConnectionRefusedError:
    case QLocalSocket::ServerNotFoundError:
        // A socket file left by an instance that was killed.
        return Error{QStringLiteral("not_running"), hint};
    case QLocalSocket::SocketAccessError:
        return Error{QStringLiteral("access_denied"),
                     QStringLiteral("the admin socket %1 belongs to another user").arg(m_path)};
    default:
        return Error{QStringLiteral("unreachable"),
                     QStringLiteral("cannot reach the Sanctum instance at %1: %2").arg(m_path, m_socket.errorString())};
    }
}

Expected<QJsonObject> AdminClient::call(const QString &cmd, const QJsonObject &args, int timeoutMs)
{
    if (m_socket.state() != QLocalSocket::ConnectedState)
        if (Status s = connectToInstance(); !s)
            return s.error();
    const qint64 id = m_nextId++;
    const QJsonObject request{{QStringLiteral("id"), id}, {QStringLiteral("cmd"), cmd}, {QStringLiteral("args"), args}};
    m_socket.write(QJsonDocument(request).toJson(QJsonDocument::Compact) + '\n');
    m_socket.flush();

    const Error lost{QStringLiteral("unreachable"),
                     QStringLiteral("the Sanctum instance closed the connection without answering")};
    QDeadlineTimer deadline(timeoutMs);
    while (!m_socket.canReadLine()) {
        if (m_socket.bytesAvailable() > AdminEndpoint::kMaxLineBytes)
            return Error{QStringLiteral("bad_reply"), QStringLiteral("the instance's reply is too large")};
        if (m_socket.state() != QLocalSocket::ConnectedState)
            return lost;
        if (!m_socket.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())))) {
            if (deadline.hasExpired())
                return Error{QStringLiteral("timeout"),
                             QStringLiteral("the Sanctum instance did not answer within %1 s").arg(timeoutMs / 1000)};
            if (m_socket.state() != QLocalSocket::ConnectedState)
                return lost;
        }
    }
    const QByteArray line = m_socket.readLine();
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(line, &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        return Error{QStringLiteral("bad_reply"), QStringLiteral("the instance's reply is not valid JSON")};
    const QJsonObject reply = doc.object();
    if (!reply.value(QStringLiteral("ok")).toBool())
        return Error{reply.value(QStringLiteral("error")).toString(QStringLiteral("failed")),
                     reply.value(QStringLiteral("message")).toString(QStringLiteral("the request failed"))};
    return reply.value(QStringLiteral("result")).toObject();
}

} // namespace sanctum
