// One-click least privilege end to end against the sandbox tenant: the
// connected account is reconnected with fewer scopes (My Account API, the
// stand-in browser confirming), the new upstream token holds exactly those
// scopes, the old one is refused upstream, missions can no longer ask for a
// removed scope, and the change is audited. A failure half-way leaves the
// old grant working and Sanctum's records untouched.
#include "brokerfixture.h"
#include "domain/connection.h"
#include "services/leastprivilege/connectiontightener.h"
#include "services/missions/missionregistry.h"
#include "services/policies/policyregistry.h"
#include "services/session/tenantsession.h"
#include "store/auditlog.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace sanctum;
using namespace sanctum::test;

class TestTighten : public QObject {
    Q_OBJECT

    std::unique_ptr<SandboxTenant> m_sandbox;
    std::unique_ptr<BrokerFixture> m_fx;
    QString m_key;

    Expected<TightenResult> tighten(const ScopeSet &scopes)
    {
        std::optional<Expected<TightenResult>> result;
        m_fx->instance().tightener().tighten(QStringLiteral("github"),
                                             scopes,
                                             QStringLiteral("operator:test"),
                                             QStringLiteral("least privilege"),
                                             [&](Expected<TightenResult> r) { result = std::move(r); });
        if (!QTest::qWaitFor([&] { return result.has_value(); }, 60000))
            return Error{QStringLiteral("test_timeout"), QStringLiteral("no answer")};
        return *result;
    }

    int requestStatus(const QStringList &scopes)
    {
        return m_fx
            ->requestMission(m_key,
                             {{QStringLiteral("purpose"), QStringLiteral("triage the issues of acme/web")},
                              {QStringLiteral("connection"), QStringLiteral("github")},
                              {QStringLiteral("scopes"), QJsonArray::fromStringList(scopes)},
                              {QStringLiteral("ttl_seconds"), 600}})
            .status;
    }

    ScopeSet recordedScopes()
    {
        for (const Connection &c : m_fx->instance().session().connections())
            if (c.name == QLatin1String("github"))
                return c.heldScopes;
        return {};
    }

    QList<AuditEvent> audited(const QString &action)
    {
        AuditQuery q;
        q.actionPrefix = action;
        q.limit = 100;
        const Expected<QList<AuditEvent>> events = m_fx->instance().audit().list(q);
        return events ? *events : QList<AuditEvent>();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString why;
        m_sandbox = BrokerFixture::startSandbox(&why);
        QVERIFY2(m_sandbox, qPrintable(why));
        m_fx = std::make_unique<BrokerFixture>(*m_sandbox);
        QVERIFY2(m_fx->start(&why), qPrintable(why));
        m_key = m_fx->addAgent(QStringLiteral("triage-bot"));
    }

    void cleanupTestCase()
    {
        m_fx.reset();
        m_sandbox.reset();
    }

