// The GitHub-like upstream enforces the scope map (with GitHub's scope
// nesting), reports X-OAuth-Scopes and X-Accepted-OAuth-Scopes on every
// call, and accepts only live tokens minted by Token Vault.
#include "oauthflow.h"
#include "sandboxhttp.h"
#include "sandboxtenant.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace sanctum::test;

class SandboxUpstreamTest : public QObject {
    Q_OBJECT

private:
    SandboxTenant m_tenant;
    SandboxHttp m_http;
    QString m_refreshToken; // alice's

    // Reconnects alice's GitHub account with exactly `scopes` and returns its new upstream token.
    QString tokenWith(const QStringList &scopes)
    {
        const HttpResponse set =
            m_http.sendJson("PUT",
                            m_tenant.controlUrl(QStringLiteral("/connected-accounts/alice/github")),
                            {{QStringLiteral("scopes"), QJsonArray::fromStringList(scopes)}});
        if (set.status != 200) {
            return {};
        }
        return tokenVaultExchange(m_http, m_tenant, m_refreshToken)
            .json()
            .value(QLatin1String("access_token"))
            .toString();
    }

    HttpResponse call(const QByteArray &verb, const QString &path, const QString &token, const QJsonObject &body = {})
    {
        return upstreamCall(m_http, m_tenant, verb, path, token, body);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_tenant.start(), qPrintable(m_tenant.errorString()));
        m_refreshToken = signIn(m_http, m_tenant).value(QLatin1String("refresh_token")).toString();
        QVERIFY(!m_refreshToken.isEmpty());
    }

    void everyAnswerReportsHeldAndAcceptedScopes()
    {
        const QString token = tokenWith({QStringLiteral("repo"), QStringLiteral("gist")});
        const HttpResponse user = call("GET", QStringLiteral("/user"), token);
        QCOMPARE(user.status, 200);
        QCOMPARE(user.header("X-OAuth-Scopes"), QByteArrayLiteral("gist, repo"));
        // GET /user accepts any token: the header is sent empty (Qt drops empty headers).
        QCOMPARE(user.header("X-Accepted-OAuth-Scopes"), QByteArray());
        const HttpResponse refused = call("GET", QStringLiteral("/user/emails"), token);
        QCOMPARE(refused.status, 404);
        QCOMPARE(refused.header("X-OAuth-Scopes"), QByteArrayLiteral("gist, repo"));
        QCOMPARE(refused.header("X-Accepted-OAuth-Scopes"), QByteArrayLiteral("user:email"));
    }

    void acceptedScopesAreTheScopeMaps()
    {
        QFile file(QStringLiteral(SANCTUM_SCOPE_MAP));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QHash<QString, QByteArray> accepted;
        for (const QJsonValue &value :
             QJsonDocument::fromJson(file.readAll()).object().value(QLatin1String("endpoints")).toArray()) {
            const QJsonObject endpoint = value.toObject();
            QStringList scopes = endpoint.value(QLatin1String("accepted")).toVariant().toStringList();
            accepted.insert(endpoint.value(QLatin1String("method")).toString() + u' ' +
                                endpoint.value(QLatin1String("path")).toString(),
                            scopes.join(QStringLiteral(", ")).toUtf8());
        }
        const QString token = tokenWith({QStringLiteral("repo")});
        const QList<QPair<QString, QString>> requests{
            {QStringLiteral("GET /user/emails"), QStringLiteral("/user/emails")},
            {QStringLiteral("GET /repos/{owner}/{repo}/issues"), QStringLiteral("/repos/acme/web/issues")},
            {QStringLiteral("GET /repos/{owner}/{repo}/commits/{ref}/statuses"),
             QStringLiteral("/repos/acme/web/commits/main/statuses")},
            {QStringLiteral("GET /notifications"), QStringLiteral("/notifications")},
            {QStringLiteral("GET /orgs/{org}/teams"), QStringLiteral("/orgs/acme/teams")},
            {QStringLiteral("GET /repos/{owner}/{repo}/contents/{path*}"),
             QStringLiteral("/repos/acme/web/contents/src/index.html")},
        };
        for (const auto &[endpoint, path] : requests) {
            QVERIFY2(accepted.contains(endpoint), qPrintable(endpoint));
            QCOMPARE(call("GET", path, token).header("X-Accepted-OAuth-Scopes"), accepted.value(endpoint));
        }
    }

    void nestedScopesSatisfyTheScopesTheyImply()
    {
        QCOMPARE(call("GET", QStringLiteral("/user/emails"), tokenWith({QStringLiteral("user")})).status, 200);
        QCOMPARE(call("GET", QStringLiteral("/user/emails"), tokenWith({QStringLiteral("user:email")})).status, 200);
        QCOMPARE(call("GET", QStringLiteral("/user/emails"), tokenWith({QStringLiteral("read:user")})).status, 404);
        QCOMPARE(call("GET", QStringLiteral("/orgs/acme/teams"), tokenWith({QStringLiteral("admin:org")})).status, 200);
        QCOMPARE(call("GET", QStringLiteral("/orgs/acme/teams"), tokenWith({QStringLiteral("gist")})).status, 404);
        const QString statusOnly = tokenWith({QStringLiteral("repo:status")});
        QCOMPARE(call("POST",
                      QStringLiteral("/repos/acme/web/statuses/main"),
                      statusOnly,
                      {{QStringLiteral("state"), QStringLiteral("pending")}})
                     .status,
                 201);
        QCOMPARE(call("POST",
                      QStringLiteral("/repos/acme/web/issues"),
                      statusOnly,
                      {{QStringLiteral("title"), QStringLiteral("x")}})
                     .status,
                 404);
    }

    void privateRepositoriesNeedRepo()
    {
        const QString publicOnly = tokenWith({QStringLiteral("public_repo")});
        QCOMPARE(call("GET", QStringLiteral("/repos/acme/web"), publicOnly).status, 200);
        QCOMPARE(call("GET", QStringLiteral("/repos/acme/api"), publicOnly).status, 404);
        QCOMPARE(call("GET", QStringLiteral("/repos/acme/api/issues"), publicOnly).status, 404);
        const QJsonObject issue{{QStringLiteral("title"), QStringLiteral("A bug")}};
        QCOMPARE(call("POST", QStringLiteral("/repos/acme/web/issues"), publicOnly, issue).status, 201);
        QCOMPARE(call("POST", QStringLiteral("/repos/acme/api/issues"), publicOnly, issue).status, 404);
        const QJsonArray listed = call("GET", QStringLiteral("/user/repos"), publicOnly).jsonArray();
        for (const QJsonValue &repo : listed) {
            QVERIFY(!repo.toObject().value(QLatin1String("private")).toBool());
        }

        const QString full = tokenWith({QStringLiteral("repo")});
        QCOMPARE(call("GET", QStringLiteral("/repos/acme/api"), full).status, 200);
        QCOMPARE(call("POST", QStringLiteral("/repos/acme/api/issues"), full, issue).status, 201);
    }

    void publicDataNeedsNoScopeButWritesDo()
    {
        const QString none = tokenWith({});
        QCOMPARE(call("GET", QStringLiteral("/repos/acme/web/issues"), none).status, 200);
        QCOMPARE(call("GET", QStringLiteral("/user"), none).status, 200);
        QCOMPARE(call("POST",
                      QStringLiteral("/repos/acme/web/issues"),
                      none,
                      {{QStringLiteral("title"), QStringLiteral("x")}})
                     .status,
                 404);
        QCOMPARE(call("GET", QStringLiteral("/repos/acme/web"), QString()).status, 200);
        const HttpResponse anonymous = call("GET", QStringLiteral("/user"), QString());
        QCOMPARE(anonymous.status, 401);
        QCOMPARE(anonymous.json().value(QLatin1String("message")).toString(),
                 QStringLiteral("Requires authentication"));
    }

    void deletingARepositoryNeedsDeleteRepo()
    {
        const QString repo = tokenWith({QStringLiteral("repo")});
        QCOMPARE(
            call("POST", QStringLiteral("/user/repos"), repo, {{QStringLiteral("name"), QStringLiteral("scratch")}})
                .status,
            201);
        const HttpResponse refused = call("DELETE", QStringLiteral("/repos/alice/scratch"), repo);
        QCOMPARE(refused.status, 403);
        QCOMPARE(refused.json().value(QLatin1String("message")).toString(),
                 QStringLiteral("Must have admin rights to Repository."));
        QCOMPARE(refused.header("X-Accepted-OAuth-Scopes"), QByteArrayLiteral("delete_repo"));

        const QString withDelete = tokenWith({QStringLiteral("repo"), QStringLiteral("delete_repo")});
        QCOMPARE(call("DELETE", QStringLiteral("/repos/alice/scratch"), withDelete).status, 204);
        QCOMPARE(call("GET", QStringLiteral("/repos/alice/scratch"), withDelete).status, 404);
    }

    void workflowFilesAlsoNeedWorkflow()
    {
        const QString path = QStringLiteral("/repos/acme/web/contents/.github/workflows/ci.yml");
        const QString sha =
            call("GET", path, tokenWith({QStringLiteral("repo")})).json().value(QLatin1String("sha")).toString();
        const QJsonObject change{
            {QStringLiteral("message"), QStringLiteral("Run on pull requests")},
            {QStringLiteral("content"), QString::fromLatin1(QByteArrayLiteral("on: pull_request\n").toBase64())},
            {QStringLiteral("sha"), sha}};
        QCOMPARE(call("PUT", path, tokenWith({QStringLiteral("repo")}), change).status, 404);
        QCOMPARE(call("PUT", path, tokenWith({QStringLiteral("repo"), QStringLiteral("workflow")}), change).status,
                 200);
    }

    void onlyLiveVaultTokensAreAccepted()
    {
        const HttpResponse forged = call("GET", QStringLiteral("/user"), QStringLiteral("gho_") + QString(36, u'x'));
        QCOMPARE(forged.status, 401);
        QCOMPARE(forged.json().value(QLatin1String("message")).toString(), QStringLiteral("Bad credentials"));

        const QString token = tokenWith({QStringLiteral("repo")});
        const QString revokePath = QStringLiteral("/applications/%1/token").arg(m_tenant.upstreamClientId());
        QNetworkRequest request(m_tenant.upstreamUrl(revokePath));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        const QByteArray body = "{\"access_token\":\"" + token.toUtf8() + "\"}";
        request.setRawHeader("Authorization",
                             basicAuth(m_tenant.upstreamClientId(), QStringLiteral("wrong")).first().second);
        QCOMPARE(m_http.send("DELETE", request, body).status, 404);
        QCOMPARE(call("GET", QStringLiteral("/user"), token).status, 200);

        request.setRawHeader("Authorization",
                             basicAuth(m_tenant.upstreamClientId(), m_tenant.upstreamClientSecret()).first().second);
        QCOMPARE(m_http.send("DELETE", request, body).status, 204);
        QCOMPARE(call("GET", QStringLiteral("/user"), token).status, 401);
        QCOMPARE(m_http.send("DELETE", request, body).status, 404);
    }
};

QTEST_GUILESS_MAIN(SandboxUpstreamTest)
#include "tst_sandbox_upstream.moc"
