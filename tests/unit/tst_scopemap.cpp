#include "broker/pipeline/proxypath.h"
#include "domain/scopemap.h"

#include <QJsonArray>
#include <QTest>

using namespace sanctum;

// Against the real map the sandbox's upstream also reads.
class TestScopeMap : public QObject {
    Q_OBJECT

    ScopeMap m_map;

private Q_SLOTS:
    void initTestCase()
    {
        const Expected<ScopeMap> map = ScopeMap::load(QStringLiteral(SANCTUM_GITHUB_SCOPE_MAP));
        QVERIFY2(map.ok(), map.ok() ? "" : qPrintable(map.error().message));
        m_map = *map;
        QCOMPARE(m_map.connection(), QStringLiteral("github"));
        QVERIFY(m_map.scopes().contains(QStringLiteral("delete_repo")));
    }

    void matchesTemplates_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<QString>("pathTemplate");
        QTest::newRow("issues") << "GET" << QByteArray("/repos/acme/web/issues?state=open")
                                << "/repos/{owner}/{repo}/issues";
        QTest::newRow("one issue") << "PATCH" << QByteArray("/repos/acme/web/issues/7")
                                   << "/repos/{owner}/{repo}/issues/{issue_number}";
        QTest::newRow("deep contents") << "GET" << QByteArray("/repos/acme/web/contents/src/app/main.cpp")
                                       << "/repos/{owner}/{repo}/contents/{path*}";
        // A workflow file is matched by its own, stricter rule first.
        QTest::newRow("workflow file") << "PUT" << QByteArray("/repos/acme/web/contents/.github/workflows/ci.yml")
                                       << "/repos/{owner}/{repo}/contents/.github/workflows/{path*}";
        QTest::newRow("delete") << "DELETE" << QByteArray("/repos/acme/web") << "/repos/{owner}/{repo}";
        QTest::newRow("unknown endpoint") << "GET" << QByteArray("/admin/keys") << "";
        QTest::newRow("wrong method") << "DELETE" << QByteArray("/user/emails") << "";
        QTest::newRow("contents needs a path") << "GET" << QByteArray("/repos/acme/web/contents") << "";
    }

    void matchesTemplates()
    {
        QFETCH(QString, method);
        QFETCH(QByteArray, target);
        QFETCH(QString, pathTemplate);
        const Expected<ProxyPath> path = ProxyPath::parse(target);
        QVERIFY(path.ok());
        const std::optional<EndpointRule> rule = m_map.match(method, path->path());
        QCOMPARE(rule ? rule->pathTemplate : QString(), pathTemplate);
    }

    void nestedScopesCount()
    {
        const ScopeSet all = m_map.closure(ScopeSet{QStringLiteral("repo"), QStringLiteral("admin:org")});
        QVERIFY(all.contains(QStringLiteral("public_repo")));
        QVERIFY(all.contains(QStringLiteral("repo:status")));
        QVERIFY(all.contains(QStringLiteral("read:org")));     // admin:org ⊃ write:org ⊃ read:org
        QVERIFY(!all.contains(QStringLiteral("delete_repo"))); // repo does not imply deleting
    }

    void decidesByScope_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("held");
        QTest::addColumn<bool>("allowed");
        QTest::newRow("issues with repo") << "GET"
                                          << "/repos/acme/web/issues"
                                          << "repo" << true;
        QTest::newRow("issues with read:org only") << "GET"
                                                   << "/repos/acme/web/issues"
                                                   << "read:org" << false;
        QTest::newRow("status via repo") << "GET"
                                         << "/repos/acme/web/commits/main/status"
                                         << "repo" << true;
        QTest::newRow("status with repo:status") << "GET"
                                                 << "/repos/acme/web/commits/main/status"
                                                 << "repo:status" << true;
        QTest::newRow("delete with repo") << "DELETE"
                                          << "/repos/acme/web"
                                          << "repo" << false;
        QTest::newRow("delete with delete_repo") << "DELETE"
                                                 << "/repos/acme/web"
                                                 << "delete_repo" << true;
        QTest::newRow("teams via admin:org") << "GET"
                                             << "/orgs/acme/teams"
                                             << "admin:org" << true;
        QTest::newRow("own profile, no scope") << "GET"
                                               << "/user"
                                               << "" << true;
        QTest::newRow("workflow without workflow") << "PUT"
                                                   << "/repos/acme/web/contents/.github/workflows/ci.yml"
                                                   << "repo" << false;
        QTest::newRow("workflow with workflow") << "PUT"
                                                << "/repos/acme/web/contents/.github/workflows/ci.yml"
                                                << "repo workflow" << true;
    }

    void decidesByScope()
    {
        QFETCH(QString, method);
        QFETCH(QString, path);
        QFETCH(QString, held);
        QFETCH(bool, allowed);
        const std::optional<EndpointRule> rule = m_map.match(method, path);
        QVERIFY(rule.has_value());
        ScopeSet scopes;
        QVERIFY(ScopeSet::parse(held, &scopes));
        QCOMPARE(m_map.allows(*rule, scopes), allowed);
    }

    void refusesBrokenMaps()
    {
        QVERIFY(!ScopeMap::fromJson({}).ok());
        const QJsonObject badWildcard{{QStringLiteral("connection"), QStringLiteral("x")},
                                      {QStringLiteral("endpoints"),
                                       QJsonArray{QJsonObject{{QStringLiteral("method"), QStringLiteral("GET")},
                                                              {QStringLiteral("path"), QStringLiteral("/a/{rest*}/b")},
                                                              {QStringLiteral("accepted"), QJsonArray{}}}}}};
        QCOMPARE(ScopeMap::fromJson(badWildcard).error().code, QStringLiteral("scope_map_invalid"));
        QVERIFY(!ScopeMap::load(QStringLiteral("/nonexistent/map.json")).ok());
    }
};

QTEST_GUILESS_MAIN(TestScopeMap)
#include "tst_scopemap.moc"
