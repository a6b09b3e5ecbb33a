#pragma once

#include "broker/http/httpconnection.h"
#include "broker/http/httplimits.h"

#include <QObject>

#include <atomic>
#include <memory>

namespace sanctum {

// What every serving thread of one HttpServer shares: its limits and the
// count of connections being served, so the cap holds across threads.
struct HttpServeShared {
    HttpLimits limits;
    std::atomic<int> connections{0};
    std::atomic<int> refusing{0};
};

// The connections of one serving thread: made from accepted socket
// descriptors on that thread, answered by that thread's handler, dropped
// all at once on close. Lives on its thread.
class HttpServeLoop : public QObject {
    Q_OBJECT
public:
    HttpServeLoop(std::shared_ptr<HttpServeShared> shared, QObject *parent = nullptr);
    // Connections go before whatever else was made for the thread (the
    // handler's objects), which their calls may still refer to.
    ~HttpServeLoop() override;

    void setHandler(HttpConnection::Handler handler) { m_handler = std::move(handler); }
    // A connection accepted for this thread; counted by whoever accepted it.
    void serve(qintptr descriptor);
    // Over the cap: the 503 answer, then the connection goes.
    void refuse(qintptr descriptor);
    // Drops every connection at once; their responders become no-ops.
    void abortAll();

private:
    QTcpSocket *adopt(qintptr descriptor);

    std::shared_ptr<HttpServeShared> m_shared;
    HttpConnection::Handler m_handler;
};

} // namespace sanctum
