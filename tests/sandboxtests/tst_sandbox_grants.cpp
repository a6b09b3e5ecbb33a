// Authorization Code + PKCE, refresh tokens, ID and access tokens, client
// authentication, revocation and introspection, end to end over HTTP.
#include "oauthflow.h"
#include "sandboxhttp.h"
#include "sandboxtenant.h"

#include <QRegularExpression>
#include <QTest>

using namespace sanctum::test;

class SandboxGrantsTest : public QObject {
    Q_OBJECT

private:
    SandboxTenant m_tenant;
    SandboxHttp m_http;

    QUrlQuery authorizeParams(const Pkce &pkce, const QString &clientId = QStringLiteral("sanctum"),
                              const QString &redirectUri = loopbackRedirect())
    {
        QUrlQuery params;
        params.addQueryItem(QStringLiteral("client_id"), clientId);
        params.addQueryItem(QStringLiteral("response_type"), QStringLiteral("code"));
        params.addQueryItem(QStringLiteral("redirect_uri"), redirectUri);
        params.addQueryItem(QStringLiteral("scope"), QStringLiteral("openid profile email offline_access"));
        params.addQueryItem(QStringLiteral("state"), QStringLiteral("s-42"));
        params.addQueryItem(QStringLiteral("nonce"), QStringLiteral("n-42"));
        params.addQueryItem(QStringLiteral("login_hint"), QStringLiteral("alice"));
        if (!pkce.challenge.isEmpty()) {
            params.addQueryItem(QStringLiteral("code_challenge"), QString::fromLatin1(pkce.challenge));
            params.addQueryItem(QStringLiteral("code_challenge_method"), QStringLiteral("S256"));
        }
        return params;
    }

    QString codeFor(const QUrlQuery &params)
    {
        m_http.resetCookies();
        return authorize(m_http, m_tenant, params).callbackQuery().queryItemValue(QStringLiteral("code"));
    }

