// Auth0's My Account API for connected accounts: a token for it through the
// refresh token (audience), listing, and reconnecting with fewer scopes,
// which kills the old upstream token and re-provisions exactly the new ones.
#include "oauthflow.h"
#include "sandboxhttp.h"
#include "sandboxtenant.h"

#include <QJsonArray>
#include <QTest>

using namespace sanctum::test;

namespace {
const QStringList MyAccountScopes{QStringLiteral("create:me:connected_accounts"),
                                  QStringLiteral("read:me:connected_accounts")};
} // namespace

class SandboxConnectTest : public QObject {
    Q_OBJECT

private:
    SandboxTenant m_tenant;
    SandboxHttp m_http;
    QString m_refreshToken; // alice's
    QString m_meToken;      // alice's My Account API token

    QString myAccountToken(const QString &scope)
    {
        QUrlQuery form;
        form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("refresh_token"));
        form.addQueryItem(QStringLiteral("refresh_token"), m_refreshToken);
        form.addQueryItem(QStringLiteral("audience"), m_tenant.myAccountAudience());
        form.addQueryItem(QStringLiteral("scope"), scope);
        return tokenRequest(m_http, m_tenant, form).json().value(QLatin1String("access_token")).toString();
    }

    QString upstreamToken()
    {
        return tokenVaultExchange(m_http, m_tenant, m_refreshToken)
            .json()
            .value(QLatin1String("access_token"))
            .toString();
    }

    HttpResponse connect(const QJsonArray &scopes, const Pkce &pkce, const QString &token = {})
    {
        return m_http.postJson(m_tenant.tenantUrl(QStringLiteral("/me/v1/connected-accounts/connect")),
                               {{QStringLiteral("connection"), QStringLiteral("github")},
                                {QStringLiteral("redirect_uri"), loopbackRedirect()},
                                {QStringLiteral("state"), QStringLiteral("connect-state")},
                                {QStringLiteral("code_challenge"), QString::fromLatin1(pkce.challenge)},
                                {QStringLiteral("code_challenge_method"), QStringLiteral("S256")},
                                {QStringLiteral("scopes"), scopes}},
                               bearer(token.isEmpty() ? m_meToken : token));
    }

    // Visits connect_uri headlessly; returns the redirect back to the application.
    QUrl visitConnectUri(const QJsonObject &connect, const QString &decision = QStringLiteral("approve"))
    {
        QUrl url(connect.value(QLatin1String("connect_uri")).toString());
        QUrlQuery query;
        query.addQueryItem(
            QStringLiteral("ticket"),
            connect.value(QLatin1String("connect_params")).toObject().value(QLatin1String("ticket")).toString());
        query.addQueryItem(QStringLiteral("auto"), decision);
        url.setQuery(query);
        const HttpResponse response = m_http.get(url);
        return response.status == 302 ? QUrl(QString::fromUtf8(response.header("Location"))) : QUrl();
    }

    HttpResponse complete(const QJsonObject &connect, const QString &connectCode, const QByteArray &verifier)
    {
        return m_http.postJson(m_tenant.tenantUrl(QStringLiteral("/me/v1/connected-accounts/complete")),
                               {{QStringLiteral("auth_session"), connect.value(QLatin1String("auth_session"))},
                                {QStringLiteral("connect_code"), connectCode},
                                {QStringLiteral("redirect_uri"), loopbackRedirect()},
                                {QStringLiteral("code_verifier"), QString::fromLatin1(verifier)}},
                               bearer(m_meToken));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_tenant.start(), qPrintable(m_tenant.errorString()));
        m_refreshToken = signIn(m_http, m_tenant).value(QLatin1String("refresh_token")).toString();
        QVERIFY(!m_refreshToken.isEmpty());
        m_meToken = myAccountToken(MyAccountScopes.join(u' '));
        QVERIFY(!m_meToken.isEmpty());
    }

    void refreshTokenReachesTheMyAccountApi()
    {
        QUrlQuery form;
        form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("refresh_token"));
        form.addQueryItem(QStringLiteral("refresh_token"), m_refreshToken);
        form.addQueryItem(QStringLiteral("audience"), m_tenant.myAccountAudience());
        form.addQueryItem(QStringLiteral("scope"), QStringLiteral("read:me:connected_accounts"));
        const HttpResponse me = tokenRequest(m_http, m_tenant, form);
        QVERIFY2(me.status == 200, me.describe());
        QCOMPARE(me.json().value(QLatin1String("scope")).toString(), QStringLiteral("read:me:connected_accounts"));

        // Without an audience the refresh token still yields the userinfo token it was issued for.
        QUrlQuery plain;
        plain.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("refresh_token"));
        plain.addQueryItem(QStringLiteral("refresh_token"), m_refreshToken);
        const QString accessToken =
            tokenRequest(m_http, m_tenant, plain).json().value(QLatin1String("access_token")).toString();
        QCOMPARE(m_http.get(m_tenant.tenantUrl(QStringLiteral("/userinfo")), bearer(accessToken)).status, 200);
    }

    void listsTheConnectedAccounts()
    {
        const HttpResponse list =
            m_http.get(m_tenant.tenantUrl(QStringLiteral("/me/v1/connected-accounts")), bearer(m_meToken));
        QVERIFY2(list.status == 200, list.describe());
        const QJsonArray accounts = list.json().value(QLatin1String("accounts")).toArray();
        QCOMPARE(accounts.size(), 1);
        const QJsonObject github = accounts.first().toObject();
        QCOMPARE(github.value(QLatin1String("connection")).toString(), QStringLiteral("github"));
        QCOMPARE(github.value(QLatin1String("access_type")).toString(), QStringLiteral("offline"));
        QCOMPARE(github.value(QLatin1String("scopes")).toArray().size(), 12);
        QVERIFY(github.value(QLatin1String("id")).toString().startsWith(QStringLiteral("cac_")));
    }

    void myAccountApiNeedsItsOwnTokenAndScope()
    {
        const QUrl list = m_tenant.tenantUrl(QStringLiteral("/me/v1/connected-accounts"));
        QCOMPARE(m_http.get(list).status, 401);
        const QString userinfoToken = signIn(m_http, m_tenant).value(QLatin1String("access_token")).toString();
        QCOMPARE(m_http.get(list, bearer(userinfoToken)).status, 401);
        const QString readOnly = myAccountToken(QStringLiteral("read:me:connected_accounts"));
        QCOMPARE(m_http.get(list, bearer(readOnly)).status, 200);
        const HttpResponse refused = connect({QStringLiteral("repo")}, Pkce::generate(), readOnly);
        QCOMPARE(refused.status, 403);
        QVERIFY(refused.header("Content-Type").startsWith("application/problem+json"));
    }

    void connectRefusesUnknownScopesAndForeignRedirects()
    {
        QCOMPARE(connect({QStringLiteral("repo"), QStringLiteral("no-such-scope")}, Pkce::generate()).status, 400);
        const HttpResponse foreign =
            m_http.postJson(m_tenant.tenantUrl(QStringLiteral("/me/v1/connected-accounts/connect")),
                            {{QStringLiteral("connection"), QStringLiteral("github")},
                             {QStringLiteral("redirect_uri"), QStringLiteral("https://attacker.example/callback")}},
                            bearer(m_meToken));
        QCOMPARE(foreign.status, 400);
    }

    void browserSeesAConnectPageAndMayCancel()
    {
        const QJsonObject started = connect({QStringLiteral("gist")}, Pkce::generate()).json();
        const QString ticket =
            started.value(QLatin1String("connect_params")).toObject().value(QLatin1String("ticket")).toString();
        QUrl page(started.value(QLatin1String("connect_uri")).toString());
        page.setQuery(QStringLiteral("ticket=") + ticket);
        const HttpResponse shown = m_http.get(page);
        QCOMPARE(shown.status, 200);
        QVERIFY(shown.header("Content-Type").startsWith("text/html"));
        QVERIFY(shown.body.contains("gist"));

        QUrlQuery answer;
        answer.addQueryItem(QStringLiteral("ticket"), ticket);
        answer.addQueryItem(QStringLiteral("decision"), QStringLiteral("deny"));
        const HttpResponse cancelled = m_http.postForm(m_tenant.tenantUrl(QStringLiteral("/connect")), answer);
        QCOMPARE(cancelled.status, 302);
        const QUrlQuery back(QUrl(QString::fromUtf8(cancelled.header("Location"))));
        QCOMPARE(back.queryItemValue(QStringLiteral("error")), QStringLiteral("access_denied"));
        QCOMPARE(back.queryItemValue(QStringLiteral("state")), QStringLiteral("connect-state"));
    }

    void completeChecksCodeAndVerifier()
    {
        const Pkce pkce = Pkce::generate();
        const QJsonObject started = connect({QStringLiteral("gist")}, pkce).json();
        const QString code = QUrlQuery(visitConnectUri(started)).queryItemValue(QStringLiteral("connect_code"));
        QVERIFY(!code.isEmpty());
        QCOMPARE(complete(started, QStringLiteral("wrong-code"), pkce.verifier).status, 400);
        QCOMPARE(complete(started, code, Pkce::generate().verifier).status, 400);
        // Nothing changed: alice still holds her twelve scopes.
        QCOMPARE(tokenVaultExchange(m_http, m_tenant, m_refreshToken)
                     .json()
                     .value(QLatin1String("scope"))
                     .toString()
                     .split(u' ')
                     .size(),
                 12);
    }

    void reconnectingWithFewerScopesKillsTheOldUpstreamToken()
    {
        const QString oldToken = upstreamToken();
        QCOMPARE(m_http.get(m_tenant.upstreamUrl(QStringLiteral("/repos/acme/api")), bearer(oldToken)).status, 200);

        const Pkce pkce = Pkce::generate();
        const HttpResponse started = connect({QStringLiteral("read:user"), QStringLiteral("public_repo")}, pkce);
        QVERIFY2(started.status == 201, started.describe());
        const QJsonObject connectRequest = started.json();
        QCOMPARE(connectRequest.value(QLatin1String("connect_uri")).toString(),
                 m_tenant.tenantUrl(QStringLiteral("/connect")).toString());
        QVERIFY(!connectRequest.value(QLatin1String("auth_session")).toString().isEmpty());
        QVERIFY(connectRequest.value(QLatin1String("expires_in")).toInt() > 0);

        const QUrl back = visitConnectUri(connectRequest);
        QCOMPARE(back.toString(QUrl::RemoveQuery), loopbackRedirect());
        QCOMPARE(QUrlQuery(back).queryItemValue(QStringLiteral("state")), QStringLiteral("connect-state"));
        const HttpResponse completed =
            complete(connectRequest, QUrlQuery(back).queryItemValue(QStringLiteral("connect_code")), pkce.verifier);
        QVERIFY2(completed.status == 201, completed.describe());
        QCOMPARE(completed.json().value(QLatin1String("scopes")).toArray(),
                 (QJsonArray{QStringLiteral("read:user"), QStringLiteral("public_repo")}));

        const HttpResponse dead = m_http.get(m_tenant.upstreamUrl(QStringLiteral("/user")), bearer(oldToken));
        QCOMPARE(dead.status, 401);
        QCOMPARE(dead.json().value(QLatin1String("message")).toString(), QStringLiteral("Bad credentials"));

        const QString newToken = upstreamToken();
        QVERIFY(!newToken.isEmpty() && newToken != oldToken);
        const HttpResponse user = m_http.get(m_tenant.upstreamUrl(QStringLiteral("/user")), bearer(newToken));
        QCOMPARE(user.status, 200);
        QCOMPARE(user.header("X-OAuth-Scopes"), QByteArrayLiteral("public_repo, read:user"));
        // Private repositories are gone with the repo scope; public ones stay writable.
        QCOMPARE(m_http.get(m_tenant.upstreamUrl(QStringLiteral("/repos/acme/api")), bearer(newToken)).status, 404);
        QCOMPARE(m_http
                     .postJson(m_tenant.upstreamUrl(QStringLiteral("/repos/acme/web/issues")),
                               {{QStringLiteral("title"), QStringLiteral("Filed with public_repo")}},
                               bearer(newToken))
                     .status,
                 201);
        // The used connect request cannot be completed twice.
        QCOMPARE(complete(connectRequest, QUrlQuery(back).queryItemValue(QStringLiteral("connect_code")), pkce.verifier)
                     .status,
                 400);
    }
};

QTEST_GUILESS_MAIN(SandboxConnectTest)
#include "tst_sandbox_connect.moc"
