#include "auth/authservice.h"
#include "domain/clock.h"
#include "sandboxtenant.h"
#include "upstream/httpclient.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace sanctum;
using sanctum::test::SandboxTenant;

// The auth worker seen from the GUI thread: every call returns at once and
// the GUI thread keeps ticking while the tenant is slow.
class TestAuthService : public QObject {
    Q_OBJECT

    std::unique_ptr<SandboxTenant> m_sandbox;
    SystemClock m_clock;

    void arm(const QJsonObject &fault)
    {
        HttpClient control(m_clock);
        bool done = false;
        control.send(ClientRequest::json("POST", m_sandbox->controlUrl(QStringLiteral("/faults")), fault),
                     [&](Expected<ClientResponse> r) {
                         QVERIFY(r.ok());
                         done = true;
                     });
        QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
    }

    Expected<UpstreamToken> token(AuthService &auth, const QString &connection)
    {
        std::optional<Expected<UpstreamToken>> result;
        auth.upstreamToken(connection, this, [&](Expected<UpstreamToken> t) { result.emplace(std::move(t)); });
        QDeadlineTimer deadline(30000);
        while (!result && !deadline.hasExpired())
            QTest::qWait(5);
        return result ? std::move(*result) : Expected<UpstreamToken>(Error{QStringLiteral("test_timeout"), {}});
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_sandbox = std::make_unique<SandboxTenant>();
        QVERIFY2(m_sandbox->start(), qPrintable(m_sandbox->errorString()));
        qputenv("SANCTUM_BROWSER", SANDBOXBROWSER_BIN);
    }

    void neverBlocksTheCallingThread()
    {
        AuthService auth(m_clock);
        QVERIFY(auth.workerThread()->isRunning());
        QVERIFY(auth.workerThread() != QThread::currentThread());
        TenantConfig config;
        config.issuer = m_sandbox->issuer();
        config.clientId = m_sandbox->clientId();
        config.clientSecret = m_sandbox->clientSecret().toUtf8();
        config.audience = m_sandbox->audience();
        auth.configure(config);

        // The GUI thread's heartbeat: the longest gap between ticks.
        QElapsedTimer sinceTick;
        qint64 longestGap = 0;
        QTimer heartbeat;
        heartbeat.setInterval(5);
        connect(&heartbeat, &QTimer::timeout, this, [&] { longestGap = qMax(longestGap, sinceTick.restart()); });
        sinceTick.start();
        heartbeat.start();

        // The token endpoint will hold its next answer for 1.5 s.
        arm({{QStringLiteral("target"), QStringLiteral("tenant")},
             {QStringLiteral("method"), QStringLiteral("POST")},
             {QStringLiteral("path"), QStringLiteral("/oauth/token")},
             {QStringLiteral("mode"), QStringLiteral("slow")},
             {QStringLiteral("delay_ms"), 1500},
             {QStringLiteral("count"), 1}});
        QSignalSpy loggedIn(&auth, &AuthService::loggedIn);
        QSignalSpy failed(&auth, &AuthService::loginFailed);
        QElapsedTimer call;
        call.start();
        auth.loginWithBrowser(QStringLiteral("alice"));
        QVERIFY(call.elapsed() < 50); // returned at once
        QTRY_VERIFY_WITH_TIMEOUT(loggedIn.count() + failed.count() > 0, 30000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().value<Error>().message));
        QVERIFY(call.elapsed() >= 1500); // the slow answer really was waited for, off this thread
        QVERIFY(!loggedIn.first().at(0).toJsonObject().value(QStringLiteral("sub")).toString().isEmpty());
        QVERIFY(!loggedIn.first().at(1).toByteArray().isEmpty()); // for the keychain

        const Expected<UpstreamToken> first = token(auth, QStringLiteral("github"));
        QVERIFY2(first.ok(), first.ok() ? "" : qPrintable(first.error().message));
        QCOMPARE(first->scopes.size(), 12);
        heartbeat.stop();
        QVERIFY2(longestGap < 250, qPrintable(QStringLiteral("the calling thread stalled for %1 ms").arg(longestGap)));

        // Served from the cache: a failing tenant does not matter now.
        arm({{QStringLiteral("target"), QStringLiteral("tenant")},
             {QStringLiteral("method"), QStringLiteral("*")},
             {QStringLiteral("path"), QStringLiteral("/oauth/token")},
             {QStringLiteral("mode"), QStringLiteral("error")},
             {QStringLiteral("status"), 400},
             {QStringLiteral("count"), 1}});
        const Expected<UpstreamToken> again = token(auth, QStringLiteral("github"));
        QVERIFY(again.ok());
        QCOMPARE(again->accessToken, first->accessToken);

        // Dropped from the cache: the next request goes to the tenant, and the armed 400 shows.
        auth.dropUpstreamToken(QStringLiteral("github"));
        const Expected<UpstreamToken> refused = token(auth, QStringLiteral("github"));
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().httpStatus, 400);

        QSignalSpy loggedOut(&auth, &AuthService::loggedOut);
        auth.logout();
        QTRY_COMPARE_WITH_TIMEOUT(loggedOut.count(), 1, 20000);
        QCOMPARE(loggedOut.first().at(0).toBool(), true); // the tenant confirmed the revocation
        const Expected<UpstreamToken> afterLogout = token(auth, QStringLiteral("github"));
        QCOMPARE(afterLogout.ok() ? QString() : afterLogout.error().code, QStringLiteral("not_logged_in"));
    }

    void failsCleanlyWithoutATenant()
    {
        AuthService auth(m_clock);
        QSignalSpy failed(&auth, &AuthService::loginFailed);
        auth.loginWithDevice();
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 5000);
        QCOMPARE(failed.first().first().value<Error>().code, QStringLiteral("not_configured"));
        const Expected<UpstreamToken> t = token(auth, QStringLiteral("github"));
        QCOMPARE(t.ok() ? QString() : t.error().code, QStringLiteral("not_configured"));
    }
};

QTEST_GUILESS_MAIN(TestAuthService)
#include "tst_authservice.moc"
