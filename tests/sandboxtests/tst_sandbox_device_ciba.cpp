// The Device Authorization Grant and CIBA in poll mode: pending, too fast,
// approved or denied (through the control endpoint, with no person).
#include "oauthflow.h"
#include "sandboxhttp.h"
#include "sandboxtenant.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QTest>

using namespace sanctum::test;

namespace {
const QString DeviceGrant = QStringLiteral("urn:ietf:params:oauth:grant-type:device_code");
const QString CibaGrant = QStringLiteral("urn:openid:params:grant-type:ciba");
constexpr int PollIntervalSeconds = 1;
} // namespace

class SandboxDeviceCibaTest : public QObject {
    Q_OBJECT

private:
    SandboxTenant m_tenant{{QStringLiteral("--poll-interval"), QString::number(PollIntervalSeconds)}};
    SandboxHttp m_http;
    QElapsedTimer m_sinceLastPoll;

    HttpResponse clientPost(const QString &path, QUrlQuery form)
    {
        form.addQueryItem(QStringLiteral("client_id"), m_tenant.clientId());
        form.addQueryItem(QStringLiteral("client_secret"), m_tenant.clientSecret());
        return m_http.postForm(m_tenant.tenantUrl(path), form);
    }

    // One poll of the token endpoint, after waiting out the interval the
    // tenant asked for (as a device or CIBA client must).
    HttpResponse poll(const QString &grantType, const QString &codeName, const QString &code, bool waitInterval = true)
    {
        const auto intervalPassed = [this] { return m_sinceLastPoll.hasExpired(PollIntervalSeconds * 1000); };
        if (waitInterval && m_sinceLastPoll.isValid() && !QTest::qWaitFor(intervalPassed, 10000)) {
            return {};
        }
        QUrlQuery form;
        form.addQueryItem(QStringLiteral("grant_type"), grantType);
        form.addQueryItem(codeName, code);
        m_sinceLastPoll.start();
        return clientPost(QStringLiteral("/oauth/token"), form);
    }

    QJsonObject startDeviceFlow()
    {
        QUrlQuery form;
        form.addQueryItem(QStringLiteral("scope"), QStringLiteral("openid profile offline_access"));
        const HttpResponse response = clientPost(QStringLiteral("/oauth/device/code"), form);
        return response.status == 200 ? response.json() : QJsonObject{};
    }

    HttpResponse startCiba(const QString &sub, const QString &bindingMessage = QStringLiteral("Approve mission 42"))
    {
        const QJsonObject hint{{QStringLiteral("format"), QStringLiteral("iss_sub")},
                               {QStringLiteral("iss"), QString(m_tenant.issuer().toString() + u'/')},
                               {QStringLiteral("sub"), sub}};
        QUrlQuery form;
        form.addQueryItem(QStringLiteral("scope"), QStringLiteral("openid offline_access"));
        form.addQueryItem(QStringLiteral("login_hint"),
                          QString::fromUtf8(QJsonDocument(hint).toJson(QJsonDocument::Compact)));
        if (!bindingMessage.isEmpty()) {
            form.addQueryItem(QStringLiteral("binding_message"), bindingMessage);
        }
        return clientPost(QStringLiteral("/bc-authorize"), form);
    }

