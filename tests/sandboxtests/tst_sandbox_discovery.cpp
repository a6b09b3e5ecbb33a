// Discovery and JWKS: Auth0's routes, the signing algorithm chosen at start,
// and key rotation that adds a kid while older keys still verify.
#include "jwtcheck.h"
#include "oauthflow.h"
#include "sandboxhttp.h"
#include "sandboxtenant.h"

#include <QJsonArray>
#include <QTest>

using namespace sanctum::test;

class SandboxDiscoveryTest : public QObject {
    Q_OBJECT

private:
    SandboxTenant m_tenant;
    SandboxHttp m_http;

    QJsonObject discovery(const SandboxTenant &tenant)
    {
        return m_http.get(tenant.tenantUrl(QStringLiteral("/.well-known/openid-configuration"))).json();
    }

    QJsonArray jwks(const SandboxTenant &tenant)
    {
        const HttpResponse response = m_http.get(tenant.tenantUrl(QStringLiteral("/.well-known/jwks.json")));
        return response.json().value(QLatin1String("keys")).toArray();
    }

    static QString kidOf(const QString &jwt) { return jwtPart(jwt, 0).value(QLatin1String("kid")).toString(); }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_tenant.start(), qPrintable(m_tenant.errorString())); }

    void discoveryNamesAuth0Routes()
    {
        const QJsonObject metadata = discovery(m_tenant);
        const QString issuer = m_tenant.issuer().toString();
        QCOMPARE(metadata.value(QLatin1String("issuer")).toString(), issuer);
        const QList<QPair<const char *, const char *>> routes{
            {"authorization_endpoint", "/authorize"},
            {"token_endpoint", "/oauth/token"},
            {"revocation_endpoint", "/oauth/revoke"},
            {"introspection_endpoint", "/oauth/introspect"},
            {"device_authorization_endpoint", "/oauth/device/code"},
            {"userinfo_endpoint", "/userinfo"},
            {"jwks_uri", "/.well-known/jwks.json"},
            {"backchannel_authentication_endpoint", "/bc-authorize"},
        };
        for (const auto &[member, path] : routes) {
            QCOMPARE(metadata.value(QLatin1String(member)).toString(), issuer + QLatin1String(path));
        }
        QCOMPARE(metadata.value(QLatin1String("code_challenge_methods_supported")).toArray(),
                 QJsonArray{QStringLiteral("S256")});
        QVERIFY(metadata.value(QLatin1String("authorization_response_iss_parameter_supported")).toBool());
        const QJsonArray grants = metadata.value(QLatin1String("grant_types_supported")).toArray();
        for (const char *grant :
             {"authorization_code",
              "refresh_token",
              "urn:ietf:params:oauth:grant-type:device_code",
              "urn:openid:params:grant-type:ciba",
              "urn:auth0:params:oauth:grant-type:token-exchange:federated-connection-access-token"}) {
            QVERIFY2(grants.contains(QLatin1String(grant)), grant);
        }
        QCOMPARE(metadata.value(QLatin1String("backchannel_token_delivery_modes_supported")).toArray(),
                 QJsonArray{QStringLiteral("poll")});
    }

    void jwksPublishesPublicKeysOnly()
    {
        const QJsonArray keys = jwks(m_tenant);
        QVERIFY(!keys.isEmpty());
        for (const QJsonValue &value : keys) {
            const QJsonObject key = value.toObject();
            QVERIFY(!key.value(QLatin1String("kid")).toString().isEmpty());
            QCOMPARE(key.value(QLatin1String("use")).toString(), QStringLiteral("sig"));
            for (const char *secret : {"d", "p", "q", "dp", "dq", "qi"}) {
                QVERIFY2(!key.contains(QLatin1String(secret)), secret);
            }
        }
    }

    void signsWithTheChosenAlgorithm_data()
    {
        QTest::addColumn<QString>("alg");
        QTest::newRow("RS256") << QStringLiteral("RS256");
        QTest::newRow("ES256") << QStringLiteral("ES256");
        QTest::newRow("PS256") << QStringLiteral("PS256");
    }

    void signsWithTheChosenAlgorithm()
    {
        QFETCH(QString, alg);
        SandboxTenant tenant({QStringLiteral("--alg"), alg});
        QVERIFY2(tenant.start(), qPrintable(tenant.errorString()));
        QCOMPARE(tenant.alg(), alg);
        QVERIFY(
            discovery(tenant).value(QLatin1String("id_token_signing_alg_values_supported")).toArray().contains(alg));
        const QJsonArray keys = jwks(tenant);
        QCOMPARE(keys.size(), 1);
        QCOMPARE(keys.first().toObject().value(QLatin1String("alg")).toString(), alg);

        const QJsonObject tokens =
            signIn(m_http, tenant, QStringLiteral("alice"), QStringLiteral("openid offline_access"), tenant.audience());
        for (const char *member : {"id_token", "access_token"}) {
            const QString jwt = tokens.value(QLatin1String(member)).toString();
            QCOMPARE(jwtPart(jwt, 0).value(QLatin1String("alg")).toString(), alg);
            QString error;
            QVERIFY2(verifyJwt(jwt, findKey(keys, kidOf(jwt)), &error),
                     qPrintable(QLatin1String(member) + QStringLiteral(": ") + error));
            // The check can fail: a token with another payload does not verify.
            QStringList parts = jwt.split(u'.');
            parts[1] =
                QString::fromLatin1(QByteArrayLiteral("{\"sub\":\"mallory\"}")
                                        .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
            QVERIFY(!verifyJwt(parts.join(u'.'), findKey(keys, kidOf(jwt))));
        }
    }

    void rotationAddsAKidAndOldKeysStillVerify()
    {
        const QJsonObject before = signIn(m_http, m_tenant);
        const QString oldToken = before.value(QLatin1String("id_token")).toString();
        const QString oldKid = kidOf(oldToken);
        QVERIFY(!oldKid.isEmpty());

        const HttpResponse rotated = m_http.postJson(m_tenant.controlUrl(QStringLiteral("/keys/rotate")),
                                                     {{QStringLiteral("alg"), QStringLiteral("ES256")}});
        QVERIFY2(rotated.status == 200, rotated.describe());
        const QString newKid = rotated.json().value(QLatin1String("kid")).toString();
        QVERIFY(!newKid.isEmpty() && newKid != oldKid);

        const QJsonArray keys = jwks(m_tenant);
        QCOMPARE(keys.first().toObject().value(QLatin1String("kid")).toString(), newKid);
        QVERIFY2(verifyJwt(oldToken, findKey(keys, oldKid)), "a token signed before the rotation must still verify");

        const QString newToken = signIn(m_http, m_tenant).value(QLatin1String("id_token")).toString();
        QCOMPARE(kidOf(newToken), newKid);
        QCOMPARE(jwtPart(newToken, 0).value(QLatin1String("alg")).toString(), QStringLiteral("ES256"));
        QVERIFY(verifyJwt(newToken, findKey(keys, newKid)));
        QVERIFY(discovery(m_tenant)
                    .value(QLatin1String("id_token_signing_alg_values_supported"))
                    .toArray()
                    .contains(QStringLiteral("ES256")));

        // State survives the rotation: the refresh token from before still works.
        QUrlQuery refresh;
        refresh.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("refresh_token"));
        refresh.addQueryItem(QStringLiteral("refresh_token"), before.value(QLatin1String("refresh_token")).toString());
        const HttpResponse refreshed = tokenRequest(m_http, m_tenant, refresh);
        QVERIFY2(refreshed.status == 200, refreshed.describe());
        QCOMPARE(kidOf(refreshed.json().value(QLatin1String("id_token")).toString()), newKid);
    }

    void rotationRefusesUnknownAlgorithms()
    {
        const HttpResponse response = m_http.postJson(m_tenant.controlUrl(QStringLiteral("/keys/rotate")),
                                                      {{QStringLiteral("alg"), QStringLiteral("HS256")}});
        QCOMPARE(response.status, 400);
        QCOMPARE(response.json().value(QLatin1String("error")).toString(), QStringLiteral("invalid_request"));
    }
};

QTEST_GUILESS_MAIN(SandboxDiscoveryTest)
#include "tst_sandbox_discovery.moc"
