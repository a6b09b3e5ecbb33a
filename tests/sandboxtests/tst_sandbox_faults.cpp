// Faults on request: each mode does what it says, on the tenant or the
// upstream, for the next N matching calls only.
#include "sandboxhttp.h"
#include "sandboxtenant.h"

#include <QJsonArray>
#include <QTest>

using namespace sanctum::test;

class SandboxFaultsTest : public QObject {
    Q_OBJECT

private:
    SandboxTenant m_tenant;
    SandboxHttp m_http;

    QUrl jwksUrl() const { return m_tenant.tenantUrl(QStringLiteral("/.well-known/jwks.json")); }

    bool inject(const QJsonObject &fault)
    {
        const HttpResponse response = m_http.postJson(m_tenant.controlUrl(QStringLiteral("/faults")), fault);
        return response.status == 201;
    }

    static QJsonObject fault(const QString &mode, const QString &path, int count = 1,
                             const QString &target = QStringLiteral("tenant"),
                             const QString &method = QStringLiteral("GET"))
    {
        return {{QStringLiteral("target"), target},
                {QStringLiteral("method"), method},
                {QStringLiteral("path"), path},
                {QStringLiteral("mode"), mode},
                {QStringLiteral("count"), count}};
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_tenant.start(), qPrintable(m_tenant.errorString())); }

    void cleanup()
    {
        QCOMPARE(m_http.sendJson("DELETE", m_tenant.controlUrl(QStringLiteral("/faults")), {}).status, 204);
    }

    void slowDelaysTheCallByAtLeastTheDelay()
    {
        constexpr int delayMs = 1200;
        QJsonObject slow = fault(QStringLiteral("slow"), QStringLiteral("/.well-known/jwks.json"));
        slow.insert(QStringLiteral("delay_ms"), delayMs);
        QVERIFY(inject(slow));
        const HttpResponse delayed = m_http.get(jwksUrl());
        QCOMPARE(delayed.status, 200);
        QVERIFY2(delayed.elapsedMs >= delayMs, qPrintable(QString::number(delayed.elapsedMs)));
        QVERIFY(!delayed.json().value(QLatin1String("keys")).toArray().isEmpty());
        const HttpResponse next = m_http.get(jwksUrl());
        QVERIFY2(next.elapsedMs < delayMs, "the fault applies to one call only");
    }

    void errorAnswersWithTheStatusForCountCalls()
    {
        QJsonObject error = fault(QStringLiteral("error"),
                                  QStringLiteral("/oauth/token"),
                                  2,
                                  QStringLiteral("tenant"),
                                  QStringLiteral("POST"));
        error.insert(QStringLiteral("status"), 502);
        QVERIFY(inject(error));
        const QUrl token = m_tenant.tenantUrl(QStringLiteral("/oauth/token"));
        QUrlQuery form;
        form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("refresh_token"));
        for (int i = 0; i < 2; ++i) {
            const HttpResponse failed = m_http.postForm(token, form);
            QCOMPARE(failed.status, 502);
            QCOMPARE(failed.json().value(QLatin1String("error")).toString(), QStringLiteral("temporarily_unavailable"));
        }
        QCOMPARE(m_http.postForm(token, form).status, 400); // served normally again: the request is incomplete
        QCOMPARE(m_http.get(jwksUrl()).status, 200);
    }

    void rateLimitAnswers429WithRetryAfter()
    {
        QJsonObject limited = fault(QStringLiteral("rate_limit"), QStringLiteral("/userinfo"));
        limited.insert(QStringLiteral("retry_after"), 7);
        QVERIFY(inject(limited));
        const HttpResponse response = m_http.get(m_tenant.tenantUrl(QStringLiteral("/userinfo")));
        QCOMPARE(response.status, 429);
        QCOMPARE(response.header("Retry-After"), QByteArrayLiteral("7"));
        QCOMPARE(response.header("X-RateLimit-Remaining"), QByteArrayLiteral("0"));
        QCOMPARE(response.json().value(QLatin1String("error")).toString(), QStringLiteral("too_many_requests"));
        QCOMPARE(m_http.get(m_tenant.tenantUrl(QStringLiteral("/userinfo"))).status, 401); // no token: served normally
    }

    void resetClosesTheConnection()
    {
        QVERIFY(inject(fault(QStringLiteral("reset"), QStringLiteral("/.well-known/jwks.json"))));
        const HttpResponse reset = m_http.get(jwksUrl());
        QVERIFY2(reset.finished, "a reset is noticed at once, not at the deadline");
        QVERIFY2(reset.error == QNetworkReply::RemoteHostClosedError, reset.describe());
        QVERIFY(!reset.isJson());
        QCOMPARE(m_http.get(jwksUrl()).status, 200);
    }

    void malformedAnswersABodyThatIsNotJson()
    {
        QVERIFY(inject(fault(QStringLiteral("malformed"), QStringLiteral("/.well-known/openid-configuration"))));
        const HttpResponse malformed =
            m_http.get(m_tenant.tenantUrl(QStringLiteral("/.well-known/openid-configuration")));
        QCOMPARE(malformed.status, 200);
        QVERIFY(malformed.header("Content-Type").startsWith("application/json"));
        QVERIFY(!malformed.isJson());
        QVERIFY(m_http.get(m_tenant.tenantUrl(QStringLiteral("/.well-known/openid-configuration"))).isJson());
    }

    void upstreamFaultsMatchByPrefixAndAnyMethod()
    {
        QJsonObject error = fault(
            QStringLiteral("error"), QStringLiteral("/repos/*"), 2, QStringLiteral("upstream"), QStringLiteral("*"));
        error.insert(QStringLiteral("status"), 503);
        QVERIFY(inject(error));
        const HttpResponse other = m_http.get(m_tenant.upstreamUrl(QStringLiteral("/users/alice")));
        QCOMPARE(other.status, 200);
        QCOMPARE(m_http.get(m_tenant.upstreamUrl(QStringLiteral("/repos/acme/web"))).status, 503);
        const HttpResponse post = m_http.postJson(m_tenant.upstreamUrl(QStringLiteral("/repos/acme/web/issues")), {});
        QCOMPARE(post.status, 503);
        QVERIFY(post.json().contains(QLatin1String("message")));
        QCOMPARE(m_http.get(m_tenant.upstreamUrl(QStringLiteral("/repos/acme/web"))).status, 200);
        QCOMPARE(m_http.get(jwksUrl()).status, 200); // the tenant was never affected
    }

    void clearingRemovesPendingFaults()
    {
        QVERIFY(inject(fault(QStringLiteral("error"), QStringLiteral("/.well-known/jwks.json"), 5)));
        QCOMPARE(m_http.get(m_tenant.controlUrl(QStringLiteral("/faults")))
                     .json()
                     .value(QLatin1String("faults"))
                     .toArray()
                     .size(),
                 1);
        QCOMPARE(m_http.sendJson("DELETE", m_tenant.controlUrl(QStringLiteral("/faults")), {}).status, 204);
        QCOMPARE(m_http.get(jwksUrl()).status, 200);
        QVERIFY(m_http.get(m_tenant.controlUrl(QStringLiteral("/faults")))
                    .json()
                    .value(QLatin1String("faults"))
                    .toArray()
                    .isEmpty());
    }

    void controlCallsAreNeverFaulted()
    {
        QVERIFY(inject(
            fault(QStringLiteral("error"), QStringLiteral("/*"), 100, QStringLiteral("tenant"), QStringLiteral("*"))));
        QCOMPARE(m_http.get(jwksUrl()).status, 503);
        QCOMPARE(m_http.get(m_tenant.controlUrl(QStringLiteral("/state"))).status, 200);
    }

    void invalidFaultsAreRefused()
    {
        QCOMPARE(m_http
                     .postJson(m_tenant.controlUrl(QStringLiteral("/faults")),
                               fault(QStringLiteral("explode"), QStringLiteral("/x")))
                     .status,
                 400);
        QCOMPARE(m_http
                     .postJson(m_tenant.controlUrl(QStringLiteral("/faults")),
                               fault(QStringLiteral("slow"), QStringLiteral("x")))
                     .status,
                 400);
        QCOMPARE(m_http
                     .postJson(m_tenant.controlUrl(QStringLiteral("/faults")),
                               fault(QStringLiteral("slow"), QStringLiteral("/x"), 1, QStringLiteral("elsewhere")))
                     .status,
                 400);
    }
};

QTEST_GUILESS_MAIN(SandboxFaultsTest)
#include "tst_sandbox_faults.moc"