    QUrlQuery codeExchange(const QString &code, const QByteArray &verifier)
    {
        QUrlQuery form;
        form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("authorization_code"));
        form.addQueryItem(QStringLiteral("code"), code);
        form.addQueryItem(QStringLiteral("redirect_uri"), loopbackRedirect());
        form.addQueryItem(QStringLiteral("code_verifier"), QString::fromLatin1(verifier));
        return form;
    }

    HttpResponse clientPost(const QString &path, QUrlQuery form)
    {
        form.addQueryItem(QStringLiteral("client_id"), m_tenant.clientId());
        form.addQueryItem(QStringLiteral("client_secret"), m_tenant.clientSecret());
        return m_http.postForm(m_tenant.tenantUrl(path), form);
    }

    static void verifyAuth0Error(const HttpResponse &response, int status, const char *error, const char *description)
    {
        QVERIFY2(response.status == status, response.describe());
        QCOMPARE(response.json().value(QLatin1String("error")).toString(), QLatin1String(error));
        QCOMPARE(response.json().value(QLatin1String("error_description")).toString(), QLatin1String(description));
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_tenant.start(), qPrintable(m_tenant.errorString())); }

    void authorizationCodeWithPkce()
    {
        const Pkce pkce = Pkce::generate();
        m_http.resetCookies();
        const AuthorizeResult result = authorize(m_http, m_tenant, authorizeParams(pkce));
        QVERIFY2(result.callback.isValid(), result.last.describe());
        QCOMPARE(result.callback.toString(QUrl::RemoveQuery), loopbackRedirect());
        const QUrlQuery query = result.callbackQuery();
        QCOMPARE(query.queryItemValue(QStringLiteral("state")), QStringLiteral("s-42"));
        QCOMPARE(query.queryItemValue(QStringLiteral("iss"), QUrl::FullyDecoded), m_tenant.issuer().toString());

        const HttpResponse tokens =
            tokenRequest(m_http, m_tenant, codeExchange(query.queryItemValue(QStringLiteral("code")), pkce.verifier));
        QVERIFY2(tokens.status == 200, tokens.describe());
        const QJsonObject body = tokens.json();
        QCOMPARE(body.value(QLatin1String("token_type")).toString(), QStringLiteral("Bearer"));
        QVERIFY(!body.value(QLatin1String("access_token")).toString().isEmpty());
        QVERIFY(!body.value(QLatin1String("id_token")).toString().isEmpty());
        QVERIFY(body.value(QLatin1String("expires_in")).toInt() > 0);
    }

    void aBrowserWalksTheLoginAndConsentPages()
    {
        const Pkce pkce = Pkce::generate();
        QUrlQuery params = authorizeParams(pkce);
        params.removeQueryItem(QStringLiteral("login_hint"));
        m_http.resetCookies();
        AuthorizeResult step = authorize(m_http, m_tenant, params);
        const QRegularExpression action(QStringLiteral("<form method=\"post\" action=\"([^\"]+)\""));
        for (const QString &page : {QStringLiteral("login"), QStringLiteral("consent")}) {
            QVERIFY2(step.last.status == 200, qPrintable(page + u' ' + QString::fromUtf8(step.last.describe())));
            QVERIFY(step.last.header("Content-Type").startsWith("text/html"));
            const QRegularExpressionMatch form = action.match(QString::fromUtf8(step.last.body));
            QVERIFY2(form.hasMatch(), qPrintable(page));
            QUrlQuery answer;
            answer.addQueryItem(QStringLiteral("username"), QStringLiteral("bob"));
            const HttpResponse posted = m_http.postForm(step.lastUrl.resolved(QUrl(form.captured(1))), answer);
            QCOMPARE(posted.status, 303);
            step = followRedirects(
                m_http, m_tenant, step.lastUrl.resolved(QUrl(QString::fromUtf8(posted.header("Location")))));
        }
        const QString code = step.callbackQuery().queryItemValue(QStringLiteral("code"));
        QVERIFY2(!code.isEmpty(), step.last.describe());
        const QJsonObject tokens = tokenRequest(m_http, m_tenant, codeExchange(code, pkce.verifier)).json();
        QCOMPARE(jwtPart(tokens.value(QLatin1String("id_token")).toString(), 1).value(QLatin1String("sub")),
                 QJsonValue(QStringLiteral("auth0|bob")));
    }

    void wrongVerifierIsRefused()
    {
        const Pkce pkce = Pkce::generate();
        const QString code = codeFor(authorizeParams(pkce));
        QVERIFY(!code.isEmpty());
        verifyAuth0Error(tokenRequest(m_http, m_tenant, codeExchange(code, Pkce::generate().verifier)),
                         403,
                         "invalid_grant",
                         "Failed to verify code verifier");
    }

    void codeWorksOnlyOnce()
    {
        const Pkce pkce = Pkce::generate();
        const QString code = codeFor(authorizeParams(pkce));
        QCOMPARE(tokenRequest(m_http, m_tenant, codeExchange(code, pkce.verifier)).status, 200);
        verifyAuth0Error(tokenRequest(m_http, m_tenant, codeExchange(code, pkce.verifier)),
                         403,
                         "invalid_grant",
                         "Invalid authorization code");
    }

    void loopbackRedirectOnAnyPortButOnlyToCallback()
    {
        const Pkce pkce = Pkce::generate();
        m_http.resetCookies();
        const QString other = QStringLiteral("http://127.0.0.1:61234/callback");
        QCOMPARE(authorize(m_http, m_tenant, authorizeParams(pkce, QStringLiteral("sanctum"), other))
                     .callback.toString(QUrl::RemoveQuery),
                 other);
        for (const QString &refused :
             {QStringLiteral("http://127.0.0.1:61234/elsewhere"), QStringLiteral("http://localhost:61234/callback")}) {
            m_http.resetCookies();
            const AuthorizeResult result =
                authorize(m_http, m_tenant, authorizeParams(pkce, QStringLiteral("sanctum"), refused));
            QVERIFY2(!result.callback.isValid(), qPrintable(refused));
            QCOMPARE(result.last.status, 400);
        }
    }

    void publicClientNeedsPkce()
    {
        m_http.resetCookies();
        const AuthorizeResult refused = authorize(m_http, m_tenant, authorizeParams({}, m_tenant.publicClientId()));
        QCOMPARE(refused.callbackQuery().queryItemValue(QStringLiteral("error")), QStringLiteral("invalid_request"));

        const Pkce pkce = Pkce::generate();
        const QString code = codeFor(authorizeParams(pkce, m_tenant.publicClientId()));
        QUrlQuery form = codeExchange(code, pkce.verifier);
        form.addQueryItem(QStringLiteral("client_id"), m_tenant.publicClientId());
        const HttpResponse tokens = m_http.postForm(m_tenant.tenantUrl(QStringLiteral("/oauth/token")), form);
        QVERIFY2(tokens.status == 200, tokens.describe());
    }

    void offlineAccessGivesRefreshTokenWithoutPromptConsent()
    {
        const QJsonObject tokens =
            signIn(m_http, m_tenant, QStringLiteral("alice"), QStringLiteral("openid offline_access"));
        const QString refreshToken = tokens.value(QLatin1String("refresh_token")).toString();
        QVERIFY2(!refreshToken.isEmpty(), "Auth0 issues a refresh token for offline_access without prompt=consent");

        QUrlQuery form;
        form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("refresh_token"));
        form.addQueryItem(QStringLiteral("refresh_token"), refreshToken);
        const HttpResponse refreshed = tokenRequest(m_http, m_tenant, form);
        QVERIFY2(refreshed.status == 200, refreshed.describe());
        QVERIFY(refreshed.json().value(QLatin1String("access_token")).toString() !=
                tokens.value(QLatin1String("access_token")).toString());
        // The confidential client's refresh tokens do not rotate (Token Vault needs that).
        QCOMPARE(refreshed.json().value(QLatin1String("refresh_token")).toString(), refreshToken);
        QCOMPARE(tokenRequest(m_http, m_tenant, form).status, 200);
    }

    void publicClientRefreshTokensRotate()
    {
        const Pkce pkce = Pkce::generate();
        QUrlQuery exchange = codeExchange(codeFor(authorizeParams(pkce, m_tenant.publicClientId())), pkce.verifier);
        exchange.addQueryItem(QStringLiteral("client_id"), m_tenant.publicClientId());
        const QUrl tokenUrl = m_tenant.tenantUrl(QStringLiteral("/oauth/token"));
        const QString first =
            m_http.postForm(tokenUrl, exchange).json().value(QLatin1String("refresh_token")).toString();
        QVERIFY(!first.isEmpty());

        QUrlQuery refresh;
        refresh.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("refresh_token"));
        refresh.addQueryItem(QStringLiteral("client_id"), m_tenant.publicClientId());
        refresh.addQueryItem(QStringLiteral("refresh_token"), first);
        const HttpResponse rotated = m_http.postForm(tokenUrl, refresh);
        QVERIFY2(rotated.status == 200, rotated.describe());
        const QString second = rotated.json().value(QLatin1String("refresh_token")).toString();
        QVERIFY(!second.isEmpty() && second != first);
        verifyAuth0Error(m_http.postForm(tokenUrl, refresh), 403, "invalid_grant", "Unknown or invalid refresh token.");
    }

    void idTokenCarriesProfileClaims()
    {
        const QJsonObject tokens = signIn(m_http, m_tenant);
        const QJsonObject claims = jwtPart(tokens.value(QLatin1String("id_token")).toString(), 1);
        QCOMPARE(claims.value(QLatin1String("iss")).toString(), m_tenant.issuer().toString());
        QCOMPARE(claims.value(QLatin1String("aud")).toString(), m_tenant.clientId());
        QCOMPARE(claims.value(QLatin1String("sub")).toString(), QStringLiteral("auth0|alice"));
        QCOMPARE(claims.value(QLatin1String("nickname")).toString(), QStringLiteral("alice"));
        QCOMPARE(claims.value(QLatin1String("name")).toString(), QStringLiteral("Alice Anders"));
        QCOMPARE(claims.value(QLatin1String("email")).toString(), QStringLiteral("alice@example.com"));
        QVERIFY(claims.value(QLatin1String("email_verified")).toBool());
        QVERIFY(!claims.value(QLatin1String("picture")).toString().isEmpty());
    }

    void audienceGivesAJwtAccessToken()
    {
        const QJsonObject tokens = signIn(m_http,
                                          m_tenant,
                                          QStringLiteral("alice"),
                                          QStringLiteral("openid offline_access read:missions"),
                                          m_tenant.audience());
        const QString accessToken = tokens.value(QLatin1String("access_token")).toString();
        QCOMPARE(accessToken.split(u'.').size(), 3);
        const QJsonObject claims = jwtPart(accessToken, 1);
        QCOMPARE(claims.value(QLatin1String("aud")).toString(), m_tenant.audience());
        QCOMPARE(claims.value(QLatin1String("iss")).toString(), m_tenant.issuer().toString());
        QCOMPARE(claims.value(QLatin1String("sub")).toString(), QStringLiteral("auth0|alice"));
        QCOMPARE(claims.value(QLatin1String("scope")).toString(), QStringLiteral("read:missions"));
        QCOMPARE(jwtPart(accessToken, 0).value(QLatin1String("typ")).toString(), QStringLiteral("at+jwt"));
    }

    void unknownAudienceIsAccessDenied()
    {
        QUrlQuery params = authorizeParams(Pkce::generate());
        params.addQueryItem(QStringLiteral("audience"), QStringLiteral("https://unknown.example"));
        m_http.resetCookies();
        const QUrlQuery back = authorize(m_http, m_tenant, params).callbackQuery();
        QCOMPARE(back.queryItemValue(QStringLiteral("error")), QStringLiteral("access_denied"));
        // The query is form-encoded: "+" stands for a space.
        QCOMPARE(back.queryItemValue(QStringLiteral("error_description"), QUrl::FullyDecoded).replace(u'+', u' '),
                 QStringLiteral("Service not found: https://unknown.example"));
    }

    void withoutAudienceTheAccessTokenIsForUserinfo()
    {
        const QString accessToken = signIn(m_http, m_tenant).value(QLatin1String("access_token")).toString();
        QVERIFY(!accessToken.contains(u'.'));
        const HttpResponse userinfo = m_http.get(m_tenant.tenantUrl(QStringLiteral("/userinfo")), bearer(accessToken));
        QVERIFY2(userinfo.status == 200, userinfo.describe());
        QCOMPARE(userinfo.json().value(QLatin1String("sub")).toString(), QStringLiteral("auth0|alice"));
        QCOMPARE(userinfo.json().value(QLatin1String("email")).toString(), QStringLiteral("alice@example.com"));
    }

    void clientSecretBasicAndPostBothWork()
    {
        const QString refreshToken = signIn(m_http, m_tenant).value(QLatin1String("refresh_token")).toString();
        QUrlQuery form;
        form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("refresh_token"));
        form.addQueryItem(QStringLiteral("refresh_token"), refreshToken);
        const HttpResponse basic = m_http.postForm(m_tenant.tenantUrl(QStringLiteral("/oauth/token")),
                                                   form,
                                                   basicAuth(m_tenant.clientId(), m_tenant.clientSecret()));
        QVERIFY2(basic.status == 200, basic.describe());
        QCOMPARE(tokenRequest(m_http, m_tenant, form).status, 200);
        const HttpResponse wrong = m_http.postForm(m_tenant.tenantUrl(QStringLiteral("/oauth/token")),
                                                   form,
                                                   basicAuth(m_tenant.clientId(), QStringLiteral("not-the-secret")));
        verifyAuth0Error(wrong, 401, "access_denied", "Unauthorized");
    }

    void revokedRefreshTokenIsInactive()
    {
        const QString refreshToken = signIn(m_http, m_tenant).value(QLatin1String("refresh_token")).toString();
        QUrlQuery token;
        token.addQueryItem(QStringLiteral("token"), refreshToken);
        const HttpResponse before = clientPost(QStringLiteral("/oauth/introspect"), token);
        QVERIFY2(before.status == 200, before.describe());
        QVERIFY(before.json().value(QLatin1String("active")).toBool());
        QCOMPARE(before.json().value(QLatin1String("sub")).toString(), QStringLiteral("auth0|alice"));

        QCOMPARE(clientPost(QStringLiteral("/oauth/revoke"), token).status, 200);
        const HttpResponse after = clientPost(QStringLiteral("/oauth/introspect"), token);
        QCOMPARE(after.status, 200);
        QCOMPARE(after.json().value(QLatin1String("active")).toBool(true), false);

        QUrlQuery refresh;
        refresh.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("refresh_token"));
        refresh.addQueryItem(QStringLiteral("refresh_token"), refreshToken);
        verifyAuth0Error(
            tokenRequest(m_http, m_tenant, refresh), 403, "invalid_grant", "Unknown or invalid refresh token.");
    }
};

QTEST_GUILESS_MAIN(SandboxGrantsTest)
#include "tst_sandbox_grants.moc"
