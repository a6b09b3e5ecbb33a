// The sandbox's process contract: the READY line, loopback-only listening,
// per-start secrets, SIGTERM, --demo, --urls-file and --state-dir.
#include "sandboxhttp.h"
#include "sandboxtenant.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileDevice>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace sanctum::test;

class SandboxStartupTest : public QObject {
    Q_OBJECT

private:
    static QStringList jwksKids(const SandboxTenant &tenant)
    {
        SandboxHttp http;
        QStringList kids;
        const QJsonArray keys = http.get(tenant.tenantUrl(QStringLiteral("/.well-known/jwks.json")))
                                    .json()
                                    .value(QLatin1String("keys"))
                                    .toArray();
        for (const QJsonValue &key : keys) {
            kids << key.toObject().value(QLatin1String("kid")).toString();
        }
        return kids;
    }

private Q_SLOTS:
    void readyLineCarriesTheContract()
    {
        SandboxTenant tenant;
        QVERIFY2(tenant.start(), qPrintable(tenant.errorString()));
        qInfo("sandbox ready after %lld ms", tenant.startupMs());
        QVERIFY2(tenant.startupMs() < 5000, "the sandbox should be ready in about a second");

        const QUrl issuer = tenant.issuer();
        QCOMPARE(issuer.scheme(), QStringLiteral("http"));
        QCOMPARE(issuer.host(), QStringLiteral("127.0.0.1"));
        QVERIFY(issuer.port() > 0);
        QCOMPARE(issuer.path(), QString());
        QCOMPARE(tenant.upstream().host(), QStringLiteral("127.0.0.1"));
        QVERIFY(tenant.upstream().port() > 0);
        QVERIFY(tenant.upstream().port() != issuer.port());
        QCOMPARE(tenant.control(), tenant.tenantUrl(QStringLiteral("/__control")));
        QCOMPARE(tenant.clientId(), QStringLiteral("sanctum"));
        QVERIFY(tenant.clientSecret().size() >= 32);
        QCOMPARE(tenant.publicClientId(), QStringLiteral("sanctum-public"));
        QCOMPARE(tenant.audience(), QStringLiteral("https://api.sanctum.local"));
        QCOMPARE(tenant.myAccountAudience(), tenant.issuer().toString() + QStringLiteral("/me/"));
        QCOMPARE(tenant.connections(), QStringList{QStringLiteral("github")});
        QCOMPARE(tenant.users(), (QStringList{QStringLiteral("alice"), QStringLiteral("bob")}));
        QCOMPARE(tenant.alg(), QStringLiteral("RS256"));
        QVERIFY(!tenant.upstreamClientId().isEmpty());
        QVERIFY(!tenant.upstreamClientSecret().isEmpty());
    }

    void listensOnLoopbackAddressOnly()
    {
        SandboxTenant tenant;
        QVERIFY2(tenant.start(), qPrintable(tenant.errorString()));
        for (const QUrl &url : {tenant.issuer(), tenant.upstream()}) {
            QTcpSocket loopback;
            loopback.connectToHost(QStringLiteral("127.0.0.1"), quint16(url.port()));
            QVERIFY(loopback.waitForConnected(5000));
            // Bound to 127.0.0.1 itself, not to every address: another
            // loopback address on the same port is refused.
            QTcpSocket other;
            other.connectToHost(QStringLiteral("127.0.0.2"), quint16(url.port()));
            QVERIFY(!other.waitForConnected(5000));
        }
    }

    void secretAndPortsDifferPerStart()
    {
        SandboxTenant first;
        SandboxTenant second;
        QVERIFY2(first.start(), qPrintable(first.errorString()));
        QVERIFY2(second.start(), qPrintable(second.errorString()));
        QVERIFY(first.clientSecret() != second.clientSecret());
        QVERIFY(first.upstreamClientSecret() != second.upstreamClientSecret());
        QVERIFY(first.issuer() != second.issuer());
    }

    void sigtermStopsItQuicklyAndCleanly()
    {
        SandboxTenant tenant;
        QVERIFY2(tenant.start(), qPrintable(tenant.errorString()));
        QElapsedTimer clock;
        clock.start();
        tenant.process()->terminate();
        QVERIFY(tenant.process()->waitForFinished(5000));
        QVERIFY2(clock.elapsed() < 2000, "SIGTERM should stop the sandbox at once");
        QCOMPARE(tenant.process()->exitStatus(), QProcess::NormalExit);
        QCOMPARE(tenant.process()->exitCode(), 0);
    }

    void demoModeHasNoControlEndpoint()
    {
        SandboxTenant tenant({QStringLiteral("--demo")});
        QVERIFY2(tenant.start(), qPrintable(tenant.errorString()));
        QVERIFY(tenant.ready().value(QLatin1String("control")).isNull());
        SandboxHttp http;
        QCOMPARE(http.get(tenant.tenantUrl(QStringLiteral("/__control/state"))).status, 404);
        QCOMPARE(http.postJson(tenant.tenantUrl(QStringLiteral("/__control/faults")), {}).status, 404);
        QCOMPARE(http.get(tenant.tenantUrl(QStringLiteral("/.well-known/openid-configuration"))).status, 200);
    }

    void urlsFileHoldsTheReadyObjectWhileRunning()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("urls.json"));
        SandboxTenant tenant({QStringLiteral("--urls-file"), file});
        QVERIFY2(tenant.start(), qPrintable(tenant.errorString()));
        QFile urls(file);
        QVERIFY(urls.open(QIODevice::ReadOnly));
        QCOMPARE(QJsonDocument::fromJson(urls.readAll()).object(), tenant.ready());
        QCOMPARE(urls.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther), QFileDevice::Permissions());
        tenant.stop();
        QVERIFY2(!QFile::exists(file), "a stopped sandbox must not leave stale URLs behind");
    }

    void stateDirKeepsSigningKeysAcrossRestarts()
    {
        QTemporaryDir dir;
        const QStringList arguments{QStringLiteral("--state-dir"), dir.path()};
        QStringList firstKids;
        {
            SandboxTenant tenant(arguments);
            QVERIFY2(tenant.start(), qPrintable(tenant.errorString()));
            firstKids = jwksKids(tenant);
            QCOMPARE(firstKids.size(), 1);
        }
        {
            SandboxTenant tenant(arguments);
            QVERIFY2(tenant.start(), qPrintable(tenant.errorString()));
            QCOMPARE(jwksKids(tenant), firstKids);
        }
        {
            // Another algorithm on the same state: a new signing key, the old one kept.
            SandboxTenant tenant(arguments + QStringList{QStringLiteral("--alg"), QStringLiteral("ES256")});
            QVERIFY2(tenant.start(), qPrintable(tenant.errorString()));
            const QStringList kids = jwksKids(tenant);
            QCOMPARE(kids.size(), 2);
            QCOMPARE(kids.last(), firstKids.first());
            QCOMPARE(tenant.alg(), QStringLiteral("ES256"));
        }
        SandboxTenant fresh;
        QVERIFY2(fresh.start(), qPrintable(fresh.errorString()));
        QVERIFY(!jwksKids(fresh).contains(firstKids.first()));
    }

    void badArgumentsStopItBeforeReady()
    {
        SandboxTenant tenant({QStringLiteral("--alg"), QStringLiteral("HS256")});
        QVERIFY(!tenant.start());
        QVERIFY(!tenant.isRunning());
        QCOMPARE(tenant.process()->exitCode(), 2);
    }
};

QTEST_GUILESS_MAIN(SandboxStartupTest)
#include "tst_sandbox_startup.moc"
