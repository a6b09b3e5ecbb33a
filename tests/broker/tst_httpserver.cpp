#include "broker/http/httpserver.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTcpSocket>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <memory>
#include <optional>

using namespace sanctum;

namespace {

// A response as a client reads it off the wire.
struct Reply {
    int status = 0;
    QHash<QByteArray, QByteArray> headers; // names lower-cased
    QByteArray body;

    QByteArray header(const char *name) const { return headers.value(QByteArray(name)); }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QString field(const char *name) const { return json().value(QLatin1String(name)).toString(); }
};

// Takes one whole response off the front of `data`, framed by Content-Length,
// chunks, or the end of the connection; false until it has all arrived.
// Written independently of the server's code, as any client would read it.
bool takeReply(QByteArray &data, Reply &reply, bool head, bool closed)
{
    const qsizetype end = data.indexOf("\r\n\r\n");
    if (end < 0)
        return false;
    Reply r;
    const QList<QByteArray> lines = data.left(end).split('\n');
    const QList<QByteArray> statusLine = lines.first().trimmed().split(' ');
    if (statusLine.size() < 2 || statusLine.first() != "HTTP/1.1")
        return false;
    r.status = statusLine.at(1).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        r.headers.insert(line.left(colon).toLower(), line.mid(colon + 1).trimmed());
    }
    qsizetype pos = end + 4;
    if (head || r.status < 200 || r.status == 204 || r.status == 304) {
        // no body
    } else if (r.headers.contains("content-length")) {
        const qsizetype n = r.headers.value("content-length").toLongLong();
        if (data.size() < pos + n)
            return false;
        r.body = data.mid(pos, n);
        pos += n;
    } else if (r.headers.value("transfer-encoding") == "chunked") {
        for (;;) {
            const qsizetype eol = data.indexOf("\r\n", pos);
            if (eol < 0)
                return false;
            const qsizetype n = data.mid(pos, eol - pos).toLongLong(nullptr, 16);
            pos = eol + 2;
            if (data.size() < pos + n + 2)
                return false;
            if (n == 0) {
                pos += 2;
                break;
            }
            r.body += data.mid(pos, n);
            pos += n + 2;
        }
    } else {
        if (!closed)
            return false;
        r.body = data.mid(pos);
        pos = data.size();
    }
    data.remove(0, pos);
    reply = r;
    return true;
}

// A real TCP client. The server runs on this thread, so waiting means
// spinning the event loop (qWaitFor), never a blocking waitFor* call.
class Client {
public:
    explicit Client(quint16 port)
    {
        QObject::connect(&m_socket, &QTcpSocket::readyRead, &m_socket, [this] { m_data += m_socket.readAll(); });
        QObject::connect(&m_socket, &QTcpSocket::disconnected, &m_socket, [this] { m_closed = true; });
        m_socket.connectToHost(QHostAddress::LocalHost, port);
    }
    ~Client() { m_socket.disconnect(); }

    bool waitConnected()
    {
        return QTest::qWaitFor([this] { return m_socket.state() == QAbstractSocket::ConnectedState; }, 5000);
    }
    void send(const QByteArray &bytes) { m_socket.write(bytes); }
    std::optional<Reply> next(bool head = false, int timeoutMs = 5000)
    {
        std::optional<Reply> out;
        const bool settled = QTest::qWaitFor(
            [&] {
                Reply r;
                if (takeReply(m_data, r, head, m_closed)) {
                    out = r;
                    return true;
                }
                return m_closed;
            },
            timeoutMs);
        if (!settled)
            qWarning() << "no complete response within" << timeoutMs << "ms; received so far:" << m_data.left(200);
        return out;
    }
    bool waitClosed(int timeoutMs = 5000)
    {
        return QTest::qWaitFor([this] { return m_closed; }, timeoutMs);
    }
    bool isClosed() const { return m_closed; }
    QByteArray &data() { return m_data; }
    QTcpSocket &socket() { return m_socket; }

private:
    QByteArray m_data;
    bool m_closed = false;
    QTcpSocket m_socket;
};

QByteArray get(const QByteArray &target, const QByteArray &extraHeaders = {})
{
    return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extraHeaders + "\r\n";
}

