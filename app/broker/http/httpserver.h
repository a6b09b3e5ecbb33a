#pragma once

#include "broker/http/httpconnection.h"
#include "broker/http/httplimits.h"
#include "domain/error.h"

#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QUrl>

#include <atomic>
#include <memory>

class QTcpServer;
class QThread;

namespace sanctum {

class HttpServeLoop;
struct HttpServeShared;

// The broker's HTTP/1.1 server: strict parsing, bounded resources (see
// HttpLimits), and a handler that answers every request through an
// HttpResponder — at once or later. Connections over the cap are answered
// "503 busy" and closed rather than left to queue up.
//
// It serves either on its own thread with one handler (setHandler: tests
// and tools), or on threads of its own (setThreads): one listener accepts,
// on the first of them, and hands each connection to the next thread in
// turn, where it stays; each thread answers with the handler made for it.
class HttpServer : public QObject {
    Q_OBJECT
public:
    using Handler = HttpConnection::Handler;
    // Called once on each serving thread, before it serves. `home` lives on
    // that thread while it serves: whatever the handler needs is parented to it.
    using HandlerFactory = std::function<Handler(QObject *home)>;

    explicit HttpServer(const HttpLimits &limits = {}, QObject *parent = nullptr);
    ~HttpServer() override;

    void setHandler(Handler handler);
    void setThreads(int threads, HandlerFactory factory);
    Status listen(const QHostAddress &address, quint16 port);
    // Stops listening, drops every connection (their responders become
    // no-ops) and ends the serving threads.
    void close();

    quint16 port() const { return m_port; }
    QHostAddress address() const { return m_address; }
    // http://127.0.0.1:PORT (the loopback address when listening on "any").
    QUrl url() const;
    // Connections being served, not counting refused ones still closing.
    int connectionCount() const;
    // Serving threads of its own; 0 when it serves on its owner's thread.
    int threadCount() const { return m_threads; }
    const HttpLimits &limits() const { return m_limits; }

private:
    struct Serving {
        QThread *thread = nullptr; // null: the server's own thread
        HttpServeLoop *loop = nullptr;
    };
    void startLoops();
    void stopLoops();
    void onLoop(const Serving &serving, const std::function<void()> &work);
    // On the listener's thread, for each accepted connection.
    void accept(qintptr descriptor);

    HttpLimits m_limits;
    std::shared_ptr<HttpServeShared> m_shared;
    Handler m_handler;
    HandlerFactory m_factory;
    int m_threads = 0;
    QList<Serving> m_loops;
    QTcpServer *m_listener = nullptr; // lives on the first loop's thread
    std::atomic<quint64> m_turn{0};
    quint16 m_port = 0;
    QHostAddress m_address;
};

} // namespace sanctum
