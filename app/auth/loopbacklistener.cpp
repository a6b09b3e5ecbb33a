#include "auth/loopbacklistener.h"

#include "domain/logging.h"

#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

namespace sanctum {

LoopbackListener::LoopbackListener(QObject *parent)
    : QObject(parent)
    , m_server(new QTcpServer(this))
    , m_timeout(new QTimer(this))
{
    m_timeout->setSingleShot(true);
    m_timeout->setInterval(5 * 60 * 1000);
    connect(m_timeout, &QTimer::timeout, this, [this] {
        if (m_done)
            return;
        m_done = true;
        close();
        Q_EMIT failed(Error{QStringLiteral("login_timeout"),
                            QStringLiteral("the login was not completed in the browser in time")});
    });
    connect(m_server, &QTcpServer::newConnection, this, &LoopbackListener::onConnection);
}

LoopbackListener::~LoopbackListener() = default;

Status LoopbackListener::listen(const QString &path)
{
    m_path = path;
    // Loopback only, never "any": the code must not be reachable from the network.
    if (!m_server->listen(QHostAddress::LocalHost, 0))
        return Error{
            QStringLiteral("network"),
            QStringLiteral("cannot open a local port for the login redirect: %1").arg(m_server->errorString())};
    // Kept, not derived from the server: the token request must repeat the
    // exact redirect URI after the listener has closed.
    m_redirectUri.setScheme(QStringLiteral("http"));
    m_redirectUri.setHost(QStringLiteral("127.0.0.1"));
    m_redirectUri.setPort(m_server->serverPort());
    m_redirectUri.setPath(m_path);
    m_timeout->start();
    return Done{};
}

void LoopbackListener::setTimeout(int msecs)
{
    m_timeout->setInterval(msecs);
    if (m_timeout->isActive())
        m_timeout->start();
}

void LoopbackListener::close()
{
    m_timeout->stop();
    m_server->close();
}

void LoopbackListener::onConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
    }
}

void LoopbackListener::onReadyRead(QTcpSocket *socket)
{
    if (socket->bytesAvailable() > kMaxRequestBytes) {
        respond(socket, 431, page(false, tr("The request was too large.")));
        return;
    }
    if (!socket->canReadLine())
        return;
    // "GET /callback?code=…&state=… HTTP/1.1"; the headers that follow do not matter.
    const QList<QByteArray> requestLine = socket->readLine(kMaxRequestBytes).trimmed().split(' ');
    if (requestLine.size() != 3 || requestLine[0] != "GET" || !requestLine[2].startsWith("HTTP/1.")) {
        respond(socket, 400, page(false, tr("That was not a login callback.")));
        return;
    }
    const QUrl target(QString::fromLatin1(requestLine[1]));
    if (target.path() != m_path || m_done) {
        respond(socket, 404, page(false, tr("Nothing here.")));
        return;
    }
    m_done = true;
    // Form-style encoding may stand for a space with '+'; tokens, codes and
    // states never contain one (they are base64url), so this loses nothing.
    const QUrlQuery query(target.query(QUrl::FullyEncoded).replace(QLatin1Char('+'), QStringLiteral("%20")));
    const bool ok = !query.hasQueryItem(QStringLiteral("error")) && query.hasQueryItem(QStringLiteral("code"));
    respond(socket,
            200,
            page(ok,
                 ok ? tr("You are signed in to Sanctum. You can close this tab.")
                    : tr("The sign-in did not complete: %1")
                          .arg(query.queryItemValue(QStringLiteral("error_description"), QUrl::FullyDecoded))));
    close();
    Q_EMIT callbackReceived(query);
}

void LoopbackListener::respond(QTcpSocket *socket, int status, const QByteArray &body)
{
    const QByteArray reason = status == 200   ? "OK"
                              : status == 404 ? "Not Found"
                              : status == 431 ? "Request Header Fields Too Large"
                                              : "Bad Request";
    socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reason +
                  "\r\nContent-Type: text/html; charset=utf-8\r\nCache-Control: no-store\r\n"
                  "Referrer-Policy: no-referrer\r\nConnection: close\r\nContent-Length: " +
                  QByteArray::number(body.size()) + "\r\n\r\n" + body);
    socket->disconnectFromHost();
}

QByteArray LoopbackListener::page(bool success, const QString &message)
{
    const QString title = success ? tr("Signed in") : tr("Sign-in failed");
    const QString colour = success ? QStringLiteral("#2e7d32") : QStringLiteral("#c62828");
    return QStringLiteral("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sanctum — %1</title>"
                          "<style>body{font-family:system-ui,sans-serif;display:grid;place-items:center;height:90vh;"
                          "margin:0;background:#f5f6fa;color:#1b2445}main{text-align:center;max-width:32em}"
                          "h1{color:%2;font-weight:600}</style></head><body><main><h1>%1</h1><p>%3</p></main>"
                          "</body></html>")
        .arg(title, colour, message.toHtmlEscaped())
        .toUtf8();
}

} // namespace sanctum
