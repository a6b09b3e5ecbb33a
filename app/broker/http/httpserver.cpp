#include "broker/http/httpserver.h"

#include "broker/http/httpserveloop.h"
#include "domain/logging.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

namespace sanctum {

namespace {

// Refused connections linger briefly so the 503 can be read; beyond this many
// at once (a flood), they are dropped without an answer.
constexpr int kMaxRefusing = 32;

// Hands accepted descriptors over instead of making sockets on the
// listener's thread: a connection is to live on the thread that serves it.
class HttpListener final : public QTcpServer {
public:
    HttpListener(std::function<void(qintptr)> accepted, QObject *parent)
        : QTcpServer(parent)
        , m_accepted(std::move(accepted))
    {
    }

protected:
    void incomingConnection(qintptr descriptor) override { m_accepted(descriptor); }

private:
    std::function<void(qintptr)> m_accepted;
};

void dropDescriptor(qintptr descriptor)
{
    QTcpSocket socket;
    if (socket.setSocketDescriptor(descriptor))
        socket.abort();
}

} // namespace

HttpServer::HttpServer(const HttpLimits &limits, QObject *parent)
    : QObject(parent)
    , m_limits(limits)
    , m_shared(std::make_shared<HttpServeShared>())
{
    m_shared->limits = limits;
}

HttpServer::~HttpServer()
{
    close();
}

void HttpServer::setHandler(Handler handler)
{
    m_handler = std::move(handler);
    m_threads = 0;
}

void HttpServer::setThreads(int threads, HandlerFactory factory)
{
    m_threads = qMax(1, threads);
    m_factory = std::move(factory);
}

int HttpServer::connectionCount() const
{
    return m_shared->connections.load();
}

void HttpServer::onLoop(const Serving &serving, const std::function<void()> &work)
{
    if (!serving.thread)
        return work();
    QMetaObject::invokeMethod(serving.loop, work, Qt::BlockingQueuedConnection);
}

void HttpServer::startLoops()
{
    if (m_threads == 0) {
        auto *loop = new HttpServeLoop(m_shared, this);
        loop->setHandler(m_handler);
        m_loops.append({nullptr, loop});
        return;
    }
    for (int i = 0; i < m_threads; ++i) {
        Serving serving{new QThread, new HttpServeLoop(m_shared)};
        serving.thread->setObjectName(QStringLiteral("sanctum-broker-%1").arg(i));
        serving.loop->moveToThread(serving.thread);
        // The loop and everything made for it go on their own thread, once
        // it has stopped serving.
        connect(serving.thread, &QThread::finished, serving.loop, &QObject::deleteLater);
        serving.thread->start();
        onLoop(serving, [this, loop = serving.loop] { loop->setHandler(m_factory(loop)); });
        m_loops.append(serving);
    }
}

void HttpServer::stopLoops()
{
    for (const Serving &serving : std::as_const(m_loops)) {
        onLoop(serving, [loop = serving.loop] { loop->abortAll(); });
        if (!serving.thread) {
            delete serving.loop;
            continue;
        }
        serving.thread->quit();
        serving.thread->wait();
        delete serving.thread;
    }
    m_loops.clear();
    // Connections dropped with their loop never said they closed.
    m_shared->connections = 0;
    m_shared->refusing = 0;
}

Status HttpServer::listen(const QHostAddress &address, quint16 port)
{
    if (m_listener)
        return Error{QStringLiteral("listen_failed"), QStringLiteral("the server is listening already")};
    startLoops();
    QString why;
    onLoop(m_loops.first(), [&] {
        m_listener = new HttpListener([this](qintptr descriptor) { accept(descriptor); }, m_loops.first().loop);
        m_listener->setListenBacklogSize(qMin(m_limits.maxConnections, 4096));
        if (!m_listener->listen(address, port)) {
            why = m_listener->errorString();
            delete m_listener;
            m_listener = nullptr;
            return;
        }
        m_port = m_listener->serverPort();
        m_address = m_listener->serverAddress();
    });
    if (!m_listener) {
        stopLoops();
        return Error{QStringLiteral("listen_failed"),
                     QStringLiteral("cannot listen on %1 port %2: %3").arg(address.toString()).arg(port).arg(why)};
    }
    qCInfo(lcBroker).noquote() << "broker listening on" << url().toString() << "with" << qMax(1, m_threads)
                               << "serving threads";
    return Done{};
}

void HttpServer::close()
{
    if (m_listener) {
        onLoop(m_loops.first(), [this] {
            delete m_listener;
            m_listener = nullptr;
        });
    }
    stopLoops();
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

void HttpServer::accept(qintptr descriptor)
{
    HttpServeShared &shared = *m_shared;
    if (shared.connections.load() < m_limits.maxConnections) {
        ++shared.connections;
        const Serving &serving = m_loops.at(qsizetype(m_turn++ % quint64(m_loops.size())));
        if (!serving.thread || serving.thread == QThread::currentThread())
            serving.loop->serve(descriptor);
        else
            QMetaObject::invokeMethod(
                serving.loop, [loop = serving.loop, descriptor] { loop->serve(descriptor); }, Qt::QueuedConnection);
        return;
    }
    if (shared.refusing.load() >= kMaxRefusing) {
        dropDescriptor(descriptor);
        return;
    }
    qCWarning(lcBroker) << "refusing a connection: already serving" << shared.connections.load();
    ++shared.refusing;
    m_loops.first().loop->refuse(descriptor);
}

} // namespace sanctum
