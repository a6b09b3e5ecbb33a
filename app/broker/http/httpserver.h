#pragma once

#include "broker/http/httpconnection.h"
#include "broker/http/httplimits.h"
#include "domain/error.h"

#include <QHostAddress>
#include <QObject>
#include <QUrl>

class QTcpServer;

namespace sanctum {

// The broker's HTTP/1.1 server: a QTcpServer, strict parsing, bounded
// resources (see HttpLimits), and one handler that answers every request
// through an HttpResponder — at once or later. Connections over the cap are
// answered "503 busy" and closed rather than left to queue up.
class HttpServer : public QObject {
    Q_OBJECT
public:
    using Handler = HttpConnection::Handler;

    explicit HttpServer(const HttpLimits &limits = {}, QObject *parent = nullptr);
    ~HttpServer() override;

    // For connections accepted from now on.
    void setHandler(Handler handler);
    Status listen(const QHostAddress &address, quint16 port);
    // Stops listening and drops every connection; their responders become no-ops.
    void close();

    quint16 port() const;
    QHostAddress address() const;
    // http://127.0.0.1:PORT (the loopback address when listening on "any").
    QUrl url() const;
    // Connections being served, not counting refused ones still closing.
    int connectionCount() const { return m_connections; }
    const HttpLimits &limits() const { return m_limits; }

private:
    void onNewConnection();

    HttpLimits m_limits;
    Handler m_handler;
    QTcpServer *m_server;
    int m_connections = 0;
    int m_refusing = 0;
};

} // namespace sanctum
