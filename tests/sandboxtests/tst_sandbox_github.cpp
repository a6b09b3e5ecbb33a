// The GitHub-like upstream's REST resources behave like GitHub's: users,
// repositories, issues and comments, pull requests and merging, contents,
// commit statuses (with a token holding alice's twelve default scopes).
#include "oauthflow.h"
#include "sandboxhttp.h"
#include "sandboxtenant.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace sanctum::test;

class SandboxGithubTest : public QObject {
    Q_OBJECT

private:
    SandboxTenant m_tenant;
    SandboxHttp m_http;
    QString m_token;

    HttpResponse call(const QByteArray &verb, const QString &path, const QJsonObject &body = {})
    {
        return upstreamCall(m_http, m_tenant, verb, path, m_token, body);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_tenant.start(), qPrintable(m_tenant.errorString()));
        const QString refreshToken = signIn(m_http, m_tenant).value(QLatin1String("refresh_token")).toString();
        m_token =
            tokenVaultExchange(m_http, m_tenant, refreshToken).json().value(QLatin1String("access_token")).toString();
        QVERIFY(!m_token.isEmpty());
    }

    void users()
    {
        const QJsonObject me = call("GET", QStringLiteral("/user")).json();
        QCOMPARE(me.value(QLatin1String("login")).toString(), QStringLiteral("alice"));
        QCOMPARE(me.value(QLatin1String("email")).toString(), QStringLiteral("alice@example.com"));
        const QJsonArray emails = call("GET", QStringLiteral("/user/emails")).jsonArray();
        QCOMPARE(emails.first().toObject().value(QLatin1String("primary")).toBool(), true);
        const QJsonObject bob = call("GET", QStringLiteral("/users/bob")).json();
        QCOMPARE(bob.value(QLatin1String("login")).toString(), QStringLiteral("bob"));
        QVERIFY(bob.value(QLatin1String("email")).isNull());
        QCOMPARE(call("GET", QStringLiteral("/users/nobody")).status, 404);
    }

    void repositories()
    {
        QStringList names;
        for (const QJsonValue &repo : call("GET", QStringLiteral("/user/repos")).jsonArray()) {
            names << repo.toObject().value(QLatin1String("full_name")).toString();
        }
        QVERIFY(names.contains(QStringLiteral("acme/web")) && names.contains(QStringLiteral("acme/api")));
        const QJsonObject api = call("GET", QStringLiteral("/repos/acme/api")).json();
        QVERIFY(api.value(QLatin1String("private")).toBool());
        QCOMPARE(api.value(QLatin1String("default_branch")).toString(), QStringLiteral("main"));
        QCOMPARE(call("GET", QStringLiteral("/repos/acme/nothing")).status, 404);

        const HttpResponse created =
            call("POST",
                 QStringLiteral("/user/repos"),
                 {{QStringLiteral("name"), QStringLiteral("tools")}, {QStringLiteral("private"), true}});
        QCOMPARE(created.status, 201);
        QCOMPARE(created.json().value(QLatin1String("full_name")).toString(), QStringLiteral("alice/tools"));
        QCOMPARE(
            call("POST", QStringLiteral("/user/repos"), {{QStringLiteral("name"), QStringLiteral("tools")}}).status,
            422);
        QCOMPARE(call("DELETE", QStringLiteral("/repos/alice/tools")).status, 204);
    }

    void issuesAndComments()
    {
        const QJsonArray open = call("GET", QStringLiteral("/repos/acme/web/issues")).jsonArray();
        QVERIFY(open.size() >= 3);
        bool sawPull = false;
        for (const QJsonValue &issue : open) {
            QCOMPARE(issue.toObject().value(QLatin1String("state")).toString(), QStringLiteral("open"));
            sawPull = sawPull || issue.toObject().contains(QLatin1String("pull_request"));
        }
        QVERIFY2(sawPull, "GitHub lists pull requests among issues");
        QCOMPARE(call("GET", QStringLiteral("/repos/acme/web/issues?state=closed")).jsonArray().size(), 1);

        QCOMPARE(call("POST",
                      QStringLiteral("/repos/acme/web/issues"),
                      {{QStringLiteral("body"), QStringLiteral("no title")}})
                     .status,
                 422);
        const QJsonObject created = call("POST",
                                         QStringLiteral("/repos/acme/web/issues"),
                                         {{QStringLiteral("title"), QStringLiteral("Slow home page")}})
                                        .json();
        const QString path =
            QStringLiteral("/repos/acme/web/issues/%1").arg(created.value(QLatin1String("number")).toInt());
        QCOMPARE(call("GET", path).json().value(QLatin1String("title")).toString(), QStringLiteral("Slow home page"));
        QCOMPARE(call("POST",
                      path + QStringLiteral("/comments"),
                      {{QStringLiteral("body"), QStringLiteral("Looking into it")}})
                     .status,
                 201);
        QCOMPARE(call("GET", path + QStringLiteral("/comments")).jsonArray().size(), 1);
        const QJsonObject closed = call("PATCH", path, {{QStringLiteral("state"), QStringLiteral("closed")}}).json();
        QCOMPARE(closed.value(QLatin1String("state")).toString(), QStringLiteral("closed"));
        QCOMPARE(closed.value(QLatin1String("comments")).toInt(), 1);
        QCOMPARE(call("GET", QStringLiteral("/repos/acme/web/issues/999")).status, 404);
    }

    void pullRequestsMergeOnce()
    {
        const QJsonArray pulls = call("GET", QStringLiteral("/repos/acme/web/pulls")).jsonArray();
        QCOMPARE(pulls.size(), 1);
        const int number = pulls.first().toObject().value(QLatin1String("number")).toInt();
        const QString merge = QStringLiteral("/repos/acme/web/pulls/%1/merge").arg(number);
        const HttpResponse merged = call("PUT", merge);
        QCOMPARE(merged.status, 200);
        QVERIFY(merged.json().value(QLatin1String("merged")).toBool());
        QCOMPARE(call("PUT", merge).status, 405);
        QVERIFY(call("GET", QStringLiteral("/repos/acme/web/pulls/%1").arg(number))
                    .json()
                    .value(QLatin1String("merged"))
                    .toBool());

        const HttpResponse opened = call("POST",
                                         QStringLiteral("/repos/acme/web/pulls"),
                                         {{QStringLiteral("title"), QStringLiteral("Dark theme")},
                                          {QStringLiteral("head"), QStringLiteral("dark-theme")},
                                          {QStringLiteral("base"), QStringLiteral("main")}});
        QCOMPARE(opened.status, 201);
        QCOMPARE(opened.json().value(QLatin1String("head")).toObject().value(QLatin1String("ref")).toString(),
                 QStringLiteral("dark-theme"));
        QCOMPARE(call("GET", QStringLiteral("/repos/acme/web/pulls/1")).status, 404); // issue 1 is no pull request
    }

    void contentsRoundTripWithShaChecks()
    {
        const QString path = QStringLiteral("/repos/acme/web/contents/src/index.html");
        const QJsonObject file = call("GET", path).json();
        QCOMPARE(file.value(QLatin1String("encoding")).toString(), QStringLiteral("base64"));
        QCOMPARE(QByteArray::fromBase64(file.value(QLatin1String("content")).toString().toLatin1()),
                 QByteArrayLiteral("<h1>Acme</h1>\n"));
        const QString content = QString::fromLatin1(QByteArrayLiteral("<h1>Acme Inc.</h1>\n").toBase64());
        QJsonObject update{{QStringLiteral("message"), QStringLiteral("Rename")}, {QStringLiteral("content"), content}};
        QCOMPARE(call("PUT", path, update).status, 422); // no sha for an existing file
        update.insert(QStringLiteral("sha"), QStringLiteral("0000"));
        QCOMPARE(call("PUT", path, update).status, 409);
        update.insert(QStringLiteral("sha"), file.value(QLatin1String("sha")));
        QCOMPARE(call("PUT", path, update).status, 200);
        QCOMPARE(call("PUT",
                      QStringLiteral("/repos/acme/web/contents/docs/new.md"),
                      {{QStringLiteral("message"), QStringLiteral("Add")}, {QStringLiteral("content"), content}})
                     .status,
                 201);
    }

    void commitStatusesCombine()
    {
        const QString ref = QStringLiteral("feature-sha");
        QCOMPARE(call("POST",
                      QStringLiteral("/repos/acme/web/statuses/") + ref,
                      {{QStringLiteral("state"), QStringLiteral("success")},
                       {QStringLiteral("context"), QStringLiteral("ci")}})
                     .status,
                 201);
        QCOMPARE(call("GET", QStringLiteral("/repos/acme/web/commits/%1/status").arg(ref))
                     .json()
                     .value(QLatin1String("state")),
                 QJsonValue(QStringLiteral("success")));
        QCOMPARE(call("POST",
                      QStringLiteral("/repos/acme/web/statuses/") + ref,
                      {{QStringLiteral("state"), QStringLiteral("failure")},
                       {QStringLiteral("context"), QStringLiteral("lint")}})
                     .status,
                 201);
        const QJsonObject combined = call("GET", QStringLiteral("/repos/acme/web/commits/%1/status").arg(ref)).json();
        QCOMPARE(combined.value(QLatin1String("state")).toString(), QStringLiteral("failure"));
        QCOMPARE(combined.value(QLatin1String("total_count")).toInt(), 2);
        QCOMPARE(call("POST",
                      QStringLiteral("/repos/acme/web/statuses/") + ref,
                      {{QStringLiteral("state"), QStringLiteral("great")}})
                     .status,
                 422);
    }

    void notificationsGistsAndTeams()
    {
        QCOMPARE(call("GET", QStringLiteral("/notifications")).jsonArray().size(), 2);
        QCOMPARE(call("POST",
                      QStringLiteral("/gists"),
                      {{QStringLiteral("files"),
                        QJsonObject{{QStringLiteral("a.txt"),
                                     QJsonObject{{QStringLiteral("content"), QStringLiteral("hi")}}}}}})
                     .status,
                 201);
        QCOMPARE(call("GET", QStringLiteral("/gists")).jsonArray().size(), 2);
        QCOMPARE(call("GET", QStringLiteral("/orgs/acme/teams")).jsonArray().size(), 2);
        QCOMPARE(call("GET", QStringLiteral("/no/such/endpoint")).status, 404);
    }
};

QTEST_GUILESS_MAIN(SandboxGithubTest)
#include "tst_sandbox_github.moc"
