// The broker on threads of its own: agents' calls are served off the main
// thread (where the window and the mission registry live), a revocation
// refuses the very next call on every broker thread, and the main thread
// keeps answering its own events while agents flood the broker.
#include "broker/http/httpserver.h"
#include "brokerfixture.h"
#include "domain/actor.h"
#include "services/missions/missionregistry.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <chrono>

using namespace sanctum;
using namespace sanctum::test;

namespace {

qint64 nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// One agent connection making proxied calls back to back, on a thread of
// its own, remembering when each call left and how it was answered.
class CallingAgent : public QThread {
public:
    ~CallingAgent() override
    {
        stop();
        wait();
    }

    struct Call {
        qint64 sentNs;
        int status;
    };

    CallingAgent(QUrl url, QString token)
        : m_url(std::move(url))
        , m_token(std::move(token))
    {
    }

    void stop() { m_stop = true; }
    int allowed() const { return m_allowed.load(); }
    int refused() const { return m_refused.load(); }
    QList<Call> calls() const
    {
        QMutexLocker lock(&m_mutex);
        return m_calls;
    }

protected:
    void run() override
    {
        SandboxHttp http(5000);
        while (!m_stop) {
            const qint64 sent = nowNs();
            const HttpResponse r = http.get(m_url, bearer(m_token));
            {
                QMutexLocker lock(&m_mutex);
                m_calls.append({sent, r.status});
            }
            if (r.status == 200)
                ++m_allowed;
            else
                ++m_refused;
        }
    }

private:
    QUrl m_url;
    QString m_token;
    std::atomic<bool> m_stop{false};
    std::atomic<int> m_allowed{0};
    std::atomic<int> m_refused{0};
    mutable QMutex m_mutex;
    QList<Call> m_calls;
};

} // namespace

class TestBrokerThreads : public QObject {
    Q_OBJECT

    std::unique_ptr<SandboxTenant> m_sandbox;
    std::unique_ptr<BrokerFixture> m_f;
    QString m_key;

    static constexpr int kThreads = 4;

    static std::vector<std::unique_ptr<CallingAgent>> startAgents(int count, const QUrl &url, const QString &token)
    {
        std::vector<std::unique_ptr<CallingAgent>> agents;
        for (int i = 0; i < count; ++i) {
            agents.push_back(std::make_unique<CallingAgent>(url, token));
            agents.back()->start();
        }
        return agents;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString why;
        m_sandbox = BrokerFixture::startSandbox(&why);
        QVERIFY2(m_sandbox, qPrintable(why));
    }

    void init()
    {
        BrokerOptions options = BrokerFixture::testOptions();
        options.threads = kThreads;
        options.callsPerSecond = 0; // no rate limit: the test floods on purpose
        m_f = std::make_unique<BrokerFixture>(*m_sandbox, options);
        QString why;
        QVERIFY2(m_f->start(&why), qPrintable(why));
        m_key = m_f->addAgent(QStringLiteral("flood-bot"));
        QCOMPARE(m_f->broker().server().threadCount(), kThreads);
    }

    void cleanup() { m_f.reset(); }

    void revokeRefusesTheNextCallOnEveryThread()
    {
        QString why;
        const auto [id, token] = m_f->activeMission(m_key, {QStringLiteral("repo")}, 600, &why);
        QVERIFY2(!token.isEmpty(), qPrintable(why));
        const QUrl url = m_f->url(QStringLiteral("/v1/proxy/github/repos/acme/web/issues"));

        // One connection per broker thread (they are handed out in turn).
        const auto agents = startAgents(kThreads, url, token);
        const auto allCalling = [&] {
            for (const auto &a : agents)
                if (a->allowed() < 5)
                    return false;
            return true;
        };
        QTRY_VERIFY_WITH_TIMEOUT(allCalling(), 20000);
        // Handed out in turn, so every broker thread serves at least one of them.
        QVERIFY(m_f->broker().server().connectionCount() >= kThreads);

        QVERIFY(m_f->instance().missions().revoke(id, Actor::operatorCli(), QStringLiteral("mid-stream")));
        const qint64 acknowledged = nowNs();

        const auto allRefused = [&] {
            for (const auto &a : agents)
                if (a->refused() < 3)
                    return false;
            return true;
        };
        QTRY_VERIFY_WITH_TIMEOUT(allRefused(), 10000);
        for (const auto &a : agents)
            a->stop();
        for (const auto &a : agents)
            QVERIFY(a->wait(10000));

        int after = 0;
        for (const auto &a : agents) {
            for (const CallingAgent::Call &call : a->calls()) {
                if (call.sentNs <= acknowledged)
                    continue;
                ++after;
                QVERIFY2(call.status == 401,
                         qPrintable(QStringLiteral("a call sent %1 µs after the revocation was acknowledged got %2")
                                        .arg((call.sentNs - acknowledged) / 1000)
                                        .arg(call.status)));
            }
        }
        QVERIFY(after >= kThreads * 3);
    }

    void mainThreadStaysResponsiveUnderAFlood()
    {
        QString why;
        const auto [id, token] = m_f->activeMission(m_key, {QStringLiteral("repo")}, 600, &why);
        QVERIFY2(!token.isEmpty(), qPrintable(why));
        const QUrl url = m_f->url(QStringLiteral("/v1/proxy/github/repos/acme/web/issues"));
        const auto agents = startAgents(8, url, token);
        QTRY_VERIFY_WITH_TIMEOUT(agents.front()->allowed() > 10, 20000);

        // A 10 ms timer on the main thread, as the window's event loop has:
        // how late does it fire while the broker is flooded?
        QElapsedTimer clock;
        clock.start();
        qint64 last = clock.elapsed();
        qint64 worst = 0;
        int ticks = 0;
        QTimer tick;
        tick.setTimerType(Qt::PreciseTimer);
        connect(&tick, &QTimer::timeout, this, [&] {
            const qint64 now = clock.elapsed();
            worst = qMax(worst, now - last - 10);
            last = now;
            ++ticks;
        });
        const int before = agents.front()->allowed();
        tick.start(10);
        QTRY_VERIFY_WITH_TIMEOUT(ticks >= 150, 10000);
        tick.stop();
        const int during = agents.front()->allowed() - before;
        for (const auto &a : agents)
            a->stop();
        for (const auto &a : agents)
            QVERIFY(a->wait(10000));
        QVERIFY2(during > 20, "the flood did not go on while the main thread was measured");
        QVERIFY2(worst < 50, qPrintable(QStringLiteral("the main thread's timer fired %1 ms late").arg(worst)));
    }
};

QTEST_MAIN(TestBrokerThreads)
#include "tst_broker_threads.moc"