    void aFailureHalfWayLeavesTheOldGrantWorking()
    {
        const auto [id, token] = m_fx->activeMission(m_key, {QStringLiteral("gist")});
        QVERIFY(!token.isEmpty());
        // What the account holds, as Token Vault reports it and Sanctum records it.
        bool checked = false;
        m_fx->instance().session().checkConnection(QStringLiteral("github"),
                                                   [&](const Connection &, const Error &) { checked = true; });
        QTRY_VERIFY(checked);
        const ScopeSet before = recordedScopes();
        QCOMPARE(before.size(), 12);
        // The tenant fails the last step of the reconnection.
        const HttpResponse armed =
            m_fx->http().postJson(m_sandbox->controlUrl(QStringLiteral("/faults")),
                                  {{QStringLiteral("target"), QStringLiteral("tenant")},
                                   {QStringLiteral("method"), QStringLiteral("POST")},
                                   {QStringLiteral("path"), QStringLiteral("/me/v1/connected-accounts/complete")},
                                   {QStringLiteral("mode"), QStringLiteral("error")},
                                   {QStringLiteral("status"), 500},
                                   {QStringLiteral("count"), 1}});
        QCOMPARE(armed.status, 201);

        const Expected<TightenResult> r = tighten({QStringLiteral("repo"), QStringLiteral("read:org")});
        QVERIFY(!r);
        QVERIFY2(r.error().message.contains(QLatin1String("completing the reconnection")),
                 qPrintable(r.error().message));
        QCOMPARE(m_fx->pendingFaults(), 0);

        // Nothing changed: the mission still works upstream, the account's
        // scopes and the policy are as they were, a gist mission may still be asked for.
        QCOMPARE(m_fx->call("GET", QStringLiteral("/v1/proxy/github/gists"), token).status, 200);
        QCOMPARE(m_fx->instance().missions().get(id)->state, MissionState::Active);
        QCOMPARE(recordedScopes(), before);
        QCOMPARE(requestStatus({QStringLiteral("gist")}), 201);
        const QList<AuditEvent> failed = audited(QStringLiteral("connection.tighten_failed"));
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed.first().details.value(QStringLiteral("step")).toString(),
                 QStringLiteral("reconnecting the account"));
        QVERIFY(failed.first().details.value(QStringLiteral("error")).toString().contains(QLatin1String("completing")));
        QVERIFY(audited(QStringLiteral("connection.tightened")).isEmpty());
    }

    void tightenReprovisionsAndEverythingFollows()
    {
        const auto [kept, keptToken] = m_fx->activeMission(m_key, {QStringLiteral("repo")});
        const auto [gone, goneToken] = m_fx->activeMission(m_key, {QStringLiteral("user:email")});
        QVERIFY(!keptToken.isEmpty() && !goneToken.isEmpty());
        QCOMPARE(m_fx->call("GET", QStringLiteral("/v1/proxy/github/repos/acme/web/issues"), keptToken).status, 200);
        QVERIFY(m_fx->instance().policies().set(
            QStringLiteral("github"),
            {{QStringLiteral("auto_approve_scopes"), QJsonArray{QStringLiteral("read:org"), QStringLiteral("gist")}}},
            QStringLiteral("operator:test")));

        const ScopeSet wanted{QStringLiteral("repo"), QStringLiteral("read:org")};
        const Expected<TightenResult> r = tighten(wanted);
        QVERIFY2(r, qPrintable(r ? QString() : r.error().message));
        QCOMPARE(r->after, wanted); // as X-OAuth-Scopes says
        QVERIFY(r->before.contains(QStringLiteral("user")));
        QVERIFY(r->removed.contains(QStringLiteral("user")));
        QVERIFY(r->removed.contains(QStringLiteral("gist")));
        QVERIFY(!r->removed.contains(QStringLiteral("repo")));
        QVERIFY(r->previousTokenRefused);

        // Recorded: a mission for a removed scope is refused from now on.
        QCOMPARE(recordedScopes(), wanted);
        QCOMPARE(requestStatus({QStringLiteral("gist")}), 403);
        // The mission that held a removed scope ended; the other works with the new token.
        QCOMPARE(m_fx->instance().missions().get(gone)->state, MissionState::Revoked);
        QCOMPARE(m_fx->call("GET", QStringLiteral("/v1/proxy/github/user/emails"), goneToken).status, 401);
        QCOMPARE(m_fx->call("GET", QStringLiteral("/v1/proxy/github/repos/acme/web/issues"), keptToken).status, 200);
        // The policy no longer auto-approves what is gone.
        QCOMPARE(m_fx->instance().policies().effective(QStringLiteral("github"))->autoApproveScopes,
                 ScopeSet{QStringLiteral("read:org")});
        QVERIFY(r->policyNarrowed);

        const QList<AuditEvent> logged = audited(QStringLiteral("connection.tightened"));
        QCOMPARE(logged.size(), 1);
        const QJsonObject d = logged.first().details;
        QCOMPARE(d.value(QStringLiteral("after")).toArray(),
                 QJsonArray({QStringLiteral("read:org"), QStringLiteral("repo")}));
        QVERIFY(d.value(QStringLiteral("before")).toArray().contains(QStringLiteral("user")));
        QCOMPARE(logged.first().subjectId, QStringLiteral("github"));
    }

    void tighteningCannotAddScopes()
    {
        const Expected<TightenResult> r = tighten({QStringLiteral("repo"), QStringLiteral("gist")});
        QVERIFY(!r);
        QVERIFY2(r.error().message.contains(QLatin1String("only takes scopes away")), qPrintable(r.error().message));
    }
};

QTEST_GUILESS_MAIN(TestTighten)
#include "tst_tighten.moc"
