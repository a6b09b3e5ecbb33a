#include "domain/policy.h"

#include <QJsonArray>
#include <QTest>

using namespace sanctum;

class TestPolicy : public QObject {
    Q_OBJECT

    static MissionRequest request(const QString &purpose, qint64 ttl, ScopeSet scopes = {QStringLiteral("repo")})
    {
        return {purpose, QStringLiteral("github"), std::move(scopes), ttl};
    }

private Q_SLOTS:
    void defaultsAreConservative()
    {
        const Policy p;
        QCOMPARE(p.maxTtlSeconds, Policy::kDefaultMaxTtl);
        QVERIFY(p.requirePurpose);
        QVERIFY(p.autoApproveScopes.isEmpty());
        // With nothing auto-approved, every request waits for a person.
        QVERIFY(!p.autoApproves(ScopeSet{QStringLiteral("read:user")}));
    }

    void checkRequests_data()
    {
        QTest::addColumn<QString>("purpose");
        QTest::addColumn<qint64>("ttl");
        QTest::addColumn<bool>("emptyScopes");
        QTest::addColumn<QString>("error");
        QTest::newRow("fine") << QStringLiteral("triage acme/web issues") << qint64(600) << false << QString();
        QTest::newRow("at the cap") << QStringLiteral("triage acme/web issues") << qint64(3600) << false << QString();
        QTest::newRow("over the cap") << QStringLiteral("triage acme/web issues") << qint64(3601) << false
                                      << QStringLiteral("ttl_too_long");
        QTest::newRow("no purpose") << QString() << qint64(60) << false << QStringLiteral("purpose_required");
        QTest::newRow("blank purpose") << QStringLiteral("      x     ") << qint64(60) << false
                                       << QStringLiteral("purpose_required");
        QTest::newRow("zero ttl") << QStringLiteral("triage acme/web issues") << qint64(0) << false
                                  << QStringLiteral("invalid_request");
        QTest::newRow("no scopes") << QStringLiteral("triage acme/web issues") << qint64(60) << true
                                   << QStringLiteral("invalid_request");
    }

    void checkRequests()
    {
        QFETCH(QString, purpose);
        QFETCH(qint64, ttl);
        QFETCH(bool, emptyScopes);
        QFETCH(QString, error);
        const Status s =
            Policy().check(request(purpose, ttl, emptyScopes ? ScopeSet() : ScopeSet{QStringLiteral("repo")}));
        QCOMPARE(s.ok(), error.isEmpty());
        if (!s.ok()) {
            QCOMPARE(s.error().code, error);
            QVERIFY(!s.error().message.isEmpty());
        }
    }

    void purposeCanBeMadeOptional()
    {
        Policy p;
        p.requirePurpose = false;
        QVERIFY(p.check(request(QString(), 60)).ok());
    }

    void autoApproveOnlyWhenEveryScopeIsCovered()
    {
        Policy p;
        p.autoApproveScopes = {QStringLiteral("read:user"), QStringLiteral("repo:status")};
        QVERIFY(p.autoApproves(ScopeSet{QStringLiteral("read:user")}));
        QVERIFY(p.autoApproves(ScopeSet{QStringLiteral("read:user"), QStringLiteral("repo:status")}));
        QVERIFY(!p.autoApproves(ScopeSet{QStringLiteral("read:user"), QStringLiteral("delete_repo")}));
        QVERIFY(!p.autoApproves(ScopeSet()));
    }

    void stepUpScopesAreNeverAutoApproved()
    {
        Policy p;
        QVERIFY(p.stepUpScopes.contains(QStringLiteral("delete_repo")));
        QVERIFY(p.stepUpScopes.contains(QStringLiteral("admin:org")));
        // Even an operator who lists a dangerous scope for auto-approval gets a
        // question per call, never a mission that holds it silently.
        p.autoApproveScopes = {QStringLiteral("read:user"), QStringLiteral("delete_repo")};
        QVERIFY(p.autoApproves(ScopeSet{QStringLiteral("read:user")}));
        QVERIFY(!p.autoApproves(ScopeSet{QStringLiteral("delete_repo")}));
    }

    void jsonRoundTrip()
    {
        Policy p;
        p.connection = QStringLiteral("github");
        p.maxTtlSeconds = 900;
        p.requestExpirySeconds = 120;
        p.autoApproveScopes = {QStringLiteral("read:user")};
        p.requirePurpose = false;
        p.stepUpScopes = {QStringLiteral("delete_repo")};
        const Expected<Policy> back = Policy::fromJson(p.toJson());
        QVERIFY(back.ok());
        QCOMPARE(back->toJson(), p.toJson());
    }

    void strictUpdates_data()
    {
        QTest::addColumn<QJsonObject>("changes");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("unknown key") << QJsonObject{{QStringLiteral("max_ttl"), 10}} << QStringLiteral("unknown");
        QTest::newRow("zero ttl") << QJsonObject{{QStringLiteral("max_ttl_seconds"), 0}}
                                  << QStringLiteral("max_ttl_seconds");
        QTest::newRow("fractional ttl") << QJsonObject{{QStringLiteral("max_ttl_seconds"), 1.5}}
                                        << QStringLiteral("whole number");
        QTest::newRow("month-long ttl") << QJsonObject{{QStringLiteral("max_ttl_seconds"), 30 * 86400}}
                                        << QStringLiteral("max_ttl_seconds");
        QTest::newRow("ttl as text") << QJsonObject{{QStringLiteral("max_ttl_seconds"), QStringLiteral("60")}}
                                     << QStringLiteral("max_ttl_seconds");
        QTest::newRow("bad scope") << QJsonObject{{QStringLiteral("auto_approve_scopes"),
                                                   QJsonArray{QStringLiteral("re po")}}}
                                   << QStringLiteral("not a valid scope");
        QTest::newRow("step-up as text") << QJsonObject{{QStringLiteral("step_up_scopes"), QStringLiteral("repo")}}
                                         << QStringLiteral("step_up_scopes");
        QTest::newRow("purpose as text") << QJsonObject{{QStringLiteral("require_purpose"), QStringLiteral("no")}}
                                         << QStringLiteral("true or false");
    }

    void strictUpdates()
    {
        QFETCH(QJsonObject, changes);
        QFETCH(QString, mentions);
        const Policy before;
        const Expected<Policy> after = before.updated(changes);
        QVERIFY(!after.ok());
        QCOMPARE(after.error().code, QStringLiteral("invalid_policy"));
        QVERIFY2(after.error().message.contains(mentions), qPrintable(after.error().message));
    }

    void updateKeepsWhatIsNotMentioned()
    {
        Policy p;
        p.autoApproveScopes = {QStringLiteral("read:user")};
        const Expected<Policy> after = p.updated({{QStringLiteral("max_ttl_seconds"), 120}});
        QVERIFY(after.ok());
        QCOMPARE(after->maxTtlSeconds, qint64(120));
        QCOMPARE(after->autoApproveScopes, p.autoApproveScopes);
        QCOMPARE(after->requestExpirySeconds, p.requestExpirySeconds);
    }
};

QTEST_GUILESS_MAIN(TestPolicy)
#include "tst_policy.moc"
