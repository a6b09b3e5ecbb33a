#include "upstream/upstreamconnectionpool.h"
#include "upstream/upstreamforwarder.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <functional>
#include <optional>

using namespace sanctum;

namespace {

// A local upstream whose every answer the test scripts. It reads requests
// (head, and a body by Content-Length) and hands each to `answer` with the
// number of the connection it came on.
class ScriptedServer : public QTcpServer {
public:
    using Answer = std::function<void(QTcpSocket *socket, const QByteArray &request, int connection)>;
    Answer answer;
    int accepted = 0;
    QList<QByteArray> requests;
    // For TLS: a certificate and key turn every connection into a TLS server.
    QSslCertificate certificate;
    QSslKey key;

protected:
    void incomingConnection(qintptr descriptor) override
    {
        QTcpSocket *socket;
        if (!certificate.isNull()) {
            auto *ssl = new QSslSocket(this);
            ssl->setSocketDescriptor(descriptor);
            ssl->setLocalCertificate(certificate);
            ssl->setPrivateKey(key);
            ssl->startServerEncryption();
            socket = ssl;
        } else {
            socket = new QTcpSocket(this);
            socket->setSocketDescriptor(descriptor);
        }
        const int number = ++accepted;
        auto buffer = std::make_shared<QByteArray>();
        connect(socket, &QIODevice::readyRead, this, [this, socket, number, buffer] {
            *buffer += socket->readAll();
            for (;;) {
                const qsizetype end = buffer->indexOf("\r\n\r\n");
                if (end < 0)
                    return;
                qsizetype length = 0;
                for (const QByteArray &line : buffer->left(end).split('\n'))
                    if (line.toLower().startsWith("content-length:"))
                        length = line.mid(15).trimmed().toLongLong();
                if (buffer->size() < end + 4 + length)
                    return;
                const QByteArray request = buffer->left(end + 4 + length);
                buffer->remove(0, request.size());
                requests.append(request);
                if (answer)
                    answer(socket, request, number);
            }
        });
    }
};

struct Result {
    std::optional<ForwardHead> head;
    QList<QByteArray> pieces;
    std::optional<Error> error;
    QByteArray body() const { return pieces.join(); }
};

QByteArray ok(const QByteArray &body, const QByteArray &extra = {})
{
    return "HTTP/1.1 200 OK\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n" + extra + "\r\n" + body;
}

} // namespace

class TestUpstreamClient : public QObject {
    Q_OBJECT

    std::unique_ptr<ScriptedServer> m_server;
    std::unique_ptr<UpstreamForwarder> m_forwarder;
    int m_tokensIssued = 0;
    int m_tokensDropped = 0;
    quint64 m_nextId = 1;

    QUrl base() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server->serverPort())); }

    Result call(const QByteArray &method, const QByteArray &target, const QUrl &apiBase, const QByteArray &body = {})
    {
        Result result;
        const quint64 id = m_nextId++;
        QObject context;
        connect(m_forwarder.get(), &UpstreamForwarder::head, &context, [&](quint64 i, const ForwardHead &h) {
            if (i == id)
                result.head = h;
        });
        connect(m_forwarder.get(), &UpstreamForwarder::data, &context, [&](quint64 i, const QByteArray &chunk) {
            if (i == id)
                result.pieces.append(chunk);
        });
        connect(m_forwarder.get(), &UpstreamForwarder::finished, &context, [&](quint64 i, const Error &e) {
            if (i == id)
                result.error = e;
        });
        ForwardRequest request;
        request.connection = QStringLiteral("github");
        request.method = method;
        request.target = target;
        request.body = body;
        request.headers = {{"accept", "application/json"}, {"cookie", "never"}};
        m_forwarder->start(id, request, apiBase);
        QDeadlineTimer deadline(20000);
        while (!result.error && !deadline.hasExpired())
            QTest::qWait(2);
        if (!result.error)
            result.error = Error{QStringLiteral("test_timeout"), QStringLiteral("the call hung")};
        return result;
    }
    Result call(const QByteArray &method, const QByteArray &target) { return call(method, target, base()); }

    // The first connection answers once, then takes the next request and
    // closes without a word, as a server closing an idle connection does in
    // the race with our write. Later connections answer.
    void closeSecondRequestOnFirstConnection()
    {
        auto onFirst = std::make_shared<int>(0);
        m_server->answer = [onFirst](QTcpSocket *s, const QByteArray &, int connection) {
            if (connection == 1 && ++*onFirst > 1)
                return s->close();
            s->write(ok("fine"));
        };
    }