QByteArray post(const QByteArray &target, const QByteArray &body)
{
    return "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " +
           QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

void echo(const HttpServerRequest &request, const HttpResponder &responder)
{
    responder.send(HttpServerResponse::json(200,
                                            QJsonObject{{QStringLiteral("method"), QString::fromLatin1(request.method)},
                                                        {QStringLiteral("path"), QString::fromLatin1(request.path())},
                                                        {QStringLiteral("body"), QString::fromUtf8(request.body)},
                                                        {QStringLiteral("peer"), request.peer.toString()}}));
}

} // namespace

class TestHttpServer : public QObject {
    Q_OBJECT

    std::unique_ptr<HttpServer> serve(const HttpLimits &limits = {}, HttpServer::Handler handler = echo)
    {
        auto server = std::make_unique<HttpServer>(limits);
        server->setHandler(std::move(handler));
        const Status listening = server->listen(QHostAddress::LocalHost, 0);
        if (!listening)
            qWarning() << listening.error().message;
        return server;
    }

private Q_SLOTS:
    void servesEachConnectionOnAThreadOfItsOwnNeverTheMainOne()
    {
        HttpServer server;
        QStringList made; // the threads handlers were made on, in order
        server.setThreads(3, [&made](QObject *home) -> HttpServer::Handler {
            made << QThread::currentThread()->objectName();
            Q_UNUSED(home);
            return [](const HttpServerRequest &, const HttpResponder &responder) {
                responder.send(HttpServerResponse::json(
                    200, {{QStringLiteral("thread"), QThread::currentThread()->objectName()}}));
            };
        });
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QCOMPARE(made.size(), 3);
        QSet<QString> served;
        std::vector<std::unique_ptr<Client>> clients;
        for (int i = 0; i < 3; ++i) {
            clients.push_back(std::make_unique<Client>(server.port()));
            QVERIFY(clients.back()->waitConnected());
            clients.back()->send(get("/v1/health"));
            const std::optional<Reply> reply = clients.back()->next();
            QVERIFY(reply);
            QCOMPARE(reply->status, 200);
            served << reply->field("thread");
        }
        // Three connections, one per serving thread, none of them this one.
        QCOMPARE(served, QSet<QString>(made.cbegin(), made.cend()));
        QVERIFY(!served.contains(QThread::currentThread()->objectName()));
        QCOMPARE(server.connectionCount(), 3);
        server.close();
        QCOMPARE(server.connectionCount(), 0);
    }

