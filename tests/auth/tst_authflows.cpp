#include "auth/deviceflow.h"
#include "auth/jwtverifier.h"
#include "auth/loginflow.h"
#include "auth/oidcclient.h"
#include "domain/clock.h"
#include "providers/github/githubprovider.h"
#include "sandboxtenant.h"
#include "upstream/httpclient.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

using namespace sanctum;
using sanctum::test::SandboxTenant;

// The auth client against the sandbox tenant: a real oidc-provider on loopback.
class TestAuthFlows : public QObject {
    Q_OBJECT

    std::unique_ptr<SandboxTenant> m_sandbox;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<HttpClient> m_http;
    std::unique_ptr<OidcClient> m_client;
    QByteArray m_refreshToken;

    // Waits for an asynchronous result, spinning the event loop.
    template<typename T>
    static Expected<T> await(const std::function<void(std::function<void(Expected<T>)>)> &call, int timeoutMs = 30000)
    {
        std::optional<Expected<T>> result;
        call([&](Expected<T> r) { result.emplace(std::move(r)); });
        QDeadlineTimer deadline(timeoutMs);
        while (!result && !deadline.hasExpired())
            QTest::qWait(10);
        return result ? std::move(*result)
                      : Expected<T>(Error{QStringLiteral("test_timeout"), QStringLiteral("no answer")});
    }

    static Status awaitStatus(const std::function<void(std::function<void(Status)>)> &call)
    {
        return await<Done>(call);
    }

    Expected<ClientResponse> control(const QString &path, const QJsonObject &body, const QByteArray &method = "POST")
    {
        const ClientRequest r = ClientRequest::json(method, m_sandbox->controlUrl(path), body);
        return await<ClientResponse>([&](auto done) { m_http->send(r, done); });
    }

    static QString message(const Error &e) { return e.code + QStringLiteral(": ") + e.message; }

private Q_SLOTS:
    void initTestCase()
    {
        // Device codes polled every second, so the device tests stay quick.
        m_sandbox =
            std::make_unique<SandboxTenant>(QStringList{QStringLiteral("--poll-interval"), QStringLiteral("1")});
        QVERIFY2(m_sandbox->start(), qPrintable(m_sandbox->errorString()));
        // Real time, moved forward by hand where a test needs it to pass.
        m_clock = std::make_unique<ManualClock>(QDateTime::currentDateTimeUtc());
        m_http = std::make_unique<HttpClient>(*m_clock);
        TenantConfig config;
        config.issuer = m_sandbox->issuer();
        config.clientId = m_sandbox->clientId();
        config.clientSecret = m_sandbox->clientSecret().toUtf8();
        config.audience = m_sandbox->audience();
        config.connections = m_sandbox->connections();
        m_client = std::make_unique<OidcClient>(*m_http, *m_clock, config);
        qputenv("SANCTUM_BROWSER", SANDBOXBROWSER_BIN);
    }

    void cleanup() { control(QStringLiteral("/faults"), {}, "DELETE"); }

    void discoveryAndKeys()
    {
        const Status discovered = awaitStatus([&](auto done) { m_client->discover(done); });
        QVERIFY2(discovered.ok(), discovered.ok() ? "" : qPrintable(message(discovered.error())));
        QVERIFY(OidcMetadata::sameIssuer(m_client->metadata()->issuer.toString(), m_sandbox->issuer().toString()));
        QCOMPARE(m_client->metadata()->tokenEndpoint.path(), QStringLiteral("/oauth/token"));
        QVERIFY(!m_client->metadata()->deviceAuthorizationEndpoint.isEmpty());
        QVERIFY(m_client->metadata()->issParameterSupported);
        QVERIFY(awaitStatus([&](auto done) { m_client->fetchJwks(done); }).ok());
    }

    void loginByCodeWithPkceThroughTheBrowser()
    {
        LoginFlow flow(*m_client);
        QSignalSpy ok(&flow, &LoginFlow::succeeded);
        QSignalSpy failed(&flow, &LoginFlow::failed);
        QUrlQuery extra;
        extra.addQueryItem(QStringLiteral("login_hint"), QStringLiteral("alice"));
        flow.start(QStringLiteral("openid profile email offline_access"), extra);
        QTRY_VERIFY_WITH_TIMEOUT(ok.count() + failed.count() > 0, 30000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(message(failed.first().first().value<Error>())));

        const TokenSet tokens = ok.first().at(0).value<TokenSet>();
        const QJsonObject claims = ok.first().at(1).toJsonObject();
        QVERIFY(!claims.value(QStringLiteral("sub")).toString().isEmpty());
        QVERIFY(
            !claims.value(QStringLiteral("name")).toString().isEmpty()); // Auth0 puts profile claims in the ID token
        QVERIFY(!tokens.refreshToken.isEmpty());                         // offline_access, without prompt=consent
        // The audience makes the access token a JWT for the API.
        const Expected<JwtParts> access = JwtVerifier::parse(tokens.accessToken);
        QVERIFY2(access.ok(), access.ok() ? "" : qPrintable(message(access.error())));
        QVERIFY(
            access->claims.value(QStringLiteral("aud")).toVariant().toStringList().contains(m_sandbox->audience()) ||
            access->claims.value(QStringLiteral("aud")).toString() == m_sandbox->audience());
        m_refreshToken = tokens.refreshToken;
    }