private Q_SLOTS:
    void init()
    {
        m_server = std::make_unique<ScriptedServer>();
        QVERIFY(m_server->listen(QHostAddress::LocalHost));
        m_tokensIssued = 0;
        m_tokensDropped = 0;
        m_forwarder = std::make_unique<UpstreamForwarder>(
            [this](const QString &connection, std::function<void(Expected<UpstreamToken>)> done) {
                UpstreamToken token;
                token.connection = connection;
                token.accessToken = "gho_test" + QByteArray::number(++m_tokensIssued);
                done(token);
            },
            [this](const QString &) { ++m_tokensDropped; });
    }

    void cleanup()
    {
        m_forwarder.reset();
        m_server.reset();
    }

    void keepAliveReuse()
    {
        m_server->answer = [](QTcpSocket *s, const QByteArray &, int) { s->write(ok("{\"n\":1}")); };
        for (int i = 0; i < 5; ++i) {
            const Result r = call("GET", "/repos/acme/web/issues?state=open");
            QVERIFY(r.error->code.isEmpty());
            QCOMPARE(r.head->status, 200);
            QCOMPARE(r.body(), QByteArray("{\"n\":1}"));
        }
        QCOMPARE(m_server->accepted, 1);
        QCOMPARE(m_forwarder->pool()->connectionsOpened(), 1);
        // What the upstream saw: our request line, host, token, and only the
        // agent headers that pass.
        const QByteArray request = m_server->requests.first();
        QVERIFY(request.startsWith("GET /repos/acme/web/issues?state=open HTTP/1.1\r\n"));
        QVERIFY(
            request.contains(QByteArray("\r\nHost: 127.0.0.1:" + QByteArray::number(m_server->serverPort()) + "\r\n")));
        QVERIFY(request.contains("\r\nAuthorization: Bearer gho_test1\r\n"));
        QVERIFY(request.contains("\r\naccept: application/json\r\n"));
        QVERIFY(request.contains("\r\nConnection: keep-alive\r\n"));
        QVERIFY(request.contains("User-Agent: Sanctum-Broker/"));
        QVERIFY(!request.contains("cookie"));
        QVERIFY(!request.contains("Content-Length"));
    }

    void requestBodyAndBasePath()
    {
        m_server->answer = [](QTcpSocket *s, const QByteArray &, int) { s->write(ok("done")); };
        const Result r = call("POST",
                              "/repos/acme/web/issues",
                              QUrl(QStringLiteral("http://127.0.0.1:%1/api/v3/").arg(m_server->serverPort())),
                              "{\"title\":\"x\"}");
        QVERIFY(r.error->code.isEmpty());
        const QByteArray request = m_server->requests.first();
        QVERIFY(request.startsWith("POST /api/v3/repos/acme/web/issues HTTP/1.1\r\n"));
        QVERIFY(request.contains("\r\nContent-Length: 13\r\n"));
        QVERIFY(request.endsWith("\r\n\r\n{\"title\":\"x\"}"));
    }

    void idleClosedIsRetriedOnce()
    {
        closeSecondRequestOnFirstConnection();
        QVERIFY(call("GET", "/a").error->code.isEmpty());
        const Result r = call("GET", "/b");
        QVERIFY2(r.error->code.isEmpty(), qPrintable(r.error->message));
        QCOMPARE(r.body(), QByteArray("fine"));
        QCOMPARE(m_server->accepted, 2);
    }

    void aPostIsNeverSentTwice()
    {
        // The same race as above, but the server may have read the POST
        // before it closed: creating an issue twice is worse than a 502.
        closeSecondRequestOnFirstConnection();
        QVERIFY(call("GET", "/a").error->code.isEmpty());
        const Result r = call("POST",
                              "/repos/acme/web/issues",
                              QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server->serverPort())),
                              "{}");
        QCOMPARE(r.error->code, QStringLiteral("upstream_error"));
        QCOMPARE(m_server->accepted, 1);
    }

    void freshConnectionClosedIsNotRetried()
    {
        m_server->answer = [](QTcpSocket *s, const QByteArray &, int) { s->close(); };
        const Result r = call("GET", "/a");
        QCOMPARE(r.error->code, QStringLiteral("upstream_error"));
        QCOMPARE(r.error->httpStatus, 502);
        QVERIFY(!r.head);
        QCOMPARE(m_server->accepted, 1);
    }

    void idleClosedByServerIsDropped()
    {
        // A server that closes idle connections soon: the client notices and
        // opens a new connection for the next call.
        m_server->answer = [](QTcpSocket *s, const QByteArray &, int) {
            s->write(ok("x"));
            QTimer::singleShot(50, s, [s] { s->disconnectFromHost(); });
        };
        QVERIFY(call("GET", "/a").error->code.isEmpty());
        QTRY_COMPARE(m_forwarder->pool()->idleConnections(), 0);
        QVERIFY(call("GET", "/b").error->code.isEmpty());
        QCOMPARE(m_server->accepted, 2);
    }

    void diesMidBody()
    {
        m_server->answer = [](QTcpSocket *s, const QByteArray &, int) {
            s->write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + QByteArray(100, 'x'));
            s->flush();
            QTimer::singleShot(50, s, [s] { s->abort(); });
        };
        const Result r = call("GET", "/a");
        QVERIFY(r.head);
        QCOMPARE(r.head->status, 200);
        QCOMPARE(r.error->code, QStringLiteral("upstream_error"));
        QVERIFY(r.body().size() <= 100);
    }

    void silentServerTimesOut()
    {
        m_forwarder->pool()->setTransferTimeout(300);
        m_server->answer = [](QTcpSocket *, const QByteArray &, int) {};
        const Result r = call("GET", "/a");
        QCOMPARE(r.error->code, QStringLiteral("upstream_timeout"));
        QCOMPARE(r.error->httpStatus, 504);
    }

    void closeDelimitedBody()
    {
        m_server->answer = [](QTcpSocket *s, const QByteArray &, int) {
            s->write("HTTP/1.1 200 OK\r\n\r\nuntil the end");
            s->disconnectFromHost();
        };
        const Result r = call("GET", "/a");
        QVERIFY2(r.error->code.isEmpty(), qPrintable(r.error->message));
        QCOMPARE(r.body(), QByteArray("until the end"));
        QVERIFY(call("GET", "/b").error->code.isEmpty());
        QCOMPARE(m_server->accepted, 2); // never reused
    }

    void chunked_data()
    {
        QTest::addColumn<QList<int>>("sizes");
        QTest::newRow("one byte chunks") << QList<int>{1, 1, 1, 1};
        QTest::newRow("mixed") << QList<int>{1, 17, 4096, 3, 70000};
        QTest::newRow("large") << QList<int>{1 << 20, 1 << 19};
        QTest::newRow("empty body") << QList<int>{};
    }

    void chunked()
    {
        QFETCH(QList<int>, sizes);
        QByteArray expected;
        QByteArray wire = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
        for (int i = 0; i < sizes.size(); ++i) {
            const QByteArray chunk(sizes[i], char('a' + i));
            expected += chunk;
            wire += QByteArray::number(sizes[i], 16) + ";ext=1\r\n" + chunk + "\r\n";
        }
        wire += "0\r\nX-Trailer: t\r\n\r\n";
        m_server->answer = [wire](QTcpSocket *s, const QByteArray &, int) {
            // In awkward pieces, so that framing lines are split too.
            for (qsizetype at = 0; at < wire.size(); at += 7777)
                s->write(wire.mid(at, 7777));
        };
        for (int i = 0; i < 2; ++i) {
            const Result r = call("GET", "/a");
            QVERIFY2(r.error->code.isEmpty(), qPrintable(r.error->message));
            QCOMPARE(r.body(), expected);
        }
        QCOMPARE(m_server->accepted, 1);
    }

    void bigBodyIsStreamed()
    {
        const qsizetype size = 16 * 1024 * 1024;
        m_server->answer = [size](QTcpSocket *s, const QByteArray &, int) {
            s->write("HTTP/1.1 200 OK\r\nContent-Length: " + QByteArray::number(size) + "\r\n\r\n");
            s->write(QByteArray(size, 'z'));
        };
        const Result r = call("GET", "/big");
        QVERIFY(r.error->code.isEmpty());
        QCOMPARE(r.body().size(), size);
        QVERIFY(r.pieces.size() > 1);
        qsizetype largest = 0;
        for (const QByteArray &p : r.pieces)
            largest = qMax(largest, p.size());
        QVERIFY2(largest < size / 2, "the body arrived in one piece");
    }

    void head()
    {
        m_server->answer = [](QTcpSocket *s, const QByteArray &request, int) {
            if (request.startsWith("HEAD "))
                s->write("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\nETag: \"e\"\r\n\r\n");
            else
                s->write(ok("after"));
        };
        const Result r = call("HEAD", "/a");
        QVERIFY(r.error->code.isEmpty());
        QCOMPARE(r.head->status, 200);
        QVERIFY(r.body().isEmpty());
        const Result next = call("GET", "/a");
        QCOMPARE(next.body(), QByteArray("after"));
        QCOMPARE(m_server->accepted, 1);
    }

    void unauthorizedRetriedOnceWithFreshToken()
    {
        m_server->answer = [](QTcpSocket *s, const QByteArray &request, int) {
            if (request.contains("Bearer gho_test1\r\n"))
                s->write("HTTP/1.1 401 Unauthorized\r\nContent-Length: 2\r\n\r\nno");
            else
                s->write(ok("yes"));
        };
        const Result r = call("GET", "/a");
        QVERIFY(r.error->code.isEmpty());
        QCOMPARE(r.head->status, 200);
        QCOMPARE(r.body(), QByteArray("yes"));
        QCOMPARE(m_tokensIssued, 2);
        QCOMPARE(m_tokensDropped, 1);

        // A second 401 is the upstream's answer.
        m_server->answer = [](QTcpSocket *s, const QByteArray &, int) {
            s->write("HTTP/1.1 401 Unauthorized\r\nContent-Length: 2\r\n\r\nno");
        };
        const Result again = call("GET", "/a");
        QVERIFY(again.error->code.isEmpty());
        QCOMPARE(again.head->status, 401);
        QCOMPARE(again.body(), QByteArray("no"));
    }

    void locationRewrittenNotFollowed()
    {
        const QByteArray location = "http://127.0.0.1:" + QByteArray::number(m_server->serverPort()) + "/repos/x/y";
        m_server->answer = [location](QTcpSocket *s, const QByteArray &, int) {
            s->write("HTTP/1.1 301 Moved\r\nLocation: " + location + "\r\nContent-Length: 0\r\n\r\n");
        };
        const Result r = call("GET", "/repos/a/b");
        QCOMPARE(r.head->status, 301);
        bool found = false;
        for (const auto &[name, value] : r.head->headers)
            if (name == "location")
                found = value == "/v1/proxy/github/repos/x/y";
        QVERIFY(found);
        QCOMPARE(m_server->requests.size(), 1);
    }

    void refusals()
    {
        // Plain http beyond this machine, an unusable target, a bad answer.
        Result r = call("GET", "/a", QUrl(QStringLiteral("http://example.com/")));
        QCOMPARE(r.error->code, QStringLiteral("not_configured"));
        r = call("GET", "/a b");
        QCOMPARE(r.error->code, QStringLiteral("invalid_path"));
        QCOMPARE(r.error->httpStatus, 400);
        r = call("GET", "/a\r\nX-Evil: 1");
        QCOMPARE(r.error->code, QStringLiteral("invalid_path"));
        m_server->answer = [](QTcpSocket *s, const QByteArray &, int) {
            s->write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
        };
        r = call("GET", "/a");
        QCOMPARE(r.error->code, QStringLiteral("upstream_error"));
        QVERIFY(!r.head);
    }

    void manyConcurrentCallsAreQueued()
    {
        m_server->answer = [](QTcpSocket *s, const QByteArray &, int) {
            QTimer::singleShot(20, s, [s] { s->write(ok("q")); });
        };
        int done = 0;
        QObject context;
        connect(m_forwarder.get(), &UpstreamForwarder::finished, &context, [&](quint64, const Error &e) {
            QVERIFY(e.code.isEmpty());
            ++done;
        });
        for (int i = 0; i < 20; ++i) {
            ForwardRequest request;
            request.connection = QStringLiteral("github");
            request.method = "GET";
            request.target = "/q";
            m_forwarder->start(1000 + i, request, base());
        }
        QTRY_COMPARE_WITH_TIMEOUT(done, 20, 20000);
        QCOMPARE(m_server->accepted, UpstreamConnectionPool::kMaxBusy);
    }

    // A throwaway self-signed certificate for `san` (e.g. "IP:127.0.0.1").
    static bool makeCertificate(const QTemporaryDir &dir, const QString &name, const QString &san,
                                QSslCertificate *cert, QSslKey *key)
    {
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
                      {QStringLiteral("req"),
                       QStringLiteral("-x509"),
                       QStringLiteral("-newkey"),
                       QStringLiteral("rsa:2048"),
                       QStringLiteral("-nodes"),
                       QStringLiteral("-keyout"),
                       dir.filePath(name + QStringLiteral(".key")),
                       QStringLiteral("-out"),
                       dir.filePath(name + QStringLiteral(".pem")),
                       QStringLiteral("-days"),
                       QStringLiteral("1"),
                       QStringLiteral("-subj"),
                       QStringLiteral("/CN=") + name,
                       QStringLiteral("-addext"),
                       QStringLiteral("subjectAltName=") + san});
        if (!openssl.waitForFinished(30000) || openssl.exitCode() != 0)
            return false;
        QFile certFile(dir.filePath(name + QStringLiteral(".pem")));
        QFile keyFile(dir.filePath(name + QStringLiteral(".key")));
        if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly))
            return false;
        *cert = QSslCertificate(&certFile, QSsl::Pem);
        *key = QSslKey(&keyFile, QSsl::Rsa, QSsl::Pem);
        return !cert->isNull() && !key->isNull();
    }

    std::optional<Error> poolError(const QList<QSslCertificate> &trusted)
    {
        std::optional<Error> error;
        UpstreamConnectionPool pool;
        if (!trusted.isEmpty())
            pool.addCaCertificatesForTesting(trusted);
        pool.send(UpstreamRequest{QStringLiteral("https"),
                                  QStringLiteral("127.0.0.1"),
                                  m_server->serverPort(),
                                  "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
                                  false},
                  {nullptr, nullptr, [&](const Error &e) { error = e; }});
        if (!QTest::qWaitFor([&] { return error.has_value(); }, 10000))
            return Error{QStringLiteral("test_timeout"), {}};
        return error;
    }

    void tls()
    {
        // Addressed by IP, so the test needs no name resolution.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QSslCertificate other;
        QSslKey otherKey;
        // openssl comes with the dependency script; without it this test fails.
        QVERIFY2(
            makeCertificate(dir,
                            QStringLiteral("server"),
                            QStringLiteral("IP:127.0.0.1"),
                            &m_server->certificate,
                            &m_server->key) &&
                makeCertificate(dir, QStringLiteral("other"), QStringLiteral("DNS:other.invalid"), &other, &otherKey),
            "openssl could not make a certificate");
        m_server->answer = [](QTcpSocket *s, const QByteArray &, int) { s->write(ok("secret")); };
        const QUrl tlsBase(QStringLiteral("https://127.0.0.1:%1").arg(m_server->serverPort()));

        // Self-signed and not trusted: refused, and no request goes out.
        Result r = call("GET", "/a", tlsBase);
        QCOMPARE(r.error->code, QStringLiteral("upstream_error"));
        QVERIFY(!r.head);
        QVERIFY(m_server->requests.isEmpty());
        // The same directly on the pool, for the typed error.
        QCOMPARE(poolError({})->code, QStringLiteral("tls"));

        // Trusted through the test hook: answered, over one kept connection.
        m_forwarder->pool()->addCaCertificatesForTesting({m_server->certificate});
        const int before = m_server->accepted;
        for (int i = 0; i < 3; ++i) {
            r = call("GET", "/a", tlsBase);
            QVERIFY2(r.error->code.isEmpty(), qPrintable(r.error->message));
            QCOMPARE(r.body(), QByteArray("secret"));
        }
        QCOMPARE(m_server->accepted, before + 1);

        // A trusted certificate for another name: the host name check refuses it.
        m_server->certificate = other;
        m_server->key = otherKey;
        QCOMPARE(poolError({other})->code, QStringLiteral("tls"));
    }
};

QTEST_MAIN(TestUpstreamClient)
#include "tst_upstreamclient.moc"
