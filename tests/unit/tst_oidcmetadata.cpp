#include "auth/jwkscache.h"
#include "auth/oidcmetadata.h"
#include "domain/clock.h"

#include <QJsonArray>
#include <QTest>

using namespace sanctum;

class TestOidcMetadata : public QObject {
    Q_OBJECT

    static QJsonObject document()
    {
        return {{QStringLiteral("issuer"), QStringLiteral("https://acme.eu.auth0.com/")},
                {QStringLiteral("authorization_endpoint"), QStringLiteral("https://acme.eu.auth0.com/authorize")},
                {QStringLiteral("token_endpoint"), QStringLiteral("https://acme.eu.auth0.com/oauth/token")},
                {QStringLiteral("jwks_uri"), QStringLiteral("https://acme.eu.auth0.com/.well-known/jwks.json")},
                {QStringLiteral("device_authorization_endpoint"),
                 QStringLiteral("https://acme.eu.auth0.com/oauth/device/code")},
                {QStringLiteral("revocation_endpoint"), QStringLiteral("https://acme.eu.auth0.com/oauth/revoke")},
                {QStringLiteral("code_challenge_methods_supported"),
                 QJsonArray{QStringLiteral("S256"), QStringLiteral("plain")}},
                {QStringLiteral("authorization_response_iss_parameter_supported"), true}};
    }

private Q_SLOTS:
    void acceptsAnAuth0StyleDocument()
    {
        const Expected<OidcMetadata> m =
            OidcMetadata::fromJson(document(), QUrl(QStringLiteral("https://acme.eu.auth0.com")));
        QVERIFY2(m.ok(), m.ok() ? "" : qPrintable(m.error().message));
        QCOMPARE(m->tokenEndpoint, QUrl(QStringLiteral("https://acme.eu.auth0.com/oauth/token")));
        QCOMPARE(m->deviceAuthorizationEndpoint.path(), QStringLiteral("/oauth/device/code"));
        QVERIFY(m->issParameterSupported);
        QVERIFY(m->introspectionEndpoint.isEmpty());
        QCOMPARE(OidcMetadata::discoveryUrl(QUrl(QStringLiteral("https://acme.eu.auth0.com/"))),
                 QUrl(QStringLiteral("https://acme.eu.auth0.com/.well-known/openid-configuration")));
    }

    void refusesUnsafeDocuments_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("another issuer") << "issuer" << QJsonValue(QStringLiteral("https://evil.example/")) << "issuer";
        QTest::newRow("plain http token endpoint")
            << "token_endpoint" << QJsonValue(QStringLiteral("http://acme.eu.auth0.com/oauth/token"))
            << "token_endpoint";
        QTest::newRow("no token endpoint") << "token_endpoint" << QJsonValue() << "token_endpoint";
        QTest::newRow("no jwks") << "jwks_uri" << QJsonValue() << "jwks_uri";
        QTest::newRow("javascript url") << "authorization_endpoint" << QJsonValue(QStringLiteral("javascript:alert(1)"))
                                        << "authorization_endpoint";
        QTest::newRow("no S256") << "code_challenge_methods_supported"
                                 << QJsonValue(QJsonArray{QStringLiteral("plain")}) << "S256";
    }

    void refusesUnsafeDocuments()
    {
        QFETCH(QString, field);
        QFETCH(QJsonValue, value);
        QFETCH(QString, mentions);
        QJsonObject doc = document();
        if (value.isNull())
            doc.remove(field);
        else
            doc.insert(field, value);
        const Expected<OidcMetadata> m =
            OidcMetadata::fromJson(doc, QUrl(QStringLiteral("https://acme.eu.auth0.com/")));
        QVERIFY(!m.ok());
        QCOMPARE(m.error().code, QStringLiteral("discovery_invalid"));
        QVERIFY2(m.error().message.contains(mentions), qPrintable(m.error().message));
    }

    void loopbackHttpIsFineForTheSandbox()
    {
        QJsonObject doc;
        for (const QString &k :
             {QStringLiteral("authorization_endpoint"), QStringLiteral("token_endpoint"), QStringLiteral("jwks_uri")})
            doc.insert(k, QString(QStringLiteral("http://127.0.0.1:4455/") + k));
        doc.insert(QStringLiteral("issuer"), QStringLiteral("http://127.0.0.1:4455"));
        QVERIFY(OidcMetadata::fromJson(doc, QUrl(QStringLiteral("http://127.0.0.1:4455/"))).ok());
    }

    void jwksRefetchHasAFloor()
    {
        ManualClock clock(QDateTime(QDate(2026, 11, 28), QTime(12, 0), Qt::UTC));
        JwksCache cache(clock, 60);
        QVERIFY(cache.shouldRefetchFor(QStringLiteral("k1"))); // nothing fetched yet
        const Expected<JwkSet> set = JwkSet::fromJson({{QStringLiteral("keys"), QJsonArray{}}});
        QVERIFY(set.ok());
        cache.store(*set);
        QVERIFY(!cache.shouldRefetchFor(QStringLiteral("rotated"))); // just fetched: not again
        clock.advance(59'000);
        QVERIFY(!cache.shouldRefetchFor(QStringLiteral("rotated")));
        clock.advance(1'000);
        QVERIFY(cache.shouldRefetchFor(QStringLiteral("rotated"))); // the floor has passed
    }
};

QTEST_GUILESS_MAIN(TestOidcMetadata)
#include "tst_oidcmetadata.moc"