    void refreshGivesFreshTokens()
    {
        QVERIFY(!m_refreshToken.isEmpty());
        const Expected<TokenSet> t = await<TokenSet>([&](auto done) { m_client->refresh(m_refreshToken, done); });
        QVERIFY2(t.ok(), t.ok() ? "" : qPrintable(message(t.error())));
        QVERIFY(!t->accessToken.isEmpty());
        QVERIFY(t->expiresAt > m_clock->now());
    }

    void tokenVaultHandsOutTheConnectionsToken()
    {
        const Expected<UpstreamToken> t = await<UpstreamToken>(
            [&](auto done) { m_client->exchangeForUpstream(m_refreshToken, QStringLiteral("github"), done); });
        QVERIFY2(t.ok(), t.ok() ? "" : qPrintable(message(t.error())));
        QCOMPARE(t->scopes.size(), 12);
        QCOMPARE(t->issuedTokenType, OidcClient::kFederatedTokenType);
        // The upstream takes it, and says which scopes it holds.
        ClientRequest user;
        user.url = m_sandbox->upstreamUrl(QStringLiteral("/user"));
        user.headers.append({"Authorization", "Bearer " + t->accessToken});
        const Expected<ClientResponse> r = await<ClientResponse>([&](auto done) { m_http->send(user, done); });
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(message(r.error())));
        ScopeSet held;
        QVERIFY(ScopeSet::parse(QString::fromLatin1(r->headers.value("x-oauth-scopes")), &held));
        QCOMPARE(held, t->scopes);