    static void verifyError(const HttpResponse &response, int status, const char *error)
    {
        QVERIFY2(response.status == status, response.describe());
        QCOMPARE(response.json().value(QLatin1String("error")).toString(), QLatin1String(error));
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_tenant.start(), qPrintable(m_tenant.errorString())); }

    void deviceCodeIsPendingUntilApproved()
    {
        const QJsonObject device = startDeviceFlow();
        const QString deviceCode = device.value(QLatin1String("device_code")).toString();
        const QString userCode = device.value(QLatin1String("user_code")).toString();
        QVERIFY(!deviceCode.isEmpty() && !userCode.isEmpty());
        QCOMPARE(device.value(QLatin1String("verification_uri")).toString(),
                 m_tenant.tenantUrl(QStringLiteral("/activate")).toString());
        QVERIFY(device.value(QLatin1String("verification_uri_complete")).toString().contains(userCode));
        QCOMPARE(device.value(QLatin1String("interval")).toInt(), PollIntervalSeconds);
        QVERIFY(device.value(QLatin1String("expires_in")).toInt() > 0);

        const HttpResponse pending = poll(DeviceGrant, QStringLiteral("device_code"), deviceCode);
        verifyError(pending, 403, "authorization_pending");
        QCOMPARE(pending.json().value(QLatin1String("error_description")).toString(),
                 QStringLiteral("User has yet to authorize device code."));

        const HttpResponse approved = m_http.postJson(
            m_tenant.controlUrl(QStringLiteral("/device/approve")),
            {{QStringLiteral("user_code"), userCode}, {QStringLiteral("user"), QStringLiteral("alice")}});
        QVERIFY2(approved.status == 200, approved.describe());

        const HttpResponse tokens = poll(DeviceGrant, QStringLiteral("device_code"), deviceCode);
        QVERIFY2(tokens.status == 200, tokens.describe());
        QVERIFY(!tokens.json().value(QLatin1String("refresh_token")).toString().isEmpty());
        const QJsonObject claims = jwtPart(tokens.json().value(QLatin1String("id_token")).toString(), 1);
        QCOMPARE(claims.value(QLatin1String("sub")).toString(), QStringLiteral("auth0|alice"));
        QCOMPARE(claims.value(QLatin1String("nickname")).toString(), QStringLiteral("alice"));
    }

    void pollingFasterThanTheIntervalIsSlowedDown()
    {
        const QString deviceCode = startDeviceFlow().value(QLatin1String("device_code")).toString();
        verifyError(poll(DeviceGrant, QStringLiteral("device_code"), deviceCode), 403, "authorization_pending");
        const HttpResponse tooFast = poll(DeviceGrant, QStringLiteral("device_code"), deviceCode, false);
        verifyError(tooFast, 429, "slow_down");
        QCOMPARE(tooFast.json().value(QLatin1String("error_description")).toString(),
                 QStringLiteral("You are polling faster than the specified interval of %1 seconds.")
                     .arg(PollIntervalSeconds));
        verifyError(poll(DeviceGrant, QStringLiteral("device_code"), deviceCode), 403, "authorization_pending");
    }

    void deniedDeviceCodeEndsWithAccessDenied()
    {
        const QJsonObject device = startDeviceFlow();
        const HttpResponse denied =
            m_http.postJson(m_tenant.controlUrl(QStringLiteral("/device/deny")),
                            {{QStringLiteral("user_code"), device.value(QLatin1String("user_code")).toString()}});
        QCOMPARE(denied.status, 200);
        verifyError(
            poll(DeviceGrant, QStringLiteral("device_code"), device.value(QLatin1String("device_code")).toString()),
            403,
            "access_denied");
    }

    void unknownUserCodeCannotBeApproved()
    {
        const HttpResponse response = m_http.postJson(m_tenant.controlUrl(QStringLiteral("/device/approve")),
                                                      {{QStringLiteral("user_code"), QStringLiteral("BCDF-GHJK")},
                                                       {QStringLiteral("user"), QStringLiteral("alice")}});
        QCOMPARE(response.status, 404);
    }

    void cibaIsPendingUntilApproved()
    {
        const HttpResponse started = startCiba(QStringLiteral("auth0|alice"));
        QVERIFY2(started.status == 200, started.describe());
        const QString requestId = started.json().value(QLatin1String("auth_req_id")).toString();
        QVERIFY(!requestId.isEmpty());
        QVERIFY(started.json().value(QLatin1String("expires_in")).toInt() > 0);
        QCOMPARE(started.json().value(QLatin1String("interval")).toInt(), PollIntervalSeconds);

        verifyError(poll(CibaGrant, QStringLiteral("auth_req_id"), requestId), 403, "authorization_pending");
        const HttpResponse approved = m_http.postJson(m_tenant.controlUrl(QStringLiteral("/ciba/approve")),
                                                      {{QStringLiteral("auth_req_id"), requestId}});
        QVERIFY2(approved.status == 200, approved.describe());

        const HttpResponse tokens = poll(CibaGrant, QStringLiteral("auth_req_id"), requestId);
        QVERIFY2(tokens.status == 200, tokens.describe());
        QVERIFY(!tokens.json().value(QLatin1String("refresh_token")).toString().isEmpty());
        QCOMPARE(jwtPart(tokens.json().value(QLatin1String("id_token")).toString(), 1).value(QLatin1String("sub")),
                 QJsonValue(QStringLiteral("auth0|alice")));
    }

    void deniedCibaRequestEndsWithAccessDenied()
    {
        const QString requestId =
            startCiba(QStringLiteral("auth0|bob")).json().value(QLatin1String("auth_req_id")).toString();
        QCOMPARE(m_http
                     .postJson(m_tenant.controlUrl(QStringLiteral("/ciba/deny")),
                               {{QStringLiteral("auth_req_id"), requestId}})
                     .status,
                 200);
        verifyError(poll(CibaGrant, QStringLiteral("auth_req_id"), requestId), 403, "access_denied");
    }

    void cibaNeedsABindingMessageAndAKnownUser()
    {
        verifyError(startCiba(QStringLiteral("auth0|alice"), QString()), 400, "invalid_binding_message");
        verifyError(startCiba(QStringLiteral("auth0|nobody")), 400, "unknown_user_id");
    }
};

QTEST_GUILESS_MAIN(SandboxDeviceCibaTest)
#include "tst_sandbox_device_ciba.moc"
