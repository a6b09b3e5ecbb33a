#pragma once

#include "domain/error.h"

#include <QObject>
#include <QUrl>
#include <QUrlQuery>

class QTcpServer;
class QTcpSocket;
class QTimer;

namespace sanctum {

// The redirect target of a native app's authorization request (RFC 8252
// §7.3): a one-shot HTTP listener on 127.0.0.1 and an ephemeral port. It
// accepts exactly one callback on its path, answers the browser with a
// friendly page, and closes; it also closes after a timeout. Anything else
// that knocks (a favicon request, a stray GET) gets a 404 and does not use
// up the one callback.
class LoopbackListener : public QObject {
    Q_OBJECT
public:
    static constexpr qint64 kMaxRequestBytes = 16 * 1024;

    explicit LoopbackListener(QObject *parent = nullptr);
    ~LoopbackListener() override;

    Status listen(const QString &path = QStringLiteral("/callback"));
    // http://127.0.0.1:<port>/callback
    QUrl redirectUri() const { return m_redirectUri; }
    void setTimeout(int msecs);
    void close();

    // How the browser page should read, once the callback's fate is known.
    static QByteArray page(bool success, const QString &message);

Q_SIGNALS:
    // The callback's query parameters (code, state, iss, or error…).
    void callbackReceived(const QUrlQuery &query);
    void failed(const sanctum::Error &error);

private:
    void onConnection();
    void onReadyRead(QTcpSocket *socket);
    void respond(QTcpSocket *socket, int status, const QByteArray &body);

    QTcpServer *m_server;
    QTimer *m_timeout;
    QString m_path;
    QUrl m_redirectUri;
    bool m_done = false;
};

} // namespace sanctum
