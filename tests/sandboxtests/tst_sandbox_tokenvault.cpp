// Token Vault: the federated connection access token grant, its answer, its
// reuse of the account's current upstream token, and each of its errors.
#include "oauthflow.h"
#include "sandboxhttp.h"
#include "sandboxtenant.h"

#include <QTest>

using namespace sanctum::test;

namespace {
const QString TokenVaultGrant =
    QStringLiteral("urn:auth0:params:oauth:grant-type:token-exchange:federated-connection-access-token");
const QString FederatedTokenType =
    QStringLiteral("http://auth0.com/oauth/token-type/federated-connection-access-token");
} // namespace

class SandboxTokenVaultTest : public QObject {
    Q_OBJECT

private:
    SandboxTenant m_tenant;
    SandboxHttp m_http;
    QString m_refreshToken; // alice's

    static void verifyError(const HttpResponse &response, int status, const char *error, const QString &description)
    {
        QVERIFY2(response.status == status, response.describe());
        QCOMPARE(response.json().value(QLatin1String("error")).toString(), QLatin1String(error));
        QCOMPARE(response.json().value(QLatin1String("error_description")).toString(), description);
    }

    HttpResponse upstreamUser(const QString &token)
    {
        return m_http.get(m_tenant.upstreamUrl(QStringLiteral("/user")), bearer(token));
    }

    HttpResponse revokeAtUpstream(const QString &token)
    {
        QNetworkRequest request(
            m_tenant.upstreamUrl(QStringLiteral("/applications/%1/token").arg(m_tenant.upstreamClientId())));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        for (const auto &[name, value] : basicAuth(m_tenant.upstreamClientId(), m_tenant.upstreamClientSecret())) {
            request.setRawHeader(name, value);
        }
        return m_http.send("DELETE", request, "{\"access_token\":\"" + token.toUtf8() + "\"}");
    }

