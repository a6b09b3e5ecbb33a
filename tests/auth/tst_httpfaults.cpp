#include "domain/clock.h"
#include "sandboxtenant.h"
#include "upstream/httpclient.h"

#include <QElapsedTimer>
#include <QTest>

using namespace sanctum;
using sanctum::test::SandboxTenant;

// Every fault the sandbox can inject ends in the right typed error (or, when
// a retry can help, in success), never in a hang or a crash.
class TestHttpFaults : public QObject {
    Q_OBJECT

    std::unique_ptr<SandboxTenant> m_sandbox;
    SystemClock m_clock;
    std::unique_ptr<HttpClient> m_control;

    Expected<ClientResponse> send(HttpClient &client, const ClientRequest &request)
    {
        std::optional<Expected<ClientResponse>> result;
        client.send(request, [&](Expected<ClientResponse> r) { result.emplace(std::move(r)); });
        QDeadlineTimer deadline(60000);
        while (!result && !deadline.hasExpired())
            QTest::qWait(5);
        return result
                   ? std::move(*result)
                   : Expected<ClientResponse>(Error{QStringLiteral("test_timeout"), QStringLiteral("the client hung")});
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_sandbox = std::make_unique<SandboxTenant>();
        QVERIFY2(m_sandbox->start(), qPrintable(m_sandbox->errorString()));
        m_control = std::make_unique<HttpClient>(m_clock);
    }

    void cleanup()
    {
        send(*m_control, ClientRequest::json("DELETE", m_sandbox->controlUrl(QStringLiteral("/faults")), {}));
    }

    void faults_data()
    {
        QTest::addColumn<QJsonObject>("fault");
        QTest::addColumn<int>("maxAttempts");
        QTest::addColumn<QString>("error"); // empty: success
        QTest::addColumn<int>("attempts");  // attempts made, on success (-1: any)
        QTest::addColumn<int>("minMs");     // the call took at least this long
        auto fault = [](const char *mode, int count, QJsonObject extra = {}) {
            extra.insert(QStringLiteral("target"), QStringLiteral("tenant"));
            extra.insert(QStringLiteral("method"), QStringLiteral("*"));
            extra.insert(QStringLiteral("path"), QStringLiteral("/.well-known/openid-configuration"));
            extra.insert(QStringLiteral("mode"), QString::fromLatin1(mode));
            extra.insert(QStringLiteral("count"), count);
            return extra;
        };
        QTest::newRow("5xx once, retried") << fault("error", 1, {{QStringLiteral("status"), 503}}) << 4 << "" << 2 << 0;
        QTest::newRow("5xx always") << fault("error", 50, {{QStringLiteral("status"), 502}}) << 3 << "server_error" << 0
                                    << 0;
        QTest::newRow("429 honours Retry-After")
            << fault("rate_limit", 1, {{QStringLiteral("retry_after"), 1}}) << 4 << "" << 2 << 1000;
        QTest::newRow("429 always") << fault("rate_limit", 50, {{QStringLiteral("retry_after"), 0}}) << 2
                                    << "rate_limited" << 0 << 0;
        QTest::newRow("429 asking too much")
            << fault("rate_limit", 1, {{QStringLiteral("retry_after"), 3600}}) << 4 << "rate_limited" << 0 << 0;
        // Qt itself resends an idempotent GET once when the connection drops,
        // so a single reset may be absorbed before our retry sees it.
        QTest::newRow("reset once, recovered") << fault("reset", 1) << 4 << "" << -1 << 0;
        QTest::newRow("reset always") << fault("reset", 50) << 2 << "network" << 0 << 0;
        QTest::newRow("slow beyond the timeout")
            << fault("slow", 50, {{QStringLiteral("delay_ms"), 3000}}) << 1 << "timeout" << 0 << 400;
        QTest::newRow("slow within the timeout")
            << fault("slow", 1, {{QStringLiteral("delay_ms"), 300}}) << 1 << "" << 1 << 300;
        QTest::newRow("malformed JSON") << fault("malformed", 1) << 4 << "bad_response" << 0 << 0;
    }

    void faults()
    {
        QFETCH(QJsonObject, fault);
        QFETCH(int, maxAttempts);
        QFETCH(QString, error);
        QFETCH(int, attempts);
        QFETCH(int, minMs);
        const Expected<ClientResponse> armed =
            send(*m_control, ClientRequest::json("POST", m_sandbox->controlUrl(QStringLiteral("/faults")), fault));
        QVERIFY2(armed.ok(), armed.ok() ? "" : qPrintable(armed.error().message));

        HttpClient client(m_clock);
        RetryPolicy policy;
        policy.maxAttempts = maxAttempts;
        policy.baseDelayMs = 50;
        client.setRetryPolicy(policy);
        client.setTimeout(500);
        ClientRequest discovery;
        discovery.url = m_sandbox->tenantUrl(QStringLiteral("/.well-known/openid-configuration"));
        QElapsedTimer timer;
        timer.start();
        const Expected<ClientResponse> r = send(client, discovery);
        const qint64 elapsed = timer.elapsed();
        if (error.isEmpty()) {
            QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().code + QStringLiteral(": ") + r.error().message));
            if (attempts > 0)
                QCOMPARE(r->attempts, attempts);
            QVERIFY(r->json.contains(QStringLiteral("issuer")));
        } else {
            QVERIFY(!r.ok());
            QCOMPARE(r.error().code, error);
            QVERIFY(!r.error().message.isEmpty());
        }
        QVERIFY2(elapsed >= minMs, qPrintable(QString::number(elapsed)));
    }

    void plainHttpElsewhereIsRefused()
    {
        HttpClient client(m_clock);
        ClientRequest r;
        r.url = QUrl(QStringLiteral("http://tenant.example/oauth/token"));
        const Expected<ClientResponse> refused = send(client, r);
        QCOMPARE(refused.ok() ? QString() : refused.error().code, QStringLiteral("insecure_url"));
    }
};

QTEST_GUILESS_MAIN(TestHttpFaults)
#include "tst_httpfaults.moc"