        const Expected<UpstreamToken> unknown = await<UpstreamToken>(
            [&](auto done) { m_client->exchangeForUpstream(m_refreshToken, QStringLiteral("gitlab"), done); });
        QVERIFY(!unknown.ok());
        QVERIFY(unknown.error().httpStatus >= 400 && unknown.error().httpStatus < 500);
    }

    void upstreamTokenDiesWhenRevokedAtTheUpstream()
    {
        const Expected<UpstreamToken> t = await<UpstreamToken>(
            [&](auto done) { m_client->exchangeForUpstream(m_refreshToken, QStringLiteral("github"), done); });
        QVERIFY(t.ok());
        auto callUser = [&](const QByteArray &token) {
            ClientRequest user;
            user.url = m_sandbox->upstreamUrl(QStringLiteral("/user"));
            user.headers.append({"Authorization", "Bearer " + token});
            return await<ClientResponse>([&](auto done) { m_http->send(user, done); });
        };
        QVERIFY(callUser(t->accessToken).ok());

        // Without the OAuth app's credentials nothing can be revoked, and it says so.
        Status s = awaitStatus([&](auto done) { GitHubProvider().revoke(*m_http, {}, t->accessToken, done); });
        QCOMPARE(s.ok() ? QString() : s.error().code, QStringLiteral("unsupported"));
        // A wrong secret is refused by the upstream, and the token lives on.
        UpstreamRevocation where{m_sandbox->upstream(), m_sandbox->upstreamClientId(), "not-the-secret"};
        s = awaitStatus([&](auto done) { GitHubProvider().revoke(*m_http, where, t->accessToken, done); });
        QCOMPARE(s.ok() ? QString() : s.error().code, QStringLiteral("not_confirmed"));
        QVERIFY(callUser(t->accessToken).ok());

        where.clientSecret = m_sandbox->upstreamClientSecret().toUtf8();
        s = awaitStatus([&](auto done) { GitHubProvider().revoke(*m_http, where, t->accessToken, done); });
        QVERIFY2(s.ok(), s.ok() ? "" : qPrintable(message(s.error())));
        const Expected<ClientResponse> dead = callUser(t->accessToken);
        QCOMPARE(dead.ok() ? 0 : dead.error().httpStatus, 401);
        // Again: GitHub-style, an unknown token gets the same 404 as a wrong app, which confirms nothing.
        s = awaitStatus([&](auto done) { GitHubProvider().revoke(*m_http, where, t->accessToken, done); });
        QCOMPARE(s.ok() ? QString() : s.error().code, QStringLiteral("not_confirmed"));
    }

    void keyRotationMidSession()
    {
        const Expected<ClientResponse> rotated =
            control(QStringLiteral("/keys/rotate"), {{QStringLiteral("alg"), QStringLiteral("ES256")}});
        QVERIFY2(rotated.ok(), rotated.ok() ? "" : qPrintable(message(rotated.error())));
        const Expected<TokenSet> t = await<TokenSet>([&](auto done) { m_client->refresh(m_refreshToken, done); });
        QVERIFY(t.ok() && !t->idToken.isEmpty());
        QCOMPARE(JwtVerifier::parse(t->idToken)->alg, QStringLiteral("ES256"));
        // Keys were fetched moments ago: a new kid does not make us fetch again at once…
        Expected<QJsonObject> claims =
            await<QJsonObject>([&](auto done) { m_client->verifyIdToken(t->idToken, {}, done); });
        QCOMPARE(claims.ok() ? QString() : claims.error().code, QStringLiteral("jwt_unknown_kid"));
        // …but once the refetch floor has passed, it does, and the token verifies.
        m_clock->advance((JwksCache::kDefaultRefetchFloorSecs + 1) * 1000);
        claims = await<QJsonObject>([&](auto done) { m_client->verifyIdToken(t->idToken, {}, done); });
        QVERIFY2(claims.ok(), claims.ok() ? "" : qPrintable(message(claims.error())));
    }

    void deviceLogin_data()
    {
        QTest::addColumn<bool>("rateLimited");
        QTest::newRow("approved") << false;
        // A poll meets a rate limit: the flow must slow down, not give up.
        QTest::newRow("approved after a rate limit") << true;
    }

    void deviceLogin()
    {
        QFETCH(bool, rateLimited);
        DeviceFlow flow(*m_client, *m_clock);
        QSignalSpy code(&flow, &DeviceFlow::codeReady);
        QSignalSpy ok(&flow, &DeviceFlow::succeeded);
        QSignalSpy failed(&flow, &DeviceFlow::failed);
        flow.start(QStringLiteral("openid profile offline_access"));
        QTRY_VERIFY_WITH_TIMEOUT(code.count() + failed.count() > 0, 15000);
        QVERIFY(failed.isEmpty());
        const DeviceAuthorization d = code.first().first().value<DeviceAuthorization>();
        QVERIFY(!d.userCode.isEmpty());
        QVERIFY(d.verificationUri.isValid());
        if (rateLimited) {
            const int interval = flow.intervalSecs();
            QVERIFY(control(QStringLiteral("/faults"),
                            {{QStringLiteral("target"), QStringLiteral("tenant")},
                             {QStringLiteral("method"), QStringLiteral("POST")},
                             {QStringLiteral("path"), QStringLiteral("/oauth/token")},
                             {QStringLiteral("mode"), QStringLiteral("rate_limit")},
                             {QStringLiteral("retry_after"), 0},
                             {QStringLiteral("count"), 1}})
                        .ok());
            QTRY_COMPARE_WITH_TIMEOUT(flow.intervalSecs(), interval + 5, 15000);
        }
        // Someone approves the code in a browser elsewhere.
        const Expected<ClientResponse> approved =
            control(QStringLiteral("/device/approve"),
                    {{QStringLiteral("user_code"), d.userCode}, {QStringLiteral("user"), QStringLiteral("alice")}});
        QVERIFY2(approved.ok(), approved.ok() ? "" : qPrintable(message(approved.error())));
        QTRY_VERIFY_WITH_TIMEOUT(ok.count() + failed.count() > 0, 40000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(message(failed.first().first().value<Error>())));
        QVERIFY(!ok.first().first().value<TokenSet>().accessToken.isEmpty());
    }

    void pollingTooFastIsToldToSlowDown()
    {
        const Expected<DeviceAuthorization> d = await<DeviceAuthorization>(
            [&](auto done) { m_client->startDeviceAuthorization(QStringLiteral("openid"), done); });
        QVERIFY(d.ok());
        // Two polls back to back: the second comes before the interval is over.
        await<TokenSet>([&](auto done) { m_client->pollDevice(d->deviceCode, done); });
        const Expected<TokenSet> tooSoon =
            await<TokenSet>([&](auto done) { m_client->pollDevice(d->deviceCode, done); });
        QCOMPARE(tooSoon.ok() ? QString() : tooSoon.error().code, QStringLiteral("slow_down"));
    }

    void revocationIsObservedByIntrospection()
    {
        QVERIFY(awaitStatus([&](auto done) { m_client->revokeRefreshToken(m_refreshToken, done); }).ok());
        const ClientRequest introspect =
            ClientRequest::form(m_sandbox->tenantUrl(QStringLiteral("/oauth/introspect")),
                                {{QStringLiteral("token"), QString::fromUtf8(m_refreshToken)},
                                 {QStringLiteral("client_id"), m_sandbox->clientId()},
                                 {QStringLiteral("client_secret"), m_sandbox->clientSecret()}});
        const Expected<ClientResponse> r = await<ClientResponse>([&](auto done) { m_http->send(introspect, done); });
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(message(r.error())));
        QCOMPARE(r->json.value(QStringLiteral("active")).toBool(true), false);
        const Expected<UpstreamToken> after = await<UpstreamToken>(
            [&](auto done) { m_client->exchangeForUpstream(m_refreshToken, QStringLiteral("github"), done); });
        QVERIFY(!after.ok());
    }
};

QTEST_GUILESS_MAIN(TestAuthFlows)
#include "tst_authflows.moc"
