// Where the broker sends each connection's calls, as the tenant configuration
// stores it.
#include "providers/provider.h"
#include "store/tenantstore.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace sanctum;

class TestTenantConfig : public QObject {
    Q_OBJECT

    static QJsonObject tenant(const QJsonObject &apiBases)
    {
        return {{QStringLiteral("issuer"), QStringLiteral("https://acme.eu.auth0.com/")},
                {QStringLiteral("client_id"), QStringLiteral("abc")},
                {QStringLiteral("connections"), QJsonArray{QStringLiteral("github"), QStringLiteral("ghes")}},
                {QStringLiteral("api_bases"), apiBases}};
    }

private Q_SLOTS:
    void githubDefaultsToItsPublicApi()
    {
        const Expected<TenantConfig> c = TenantStore::fromJson(tenant({}));
        QVERIFY(c.ok());
        QCOMPARE(Provider::apiBase(*c, QStringLiteral("github")), QUrl(QStringLiteral("https://api.github.com")));
        // An upstream Sanctum knows no address for stays unreachable rather than guessed.
        QVERIFY(!Provider::apiBase(*c, QStringLiteral("ghes")).isValid());
    }

    void configuredBasesSurviveTheStore()
    {
        const Expected<TenantConfig> c = TenantStore::fromJson(
            tenant({{QStringLiteral("ghes"), QStringLiteral("https://github.acme.example/api/v3")}}));
        QVERIFY(c.ok());
        const Expected<TenantConfig> again = TenantStore::fromJson(TenantStore::toJson(*c));
        QVERIFY(again.ok());
        QCOMPARE(again->apiBase(QStringLiteral("ghes")), QUrl(QStringLiteral("https://github.acme.example/api/v3")));
    }

    void plainHttpElsewhereIsRefused()
    {
        // Upstream tokens would cross the network in clear.
        const Expected<TenantConfig> c =
            TenantStore::fromJson(tenant({{QStringLiteral("ghes"), QStringLiteral("http://github.acme.example")}}));
        QVERIFY(!c.ok());
        QVERIFY2(c.error().message.contains(QStringLiteral("ghes")), qPrintable(c.error().message));
        QVERIFY(
            TenantStore::fromJson(tenant({{QStringLiteral("ghes"), QStringLiteral("http://127.0.0.1:9000")}})).ok());
    }
};

QTEST_GUILESS_MAIN(TestTenantConfig)
#include "tst_tenantconfig.moc"