    // The Token Vault exchange's form, without client authentication.
    static QUrlQuery tokenVaultForm(const QString &subjectToken, const QString &connection = QStringLiteral("github"))
    {
        QUrlQuery form;
        form.addQueryItem(QStringLiteral("grant_type"), TokenVaultGrant);
        form.addQueryItem(QStringLiteral("subject_token"), subjectToken);
        form.addQueryItem(QStringLiteral("subject_token_type"),
                          QStringLiteral("urn:ietf:params:oauth:token-type:refresh_token"));
        form.addQueryItem(QStringLiteral("requested_token_type"), FederatedTokenType);
        form.addQueryItem(QStringLiteral("connection"), connection);
        return form;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_tenant.start(), qPrintable(m_tenant.errorString()));
        m_refreshToken = signIn(m_http, m_tenant).value(QLatin1String("refresh_token")).toString();
        QVERIFY(!m_refreshToken.isEmpty());
    }

    void exchangeGivesTheConnectedAccountsUpstreamToken()
    {
        const HttpResponse response = tokenVaultExchange(m_http, m_tenant, m_refreshToken);
        QVERIFY2(response.status == 200, response.describe());
        const QJsonObject body = response.json();
        QCOMPARE(body.value(QLatin1String("issued_token_type")).toString(), FederatedTokenType);
        QCOMPARE(body.value(QLatin1String("token_type")).toString(), QStringLiteral("Bearer"));
        const int expiresIn = body.value(QLatin1String("expires_in")).toInt();
        QVERIFY(expiresIn > 0 && expiresIn <= 8 * 3600);
        const QStringList scopes = body.value(QLatin1String("scope")).toString().split(u' ');
        QCOMPARE(scopes.size(), 12);
        QVERIFY(scopes.contains(QStringLiteral("repo")) && scopes.contains(QStringLiteral("delete_repo")));
        QVERIFY(!body.contains(QLatin1String("refresh_token")));

        const QString token = body.value(QLatin1String("access_token")).toString();
        QVERIFY(token.startsWith(QStringLiteral("gho_")));
        const HttpResponse user = upstreamUser(token);
        QVERIFY2(user.status == 200, user.describe());
        QCOMPARE(user.json().value(QLatin1String("login")).toString(), QStringLiteral("alice"));
        QCOMPARE(user.header("X-OAuth-Scopes").split(',').size(), 12);
    }

    void repeatedExchangesReturnTheSameToken()
    {
        const QString first =
            tokenVaultExchange(m_http, m_tenant, m_refreshToken).json().value(QLatin1String("access_token")).toString();
        const QString second =
            tokenVaultExchange(m_http, m_tenant, m_refreshToken).json().value(QLatin1String("access_token")).toString();
        QVERIFY(!first.isEmpty());
        QCOMPARE(second, first);
    }

    void aDeadUpstreamTokenIsReplaced()
    {
        const QString dead =
            tokenVaultExchange(m_http, m_tenant, m_refreshToken).json().value(QLatin1String("access_token")).toString();
        const HttpResponse revoked = revokeAtUpstream(dead);
        QVERIFY2(revoked.status == 204, revoked.describe());
        QCOMPARE(upstreamUser(dead).status, 401);

        const QString fresh =
            tokenVaultExchange(m_http, m_tenant, m_refreshToken).json().value(QLatin1String("access_token")).toString();
        QVERIFY(!fresh.isEmpty() && fresh != dead);
        QCOMPARE(upstreamUser(fresh).status, 200);
    }

    void basicClientAuthenticationAndJsonBodiesWork()
    {
        QUrlQuery form = tokenVaultForm(m_refreshToken);
        const QUrl tokenUrl = m_tenant.tenantUrl(QStringLiteral("/oauth/token"));
        const HttpResponse basic =
            m_http.postForm(tokenUrl, form, basicAuth(m_tenant.clientId(), m_tenant.clientSecret()));
        QVERIFY2(basic.status == 200, basic.describe());

        QJsonObject json;
        for (const auto &[name, value] : form.queryItems(QUrl::FullyDecoded)) {
            json.insert(name, value);
        }
        json.insert(QStringLiteral("client_id"), m_tenant.clientId());
        json.insert(QStringLiteral("client_secret"), m_tenant.clientSecret());
        const HttpResponse viaJson = m_http.postJson(tokenUrl, json);
        QVERIFY2(viaJson.status == 200, viaJson.describe());
        QCOMPARE(viaJson.json().value(QLatin1String("access_token")),
                 basic.json().value(QLatin1String("access_token")));
    }

    void unknownConnectionIsRefused()
    {
        verifyError(tokenVaultExchange(m_http, m_tenant, m_refreshToken, QStringLiteral("gitlab")),
                    400,
                    "invalid_request",
                    QStringLiteral("Token Vault is not enabled for the provided connection"));
    }

    void unknownRefreshTokenIsRefused()
    {
        verifyError(tokenVaultExchange(m_http, m_tenant, QStringLiteral("not-a-refresh-token")),
                    403,
                    "invalid_grant",
                    QStringLiteral("Unknown or invalid refresh token."));
    }

    void revokedRefreshTokenIsRefused()
    {
        const QString refreshToken = signIn(m_http, m_tenant).value(QLatin1String("refresh_token")).toString();
        QCOMPARE(tokenVaultExchange(m_http, m_tenant, refreshToken).status, 200);
        QUrlQuery revoke;
        revoke.addQueryItem(QStringLiteral("token"), refreshToken);
        revoke.addQueryItem(QStringLiteral("client_id"), m_tenant.clientId());
        revoke.addQueryItem(QStringLiteral("client_secret"), m_tenant.clientSecret());
        QCOMPARE(m_http.postForm(m_tenant.tenantUrl(QStringLiteral("/oauth/revoke")), revoke).status, 200);
        verifyError(tokenVaultExchange(m_http, m_tenant, refreshToken),
                    403,
                    "invalid_grant",
                    QStringLiteral("Unknown or invalid refresh token."));
    }

    void userWithoutConnectedAccountIsRefused()
    {
        const QString bobsRefreshToken =
            signIn(m_http, m_tenant, QStringLiteral("bob")).value(QLatin1String("refresh_token")).toString();
        QVERIFY(!bobsRefreshToken.isEmpty());
        verifyError(tokenVaultExchange(m_http, m_tenant, bobsRefreshToken),
                    401,
                    "federated_connection_refresh_token_not_found",
                    QStringLiteral("Federated connection Refresh Token not found."));
    }

    void publicClientIsRefused()
    {
        verifyError(tokenVaultExchange(m_http, m_tenant, m_refreshToken, QStringLiteral("github"), false),
                    403,
                    "unauthorized_client",
                    QStringLiteral("Grant type '%1' not allowed for the client.").arg(TokenVaultGrant));
    }

    void confidentialClientMustAuthenticate()
    {
        QUrlQuery form = tokenVaultForm(m_refreshToken);
        form.addQueryItem(QStringLiteral("client_id"), m_tenant.clientId());
        verifyError(m_http.postForm(m_tenant.tenantUrl(QStringLiteral("/oauth/token")), form),
                    401,
                    "access_denied",
                    QStringLiteral("Unauthorized"));
    }

    void malformedExchangesAreRefused()
    {
        QUrlQuery form;
        form.addQueryItem(QStringLiteral("grant_type"), TokenVaultGrant);
        form.addQueryItem(QStringLiteral("subject_token"), m_refreshToken);
        form.addQueryItem(QStringLiteral("subject_token_type"),
                          QStringLiteral("urn:ietf:params:oauth:token-type:refresh_token"));
        form.addQueryItem(QStringLiteral("requested_token_type"), FederatedTokenType);
        verifyError(tokenRequest(m_http, m_tenant, form),
                    400,
                    "invalid_request",
                    QStringLiteral("Missing required parameter: connection"));

        form.addQueryItem(QStringLiteral("connection"), QStringLiteral("github"));
        form.removeQueryItem(QStringLiteral("subject_token_type"));
        form.addQueryItem(QStringLiteral("subject_token_type"),
                          QStringLiteral("urn:ietf:params:oauth:token-type:access_token"));
        const HttpResponse wrongType = tokenRequest(m_http, m_tenant, form);
        QCOMPARE(wrongType.status, 400);
        QCOMPARE(wrongType.json().value(QLatin1String("error")).toString(), QStringLiteral("invalid_request"));
    }

    void loginHintMustMatchTheConnectedIdentity()
    {
        QUrlQuery form = tokenVaultForm(m_refreshToken);
        QUrlQuery matching = form;
        matching.addQueryItem(QStringLiteral("login_hint"), QStringLiteral("alice"));
        QCOMPARE(tokenRequest(m_http, m_tenant, matching).status, 200);
        form.addQueryItem(QStringLiteral("login_hint"), QStringLiteral("someone-else"));
        QCOMPARE(tokenRequest(m_http, m_tenant, form).status, 401);
    }
};

QTEST_GUILESS_MAIN(SandboxTokenVaultTest)
#include "tst_sandbox_tokenvault.moc"
