// sanctumctl tenant set with everything it documents, against a real
// `sanctum --headless`: each option reaches the instance and is stored.

#include "integrationsupport.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QtTest>

#include <memory>

using namespace sanctum::test;

namespace {
QString describe(const CtlRun &r)
{
    return QStringLiteral("exit %1\nstdout: %2\nstderr: %3")
        .arg(r.exitCode)
        .arg(QString::fromUtf8(r.out), QString::fromUtf8(r.err));
}
} // namespace

class TestCliTenant : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<HeadlessInstance> m_instance;

    QJsonObject storedTenant() const
    {
        const CtlRun r = m_instance->ctl(args({"tenant", "show", "--json"}));
        return r.exitCode == 0 ? parseJson(r.out).object().value(QStringLiteral("tenant")).toObject() : QJsonObject();
    }

private Q_SLOTS:
    void initTestCase()
    {
        // No session bus: nothing here may reach the desktop's keychain.
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/sanctum-test-bus");
        m_instance = std::make_unique<HeadlessInstance>();
        QVERIFY2(m_instance->start(), m_instance->output().constData());
    }

    void cleanupTestCase() { m_instance.reset(); }

    void apiBasesReachTheInstance()
    {
        const CtlRun set = m_instance->ctl(args({"tenant",
                                                 "set",
                                                 "--issuer",
                                                 "http://127.0.0.1:9/",
                                                 "--client-id",
                                                 "sanctum-cli-test",
                                                 "--audience",
                                                 "https://api.example.test",
                                                 "--connection",
                                                 "github",
                                                 "--connection",
                                                 "gitlab",
                                                 "--api-base",
                                                 "github=http://127.0.0.1:9/api/v3",
                                                 "--api-base=gitlab=https://gitlab.example.test/api/v4"}));
        QVERIFY2(set.exitCode == 0, qPrintable(describe(set)));
        QVERIFY2(set.out.contains("sanctum-cli-test"), qPrintable(describe(set)));

        const QJsonObject tenant = storedTenant();
        QCOMPARE(tenant.value(QStringLiteral("client_id")).toString(), QStringLiteral("sanctum-cli-test"));
        QCOMPARE(tenant.value(QStringLiteral("audience")).toString(), QStringLiteral("https://api.example.test"));
        QCOMPARE(tenant.value(QStringLiteral("connections")).toArray(),
                 (QJsonArray{QStringLiteral("github"), QStringLiteral("gitlab")}));
        const QJsonObject bases = tenant.value(QStringLiteral("api_bases")).toObject();
        QCOMPARE(bases.value(QStringLiteral("github")).toString(), QStringLiteral("http://127.0.0.1:9/api/v3"));
        QCOMPARE(bases.value(QStringLiteral("gitlab")).toString(),
                 QStringLiteral("https://gitlab.example.test/api/v4"));
    }

    // A malformed --api-base is refused before the instance hears of it;
    // one the instance refuses fails; either way the stored tenant stays.
    void badApiBasesChangeNothing()
    {
        const QJsonObject before = storedTenant();
        QVERIFY(!before.isEmpty());
        const QStringList tenant = args({"tenant", "set", "--issuer", "http://127.0.0.1:9/", "--client-id", "other"});

        const CtlRun malformed = m_instance->ctl(tenant + args({"--api-base", "no-connection-named"}));
        QVERIFY2(malformed.exitCode == 2, qPrintable(describe(malformed)));
        QVERIFY2(malformed.err.contains("CONNECTION=URL"), qPrintable(describe(malformed)));

        const CtlRun refused = m_instance->ctl(tenant + args({"--api-base", "github=ftp://files.example.test/"}));
        QVERIFY2(refused.exitCode == 1, qPrintable(describe(refused)));
        QVERIFY2(refused.err.contains("github"), qPrintable(describe(refused)));

        QCOMPARE(storedTenant(), before);
    }
};

QTEST_GUILESS_MAIN(TestCliTenant)
#include "tst_cli_tenant.moc"