    void listensOnLoopbackAndSaysWhereWhenItCannot()
    {
        auto server = serve();
        QVERIFY(server->port() > 0);
        QCOMPARE(server->url(), QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server->port())));

        HttpServer second;
        const Status taken = second.listen(QHostAddress::LocalHost, server->port());
        QVERIFY(!taken.ok());
        QVERIFY2(taken.error().message.contains(QStringLiteral("127.0.0.1")), qPrintable(taken.error().message));
        QVERIFY(taken.error().message.contains(QString::number(server->port())));
    }

    void keepsTheConnectionForTheNextRequest()
    {
        auto server = serve();
        Client client(server->port());
        QVERIFY(client.waitConnected());

        client.send(get("/v1/health"));
        std::optional<Reply> reply = client.next();
        QVERIFY(reply);
        QCOMPARE(reply->status, 200);
        QCOMPARE(reply->field("path"), QStringLiteral("/v1/health"));
        QCOMPARE(reply->field("peer"), QStringLiteral("127.0.0.1"));
        QCOMPARE(reply->header("connection"), QByteArray("keep-alive"));
        QCOMPARE(reply->header("content-type"), QByteArray("application/json"));
        // Responses carry tokens: never cached, never sniffed.
        QCOMPARE(reply->header("cache-control"), QByteArray("no-store"));
        QCOMPARE(reply->header("x-content-type-options"), QByteArray("nosniff"));

        client.send(post("/v1/missions", R"({"purpose":"triage"})"));
        reply = client.next();
        QVERIFY(reply);
        QCOMPARE(reply->field("method"), QStringLiteral("POST"));
        QCOMPARE(reply->field("body"), QStringLiteral(R"({"purpose":"triage"})"));
        QVERIFY(!client.isClosed());
        QCOMPARE(server->connectionCount(), 1);

        // A client that says it is done gets its answer, then the close.
        client.send(get("/bye", "Connection: close\r\n"));
        reply = client.next();
        QVERIFY(reply);
        QCOMPARE(reply->status, 200);
        QCOMPARE(reply->header("connection"), QByteArray("close"));
        QVERIFY(client.waitClosed());
        QTRY_COMPARE(server->connectionCount(), 0);
    }

    void answersPipelinedRequestsInOrder()
    {
        QStringList seen;
        qsizetype seenWhenSlowAnswered = -1;
        auto server = serve({}, [&](const HttpServerRequest &request, const HttpResponder &responder) {
            const QString path = QString::fromLatin1(request.path());
            seen.append(path);
            const auto answer = [responder, path] {
                responder.send(HttpServerResponse::json(200, QJsonObject{{QStringLiteral("path"), path}}));
            };
            if (path == QStringLiteral("/slow")) {
                QTimer::singleShot(150, responder.context(), [&, answer] {
                    seenWhenSlowAnswered = seen.size();
                    answer();
                });
            } else {
                answer();
            }
        });
        Client client(server->port());
        QVERIFY(client.waitConnected());
        client.send(get("/slow") + get("/fast") + post("/last", "{}"));

        QStringList order;
        for (int i = 0; i < 3; ++i) {
            const std::optional<Reply> reply = client.next();
            QVERIFY(reply);
            order.append(reply->field("path"));
        }
        QCOMPARE(order, QStringList({QStringLiteral("/slow"), QStringLiteral("/fast"), QStringLiteral("/last")}));
        // One at a time: the next request waited for the slow answer.
        QCOMPARE(seenWhenSlowAnswered, 1);
        QCOMPARE(seen.size(), 3);
    }

    void stopsReadingWhileAHandlerWorks()
    {
        HttpLimits limits;
        limits.maxHeaderBytes = 1024;
        limits.maxBodyBytes = 1024;
        std::optional<HttpResponder> held;
        auto server =
            serve(limits, [&](const HttpServerRequest &, const HttpResponder &responder) { held = responder; });
        Client client(server->port());
        QVERIFY(client.waitConnected());
        // Far more than loopback socket buffers hold, queued behind a request
        // the handler sits on.
        const qint64 flood = 64 * 1024 * 1024;
        client.send(get("/hold") + QByteArray(flood, '\0'));
        QTRY_VERIFY(held.has_value());
        // The server takes no more than its bounded buffers: the rest stays
        // with the client (TCP pushes back) instead of in the server's memory.
        QTest::qWait(300);
        QVERIFY2(client.socket().bytesToWrite() > flood / 2,
                 qPrintable(QString::number(client.socket().bytesToWrite())));

        held->send(HttpServerResponse::json(200, {}));
        const std::optional<Reply> answered = client.next();
        QVERIFY(answered);
        QCOMPARE(answered->status, 200);
        // What followed is no request: refused, and the connection closed.
        const std::optional<Reply> refused = client.next();
        QVERIFY(refused);
        QCOMPARE(refused->status, 400);
        QVERIFY(client.waitClosed());
    }

    void answersHeadWithHeadersOnly()
    {
        auto server = serve({}, [](const HttpServerRequest &, const HttpResponder &responder) {
            responder.send(
                HttpServerResponse::json(200, QJsonObject{{QStringLiteral("thing"), QStringLiteral("value")}}));
        });
        Client client(server->port());
        QVERIFY(client.waitConnected());
        client.send(get("/thing"));
        const std::optional<Reply> full = client.next();
        QVERIFY(full);
        QVERIFY(!full->body.isEmpty());

        client.send("HEAD /thing HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        const std::optional<Reply> head = client.next(true);
        QVERIFY(head);
        QCOMPARE(head->status, 200);
        QCOMPARE(head->header("content-length").toLongLong(), full->body.size());
        QVERIFY(head->body.isEmpty());

        // No body bytes followed the head: the next response reads cleanly.
        client.send(get("/thing"));
        const std::optional<Reply> again = client.next();
        QVERIFY(again);
        QCOMPARE(again->status, 200);
        QCOMPARE(again->body, full->body);
        QVERIFY(client.data().isEmpty());
    }

    void sendsContinueBeforeTheBody()
    {
        int handled = 0;
        auto server = serve({}, [&](const HttpServerRequest &request, const HttpResponder &responder) {
            ++handled;
            echo(request, responder);
        });
        Client client(server->port());
        QVERIFY(client.waitConnected());
        client.send("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
        const QByteArray interim = "HTTP/1.1 100 Continue\r\n\r\n";
        QTRY_COMPARE(client.data(), interim);
        QCOMPARE(handled, 0);
        client.data().clear();
        client.send("hello");
        const std::optional<Reply> reply = client.next();
        QVERIFY(reply);
        QCOMPARE(reply->status, 200);
        QCOMPARE(reply->field("body"), QStringLiteral("hello"));

        // Too large: refused at once, so the client never uploads it.
        client.send("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 100-continue\r\nContent-Length: "
                    "50000000\r\n\r\n");
        const std::optional<Reply> refused = client.next();
        QVERIFY(refused);
        QCOMPARE(refused->status, 413);
        QVERIFY(client.waitClosed());
        QCOMPARE(handled, 1);
    }

    void refusesOversizedRequestsWithJsonAndCloses_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");

        QTest::newRow("request line") << get("/" + QByteArray(300, 'a')) << 414 << QStringLiteral("uri_too_long");
        QTest::newRow("header bytes") << get("/", "X-Big: " + QByteArray(600, 'x') + "\r\n") << 431
                                      << QStringLiteral("headers_too_large");
        QByteArray many;
        for (int i = 0; i < 12; ++i)
            many += "X-" + QByteArray::number(i) + ": v\r\n";
        QTest::newRow("header count") << get("/", many) << 431 << QStringLiteral("headers_too_large");
        // The body follows at once, as clients that do not wait for 100
        // Continue send it, and more than the socket buffers hold: the client
        // is still writing when the answer comes, and must still read it
        // (closing on unread input would reset the connection under it).
        QTest::newRow("body") << QByteArray("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 100000\r\n\r\n" +
                                            QByteArray(4 * 1024 * 1024, 'b'))
                              << 413 << QStringLiteral("payload_too_large");
        QTest::newRow("chunked body") << QByteArray("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                                                    "5\r\nhello\r\n0\r\n\r\n")
                                      << 501 << QStringLiteral("not_implemented");
        QTest::newRow("HTTP/2") << QByteArray("GET / HTTP/2.0\r\nHost: h\r\n\r\n") << 505
                                << QStringLiteral("http_version_not_supported");
    }

    void refusesOversizedRequestsWithJsonAndCloses()
    {
        QFETCH(QByteArray, request);
        HttpLimits limits;
        limits.maxRequestLineBytes = 256;
        limits.maxHeaderBytes = 512;
        limits.maxHeaderCount = 10;
        limits.maxBodyBytes = 1024;
        int handled = 0;
        auto server = serve(limits, [&](const HttpServerRequest &, const HttpResponder &) { ++handled; });
        Client client(server->port());
        QVERIFY(client.waitConnected());
        client.send(request);
        const std::optional<Reply> reply = client.next();
        QVERIFY(reply);
        QTEST(reply->status, "status");
        QCOMPARE(reply->header("content-type"), QByteArray("application/json"));
        QTEST(reply->field("error"), "code");
        QVERIFY(!reply->field("message").isEmpty());
        QCOMPARE(reply->header("connection"), QByteArray("close"));
        QVERIFY(client.waitClosed());
        QCOMPARE(handled, 0);
        QTRY_COMPARE(server->connectionCount(), 0);
    }

    void cutsOffASlowlorisClient()
    {
        HttpLimits limits;
        limits.requestTimeoutMs = 300;
        auto server = serve(limits);
        Client client(server->port());
        QVERIFY(client.waitConnected());

        QElapsedTimer elapsed;
        elapsed.start();
        client.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
        int dripped = 0;
        QTimer drip;
        connect(&drip, &QTimer::timeout, this, [&] {
            if (client.isClosed())
                return;
            client.send("a"); // always another byte, never the end of the headers
            ++dripped;
        });
        drip.start(40);

        const std::optional<Reply> reply = client.next();
        drip.stop();
        QVERIFY(reply);
        QCOMPARE(reply->status, 408);
        QCOMPARE(reply->field("error"), QStringLiteral("request_timeout"));
        QVERIFY2(elapsed.elapsed() >= 280, qPrintable(QString::number(elapsed.elapsed())));
        QVERIFY(dripped >= 3); // it kept sending, and was cut off anyway
        QVERIFY(client.waitClosed());
    }

    void closesAnIdleKeepAliveConnectionSilently()
    {
        HttpLimits limits;
        limits.idleTimeoutMs = 200;
        auto server = serve(limits);
        Client client(server->port());
        QVERIFY(client.waitConnected());
        client.send(get("/"));
        QVERIFY(client.next());
        QElapsedTimer idle;
        idle.start();
        QVERIFY(client.waitClosed());
        QVERIFY2(idle.elapsed() >= 150, qPrintable(QString::number(idle.elapsed())));
        QVERIFY(client.data().isEmpty()); // no unsolicited 408
        QTRY_COMPARE(server->connectionCount(), 0);
    }

    void letsAHandlerTakeLongerThanEveryTimeout()
    {
        HttpLimits limits;
        limits.requestTimeoutMs = 150;
        limits.idleTimeoutMs = 150;
        auto server = serve(limits, [](const HttpServerRequest &request, const HttpResponder &responder) {
            // A long poll: the answer comes when there is news.
            QTimer::singleShot(600, responder.context(), [request, responder] { echo(request, responder); });
        });
        Client client(server->port());
        QVERIFY(client.waitConnected());
        client.send(get("/v1/missions/m1?wait=30"));
        const std::optional<Reply> reply = client.next();
        QVERIFY(reply);
        QCOMPARE(reply->status, 200);
        QCOMPARE(reply->field("path"), QStringLiteral("/v1/missions/m1"));
    }

    void capsConnectionsAndKeepsServingTheOthers()
    {
        HttpLimits limits;
        limits.maxConnections = 2;
        auto server = serve(limits);
        Client a(server->port());
        Client b(server->port());
        QVERIFY(a.waitConnected());
        QVERIFY(b.waitConnected());
        QTRY_COMPARE(server->connectionCount(), 2);

        Client over(server->port());
        const std::optional<Reply> refused = over.next();
        QVERIFY(refused);
        QCOMPARE(refused->status, 503);
        QCOMPARE(refused->field("error"), QStringLiteral("busy"));
        QCOMPARE(refused->header("connection"), QByteArray("close"));
        QVERIFY(over.waitClosed());
        QCOMPARE(server->connectionCount(), 2);

        a.send(get("/still-here"));
        const std::optional<Reply> served = a.next();
        QVERIFY(served);
        QCOMPARE(served->status, 200);

        // A freed place is taken by the next client.
        b.socket().abort();
        QTRY_COMPARE(server->connectionCount(), 1);
        Client next(server->port());
        QVERIFY(next.waitConnected());
        next.send(get("/welcome"));
        const std::optional<Reply> welcomed = next.next();
        QVERIFY(welcomed);
        QCOMPARE(welcomed->status, 200);
    }

    void survivesAnAnswerAfterTheClientLeft()
    {
        std::optional<HttpResponder> held;
        bool contextTimerFired = false;
        auto server = serve({}, [&](const HttpServerRequest &, const HttpResponder &responder) {
            held = responder;
            QTimer::singleShot(300, responder.context(), [&] { contextTimerFired = true; });
        });
        Client client(server->port());
        QVERIFY(client.waitConnected());
        client.send(get("/v1/missions/m1?wait=60"));
        QTRY_VERIFY(held.has_value());
        QVERIFY(held->isOpen());
        QVERIFY(held->context());

        client.socket().abort();
        QTRY_COMPARE(server->connectionCount(), 0);
        QVERIFY(!held->isOpen());
        QTRY_VERIFY(!held->context()); // the connection is gone…
        // …and answering into the void is harmless.
        held->send(HttpServerResponse::json(200, {}));
        held->beginStream(200, {});
        held->write("late");
        held->finish();
        held->abort();
        QCOMPARE(held->bytesPending(), 0);

        // Work bound to the context was cancelled with it. (Proving that
        // something does not happen takes waiting past when it would have.)
        QTest::qWait(400);
        QVERIFY(!contextTimerFired);
    }

    void streamsAChunkedResponse()
    {
        auto server = serve({}, [](const HttpServerRequest &request, const HttpResponder &responder) {
            if (request.path() != "/stream") {
                echo(request, responder);
                return;
            }
            responder.beginStream(200, {{QByteArrayLiteral("Content-Type"), QByteArrayLiteral("text/plain")}});
            responder.write("hello ");
            QTimer::singleShot(50, responder.context(), [responder] {
                responder.write("wide ");
                responder.write({}); // nothing to send, and it must not end the body early
                responder.write(QByteArray(20000, 'w'));
                responder.finish();
            });
        });
        Client client(server->port());
        QVERIFY(client.waitConnected());
        client.send(get("/stream"));
        const std::optional<Reply> reply = client.next();
        QVERIFY(reply);
        QCOMPARE(reply->status, 200);
        QCOMPARE(reply->header("transfer-encoding"), QByteArray("chunked"));
        QVERIFY(!reply->headers.contains("content-length"));
        QCOMPARE(reply->body, QByteArray("hello wide " + QByteArray(20000, 'w')));

        // The connection carries on after the last chunk.
        client.send(get("/after"));
        const std::optional<Reply> after = client.next();
        QVERIFY(after);
        QCOMPARE(after->field("path"), QStringLiteral("/after"));

        // An HTTP/1.0 client cannot read chunks: its body ends with the connection.
        Client old(server->port());
        QVERIFY(old.waitConnected());
        old.send("GET /stream HTTP/1.0\r\n\r\n");
        const std::optional<Reply> plain = old.next();
        QVERIFY(plain);
        QVERIFY(!plain->headers.contains("transfer-encoding"));
        QCOMPARE(plain->body, QByteArray("hello wide " + QByteArray(20000, 'w')));
        QVERIFY(old.isClosed());
    }

    void closingDropsEveryConnection()
    {
        std::optional<HttpResponder> held;
        auto server = serve({}, [&](const HttpServerRequest &, const HttpResponder &responder) { held = responder; });
        const quint16 port = server->port();
        Client busy(port);
        Client idle(port);
        QVERIFY(busy.waitConnected());
        QVERIFY(idle.waitConnected());
        busy.send(get("/v1/missions/m1?wait=60"));
        QTRY_VERIFY(held.has_value());

        server->close();
        QVERIFY(busy.waitClosed());
        QVERIFY(idle.waitClosed());
        QCOMPARE(server->connectionCount(), 0);
        QVERIFY(!held->isOpen());
        held->send(HttpServerResponse::json(200, {}));

        QTcpSocket late;
        late.connectToHost(QHostAddress::LocalHost, port);
        QTRY_COMPARE(late.state(), QAbstractSocket::UnconnectedState);
        QCOMPARE(late.error(), QAbstractSocket::ConnectionRefusedError);
    }

    void refusesGarbageAndServesOthers()
    {
        auto server = serve();
        Client garbage(server->port());
        Client honest(server->port());
        QVERIFY(garbage.waitConnected());
        QVERIFY(honest.waitConnected());

        // What a TLS client sends first.
        garbage.send(QByteArray::fromHex("16030100a5010000a10303") + QByteArray(150, '\x01'));
        const std::optional<Reply> refused = garbage.next();
        QVERIFY(refused);
        QCOMPARE(refused->status, 400);
        QCOMPARE(refused->field("error"), QStringLiteral("bad_request"));
        QVERIFY(garbage.waitClosed());

        honest.send(get("/v1/health"));
        const std::optional<Reply> served = honest.next();
        QVERIFY(served);
        QCOMPARE(served->status, 200);
    }

    void ignoresASecondAnswer()
    {
        std::optional<HttpResponder> first;
        auto server = serve({}, [&](const HttpServerRequest &request, const HttpResponder &responder) {
            if (!first) {
                first = responder;
                echo(request, responder);
                echo(request, responder); // a bug in a handler: warned about, not sent
                return;
            }
            first->send(HttpServerResponse::json(500, {})); // a stale responder: the same
            QVERIFY(!first->isOpen());
            echo(request, responder);
        });
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("already answered")));
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("already answered")));
        Client client(server->port());
        QVERIFY(client.waitConnected());
        client.send(get("/one") + get("/two"));
        const std::optional<Reply> one = client.next();
        const std::optional<Reply> two = client.next();
        QVERIFY(one && two);
        QCOMPARE(one->field("path"), QStringLiteral("/one"));
        QCOMPARE(two->field("path"), QStringLiteral("/two"));
        QVERIFY(client.data().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestHttpServer)
#include "tst_httpserver.moc"
