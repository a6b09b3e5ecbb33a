// A mission's whole life through the broker's HTTP API, against the sandbox
// tenant and its GitHub-like upstream: asked for, approved, used within its
// scopes, refused outside them, and cut off the instant it ends.
#include "brokerfixture.h"
#include "services/agents/agentregistry.h"
#include "services/missions/missionregistry.h"
#include "services/missions/stepupgate.h"
#include "services/policies/policyregistry.h"
#include "services/session/tenantsession.h"
#include "store/auditlog.h"
#include "store/usagestore.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace sanctum;
using namespace sanctum::test;

class TestBrokerFlow : public QObject {
    Q_OBJECT

    std::unique_ptr<SandboxTenant> m_sandbox;
    std::unique_ptr<BrokerFixture> m_f;
    QString m_key;
    QString m_agentId;

    QList<AuditEvent> auditOf(const QString &missionId)
    {
        AuditQuery q;
        q.subjectId = missionId;
        q.limit = 1000;
        const Expected<QList<AuditEvent>> events = m_f->instance().audit().list(q);
        return events ? *events : QList<AuditEvent>();
    }

    QStringList actionsOf(const QString &missionId)
    {
        QStringList out;
        for (const AuditEvent &e : auditOf(missionId))
            out << e.action;
        return out;
    }

    QList<UsageEvent> usageOf(const QString &missionId)
    {
        m_f->flushUsage();
        UsageFilter filter;
        filter.missionId = missionId;
        const Expected<QList<UsageEvent>> events = UsageStore(m_f->instance().database()).list(filter);
        return events ? *events : QList<UsageEvent>();
    }

    QJsonObject missionRequest(const QString &purpose, const QStringList &scopes, int ttl = 300)
    {
        return {{QStringLiteral("purpose"), purpose},
                {QStringLiteral("connection"), QStringLiteral("github")},
                {QStringLiteral("scopes"), QJsonArray::fromStringList(scopes)},
                {QStringLiteral("ttl_seconds"), ttl}};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString why;
        m_sandbox = BrokerFixture::startSandbox(&why);
        QVERIFY2(m_sandbox, qPrintable(why));
    }

    void init()
    {
        m_f = std::make_unique<BrokerFixture>(*m_sandbox);
        QString why;
        QVERIFY2(m_f->start(&why), qPrintable(why));
        m_key = m_f->addAgent(QStringLiteral("triage-bot"), &m_agentId);
        QVERIFY(m_key.startsWith(QStringLiteral("sa_")));
    }

    void cleanup() { m_f.reset(); }

    void healthNeedsNoKey()
    {
        const HttpResponse r = m_f->call("GET", QStringLiteral("/v1/health"), {});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
    }

    void onlyRequestsAddressedToThisMachineAreServed()
    {
        // What a browser sends after DNS rebinding: the attacker's host name.
        const HttpResponse rebound =
            m_f->call("GET", QStringLiteral("/v1/health"), {}, {}, {{"Host", "rebind.example:8731"}});
        QCOMPARE(rebound.status, 403);
        QCOMPARE(rebound.json().value(QStringLiteral("error")).toString(), QStringLiteral("host_not_allowed"));
        for (const QByteArray &host : {QByteArrayLiteral("localhost:8731"), QByteArrayLiteral("[::1]:8731")})
            QCOMPARE(m_f->call("GET", QStringLiteral("/v1/health"), {}, {}, {{"Host", host}}).status, 200);
    }

    void requestApproveUseRevoke()
    {
        // Asked for: pending, no token yet.
        const HttpResponse asked = m_f->requestMission(
            m_key, missionRequest(QStringLiteral("triage the issues of acme/web"), {QStringLiteral("repo")}, 600));
        QVERIFY2(asked.status == 201, asked.describe().constData());
        const QString id = asked.json().value(QStringLiteral("id")).toString();
        QVERIFY(id.startsWith(QStringLiteral("ms_")));
        QCOMPARE(asked.json().value(QStringLiteral("status")).toString(), QStringLiteral("pending"));
        QVERIFY(!asked.json().contains(QStringLiteral("mission_token")));
        QCOMPARE(asked.header("location"), QByteArray("/v1/missions/" + id.toLatin1()));

        const HttpResponse pending = m_f->call("GET", QStringLiteral("/v1/missions/") + id, m_key);
        QCOMPARE(pending.status, 200);
        QCOMPARE(pending.json().value(QStringLiteral("status")).toString(), QStringLiteral("pending"));

        // Approved by the operator: the upstream token is fetched first.
        const Expected<Mission> approved = m_f->approve(id);
        QVERIFY2(approved.ok(), approved.ok() ? "" : qPrintable(approved.error().message));
        const HttpResponse active = m_f->call("GET", QStringLiteral("/v1/missions/") + id, m_key);
        QCOMPARE(active.json().value(QStringLiteral("status")).toString(), QStringLiteral("active"));
        const QString token = active.json().value(QStringLiteral("mission_token")).toString();
        QVERIFY(token.startsWith(QStringLiteral("sm_")));
        QCOMPARE(token.size(), 3 + 43); // 32 bytes, base64url without padding
        QVERIFY(active.json().value(QStringLiteral("expires_at")).isString());
        QCOMPARE(active.json().value(QStringLiteral("scopes")).toArray(), QJsonArray{QStringLiteral("repo")});

        // Within scope: the upstream answers, through the broker.
        const HttpResponse issues = m_f->call("GET", QStringLiteral("/v1/proxy/github/repos/acme/web/issues"), token);
        QVERIFY2(issues.status == 200, issues.describe().constData());
        QVERIFY(issues.jsonArray().size() > 0);
        QCOMPARE(issues.header("x-accepted-oauth-scopes"), QByteArray("repo"));
        // The agent sees its mission's scopes, not the connection's twelve.
        QCOMPARE(issues.header("x-oauth-scopes"), QByteArray("repo"));
        QCOMPARE(issues.header("x-sanctum-mission"), id.toLatin1());

        // The token has been used: it is no longer handed out.
        const HttpResponse after = m_f->call("GET", QStringLiteral("/v1/missions/") + id, m_key);
        QVERIFY(!after.json().contains(QStringLiteral("mission_token")));
        QCOMPARE(after.json().value(QStringLiteral("token_delivered")).toBool(), true);

        // Outside scope: refused by the broker, before the upstream sees it.
        QVERIFY(m_f->armUpstreamFault(QStringLiteral("/user/emails"), QStringLiteral("GET")));
        const HttpResponse emails = m_f->call("GET", QStringLiteral("/v1/proxy/github/user/emails"), token);
        QCOMPARE(emails.status, 403);
        QCOMPARE(emails.json().value(QStringLiteral("error")).toString(), QStringLiteral("insufficient_scope"));
        QCOMPARE(emails.json().value(QStringLiteral("needed")).toArray(), QJsonArray{QStringLiteral("user:email")});
        QVERIFY(emails.header("www-authenticate").contains("insufficient_scope"));
        QCOMPARE(m_f->pendingFaults(), 1); // never reached the upstream
        m_f->clearFaults();

        // Revoked: the very next call is refused.
        const Expected<Mission> revoked =
            m_f->instance().missions().revoke(id, QStringLiteral("operator:test"), QStringLiteral("done here"));
        QVERIFY(revoked.ok());
        const HttpResponse refused = m_f->call("GET", QStringLiteral("/v1/proxy/github/repos/acme/web/issues"), token);
        QCOMPARE(refused.status, 401);
        QCOMPARE(refused.json().value(QStringLiteral("error")).toString(), QStringLiteral("invalid_token"));
        QCOMPARE(m_f->call("GET", QStringLiteral("/v1/missions/") + id, m_key).json().value(QStringLiteral("status")),
                 QJsonValue(QStringLiteral("revoked")));

        // Every decision is in the audit log, with who made it.
        const QList<AuditEvent> audit = auditOf(id);
        QCOMPARE(actionsOf(id),
                 (QStringList{QStringLiteral("mission.requested"),
                              QStringLiteral("mission.approved"),
                              QStringLiteral("mission.revoked")}));
        QCOMPARE(audit.at(1).actor, QStringLiteral("operator:test"));
        QCOMPARE(audit.at(2).details.value(QStringLiteral("reason")).toString(), QStringLiteral("done here"));

        // Usage: the allowed call and the denied one; the refused-after-revoke
        // call had no mission any more to be counted against.
        const QList<UsageEvent> usage = usageOf(id);
        QCOMPARE(usage.size(), 2);
        QCOMPARE(usage.at(1).outcome, UsageEvent::Outcome::Allowed);
        QCOMPARE(usage.at(1).scope, QStringLiteral("repo"));
        QCOMPARE(usage.at(1).pathTemplate, QStringLiteral("/repos/{owner}/{repo}/issues"));
        QCOMPARE(usage.at(1).status, 200);
        QCOMPARE(usage.at(1).acceptedScopes, QStringLiteral("repo"));
        QCOMPARE(usage.at(0).outcome, UsageEvent::Outcome::Denied);
        QCOMPARE(usage.at(0).scope, QStringLiteral("user:email"));
        QCOMPARE(usage.at(0).status, 403);
    }

    void expiresOnTheClockWithNoGrace()
    {
        QString why;
        const auto [id, token] = m_f->activeMission(m_key, {QStringLiteral("repo")}, 60, &why);
        QVERIFY2(!token.isEmpty(), qPrintable(why));
        QCOMPARE(m_f->call("GET", QStringLiteral("/v1/proxy/github/repos/acme/web"), token).status, 200);

        m_f->clock().advance(59'999);
        QCOMPARE(m_f->call("GET", QStringLiteral("/v1/proxy/github/repos/acme/web"), token).status, 200);
        m_f->clock().advance(1);
        QCOMPARE(m_f->call("GET", QStringLiteral("/v1/proxy/github/repos/acme/web"), token).status, 401);
        const Expected<Mission> m = m_f->instance().missions().get(id);
        QCOMPARE(m->state, MissionState::Expired);
        QCOMPARE(actionsOf(id).last(), QStringLiteral("mission.expired"));
    }

    void finishingEarlyKillsTheToken()
    {
        QString why;
        const auto [id, token] = m_f->activeMission(m_key, {QStringLiteral("repo")}, 600, &why);
        QVERIFY2(!token.isEmpty(), qPrintable(why));
        const HttpResponse done = m_f->call("DELETE", QStringLiteral("/v1/missions/") + id, m_key);
        QCOMPARE(done.status, 200);
        QCOMPARE(done.json().value(QStringLiteral("status")).toString(), QStringLiteral("completed"));
        QCOMPARE(m_f->call("GET", QStringLiteral("/v1/proxy/github/repos/acme/web"), token).status, 401);
        // Finishing twice is a conflict, not a second completion.
        QCOMPARE(m_f->call("DELETE", QStringLiteral("/v1/missions/") + id, m_key).status, 409);
    }

    void longPollAnswersWhenTheOperatorDecides()
    {
        const HttpResponse asked = m_f->requestMission(
            m_key, missionRequest(QStringLiteral("label new issues in acme/web"), {QStringLiteral("repo")}, 300));
        const QString id = asked.json().value(QStringLiteral("id")).toString();
        QNetworkRequest r(m_f->url(QStringLiteral("/v1/missions/%1?wait=30").arg(id)));
        r.setRawHeader("Authorization", "Bearer " + m_key.toLatin1());
        QElapsedTimer timer;
        timer.start();
        std::unique_ptr<QNetworkReply> reply(m_f->http().manager().get(r));
        QSignalSpy finished(reply.get(), &QNetworkReply::finished);
        QTest::qWait(300);
        QVERIFY(finished.isEmpty()); // held while pending
        QVERIFY(m_f->approve(id).ok());
        QVERIFY(finished.wait(5000));
        QVERIFY(timer.elapsed() < 10'000);
        const QJsonObject body = QJsonDocument::fromJson(reply->readAll()).object();
        QCOMPARE(body.value(QStringLiteral("status")).toString(), QStringLiteral("active"));
        QVERIFY(body.value(QStringLiteral("mission_token")).toString().startsWith(QStringLiteral("sm_")));
    }

    void longPollEndsAfterTheWait()
    {
        const HttpResponse asked = m_f->requestMission(
            m_key, missionRequest(QStringLiteral("label new issues in acme/web"), {QStringLiteral("repo")}, 300));
        const QString id = asked.json().value(QStringLiteral("id")).toString();
        const HttpResponse waited = m_f->call("GET", QStringLiteral("/v1/missions/%1?wait=1").arg(id), m_key);
        QCOMPARE(waited.status, 200);
        QCOMPARE(waited.json().value(QStringLiteral("status")).toString(), QStringLiteral("pending"));
        QVERIFY(waited.elapsedMs >= 900);
    }

    void requestsLapseWhenNobodyDecides()
    {
        const HttpResponse asked = m_f->requestMission(
            m_key, missionRequest(QStringLiteral("label new issues in acme/web"), {QStringLiteral("repo")}, 300));
        const QString id = asked.json().value(QStringLiteral("id")).toString();
        m_f->clock().advance(qint64(Policy::kDefaultRequestExpiry) * 1000);
        QCOMPARE(m_f->instance().missions().get(id)->state, MissionState::Expired);
        QCOMPARE(m_f->approve(id).error().code, QStringLiteral("conflict"));
    }

    void policyApprovesLowRiskMissionsAtOnce()
    {
        QVERIFY(m_f->instance()
                    .policies()
                    .set(QStringLiteral("github"),
                         {{QStringLiteral("auto_approve_scopes"), QJsonArray{QStringLiteral("read:org")}}},
                         QStringLiteral("operator:test"))
                    .ok());
        const HttpResponse asked = m_f->requestMission(
            m_key, missionRequest(QStringLiteral("list the teams of acme"), {QStringLiteral("read:org")}, 300));
        QCOMPARE(asked.status, 201);
        QCOMPARE(asked.json().value(QStringLiteral("status")).toString(), QStringLiteral("active"));
        const QString token = asked.json().value(QStringLiteral("mission_token")).toString();
        QCOMPARE(m_f->call("GET", QStringLiteral("/v1/proxy/github/orgs/acme/teams"), token).status, 200);
        const QString id = asked.json().value(QStringLiteral("id")).toString();
        QCOMPARE(auditOf(id).at(1).actor, QStringLiteral("policy"));
    }

    void dangerousScopesNeedAnApprovalPerCall()
    {
        QString why;
        const auto [id, token] =
            m_f->activeMission(m_key, {QStringLiteral("repo"), QStringLiteral("delete_repo")}, 600, &why);
        QVERIFY2(!token.isEmpty(), qPrintable(why));
        const Expected<Mission> m = m_f->instance().missions().get(id);
        QCOMPARE(m->request.scopes, ScopeSet{QStringLiteral("repo")});
        QCOMPARE(m->stepUpScopes, ScopeSet{QStringLiteral("delete_repo")});

        for (const QString &name : {QStringLiteral("scratch-1"), QStringLiteral("scratch-2")}) {
            const HttpResponse created = m_f->call("POST",
                                                   QStringLiteral("/v1/proxy/github/user/repos"),
                                                   token,
                                                   QJsonDocument(QJsonObject{{QStringLiteral("name"), name}}).toJson());
            QVERIFY2(created.status == 201, created.describe().constData());
        }

        StepUpGate &gate = m_f->instance().stepUp();
        QSignalSpy asked(&gate, &StepUpGate::requested);
        auto deleteRepo = [&](const QString &name) {
            QNetworkRequest r(m_f->url(QStringLiteral("/v1/proxy/github/repos/alice/") + name));
            r.setRawHeader("Authorization", "Bearer " + token.toLatin1());
            return std::unique_ptr<QNetworkReply>(m_f->http().manager().sendCustomRequest(r, "DELETE"));
        };

        // Approved once: that one call goes through.
        std::unique_ptr<QNetworkReply> first = deleteRepo(QStringLiteral("scratch-1"));
        QVERIFY(asked.wait(5000));
        const StepUpRequest e = asked.first().first().value<StepUpRequest>();
        QCOMPARE(e.scope, QStringLiteral("delete_repo"));
        QCOMPARE(e.pathTemplate, QStringLiteral("/repos/{owner}/{repo}"));
        QVERIFY(!first->isFinished());
        QVERIFY(gate.approve(e.id, QStringLiteral("operator:test")).ok());
        QTRY_VERIFY_WITH_TIMEOUT(first->isFinished(), 5000);
        QCOMPARE(first->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 204);

        // The step-up was spent: the next such call asks again, and a
        // refusal stops it before the upstream.
        std::unique_ptr<QNetworkReply> second = deleteRepo(QStringLiteral("scratch-2"));
        QVERIFY(asked.wait(5000));
        const StepUpRequest e2 = asked.last().first().value<StepUpRequest>();
        QVERIFY(e2.id != e.id);
        QVERIFY(gate.deny(e2.id, QStringLiteral("operator:test"), QStringLiteral("not today")).ok());
        QTRY_VERIFY_WITH_TIMEOUT(second->isFinished(), 5000);
        QCOMPARE(second->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 403);
        QCOMPARE(QJsonDocument::fromJson(second->readAll()).object().value(QStringLiteral("error")).toString(),
                 QStringLiteral("step_up_denied"));
        QVERIFY(actionsOf(id).contains(QStringLiteral("mission.step_up_approved")));
        QVERIFY(actionsOf(id).contains(QStringLiteral("mission.step_up_denied")));
    }

    void revokeAllCutsEveryAgentOff()
    {
        QString otherId;
        const QString other = m_f->addAgent(QStringLiteral("release-bot"), &otherId);
        QString why;
        const auto a = m_f->activeMission(m_key, {QStringLiteral("repo")}, 600, &why);
        const auto b = m_f->activeMission(other, {QStringLiteral("repo")}, 600, &why);
        QVERIFY2(!a.second.isEmpty() && !b.second.isEmpty(), qPrintable(why));
        const HttpResponse pending = m_f->requestMission(
            other, missionRequest(QStringLiteral("cut the 1.2 release"), {QStringLiteral("repo")}, 300));
        const Expected<QList<Mission>> revoked =
            m_f->instance().missions().revokeAll(QStringLiteral("operator:test"), QStringLiteral("panic"));
        QVERIFY(revoked.ok());
        QCOMPARE(revoked->size(), 3);
        QCOMPARE(m_f->call("GET", QStringLiteral("/v1/proxy/github/repos/acme/web"), a.second).status, 401);
        QCOMPARE(m_f->call("GET", QStringLiteral("/v1/proxy/github/repos/acme/web"), b.second).status, 401);
        const QString pendingId = pending.json().value(QStringLiteral("id")).toString();
        QCOMPARE(m_f->instance().missions().get(pendingId)->state, MissionState::Denied);
        QCOMPARE(m_f->instance().missions().activeCount(), 0);
    }

    void removingAnAgentEndsItsMissions()
    {
        QString why;
        const auto [id, token] = m_f->activeMission(m_key, {QStringLiteral("repo")}, 600, &why);
        QVERIFY2(!token.isEmpty(), qPrintable(why));
        QVERIFY(m_f->instance().agents().remove(m_agentId, QStringLiteral("operator:test"), {}).ok());
        QCOMPARE(m_f->call("GET", QStringLiteral("/v1/proxy/github/repos/acme/web"), token).status, 401);
        QCOMPARE(m_f->instance().missions().get(id)->state, MissionState::Revoked);
        // And the key no longer opens anything.
        QCOMPARE(m_f->call("GET", QStringLiteral("/v1/missions/") + id, m_key).status, 401);
    }

    void theLastMissionTakesTheUpstreamTokenWithIt()
    {
        // The operator's GitHub OAuth app is known: tokens can be revoked upstream.
        bool configured = false;
        m_f->instance().session().setUpstreamRevocation(
            QStringLiteral("github"),
            {m_sandbox->upstream(), m_sandbox->upstreamClientId(), m_sandbox->upstreamClientSecret().toUtf8()},
            QStringLiteral("operator:test"),
            [&](Status s) { configured = s.ok(); });
        QTRY_VERIFY_WITH_TIMEOUT(configured, 5000);
        auto liveUpstreamTokens = [&] {
            const QJsonArray tokens =
                QJsonDocument::fromJson(m_f->http().get(m_sandbox->controlUrl(QStringLiteral("/state"))).body)
                    .object()
                    .value(QStringLiteral("upstream_tokens"))
                    .toArray();
            int live = 0;
            for (const QJsonValue &t : tokens)
                live += !t.toObject().value(QStringLiteral("revoked")).toBool() &&
                        t.toObject().value(QStringLiteral("user")).toString() == QStringLiteral("auth0|alice");
            return live;
        };

        QString why;
        const auto a = m_f->activeMission(m_key, {QStringLiteral("repo")}, 600, &why);
        const auto b = m_f->activeMission(m_key, {QStringLiteral("repo")}, 600, &why);
        QVERIFY2(!a.second.isEmpty() && !b.second.isEmpty(), qPrintable(why));
        QCOMPARE(m_f->call("GET", QStringLiteral("/v1/proxy/github/repos/acme/web"), a.second).status, 200);
        QCOMPARE(liveUpstreamTokens(), 1);

        // Another mission still needs it: it stays.
        QVERIFY(m_f->instance().missions().revoke(a.first, QStringLiteral("operator:test"), {}).ok());
        QCOMPARE(m_f->call("GET", QStringLiteral("/v1/proxy/github/repos/acme/web"), b.second).status, 200);
        QCOMPARE(liveUpstreamTokens(), 1);

        // The last one ends: the upstream token is revoked at the upstream.
        QVERIFY(m_f->instance().missions().revoke(b.first, QStringLiteral("operator:test"), {}).ok());
        QTRY_COMPARE_WITH_TIMEOUT(liveUpstreamTokens(), 0, 5000);

        // A new mission gets a fresh upstream token and works.
        const auto c = m_f->activeMission(m_key, {QStringLiteral("repo")}, 600, &why);
        QVERIFY2(!c.second.isEmpty(), qPrintable(why));
        QCOMPARE(m_f->call("GET", QStringLiteral("/v1/proxy/github/repos/acme/web"), c.second).status, 200);
    }

    void missionsSurviveARestart()
    {
        QString why;
        const auto [id, token] = m_f->activeMission(m_key, {QStringLiteral("repo")}, 600, &why);
        QVERIFY2(!token.isEmpty(), qPrintable(why));
        // A second registry over the same store (as after a restart) knows
        // the token by its hash alone.
        MissionRegistry again(m_f->instance().database(),
                              m_f->instance().audit(),
                              m_f->instance().policies(),
                              m_f->instance().session(),
                              m_f->instance().scopeMaps(),
                              m_f->instance().stepUp(),
                              m_f->clock());
        QVERIFY(again.load().ok());
        QCOMPARE(again.activeCount(), 1);
        const Expected<MissionGrant> grant = again.authorize(token.toLatin1());
        QVERIFY(grant.ok());
        QCOMPARE(grant->missionId, id);
        QVERIFY(again.undeliveredToken(id).isEmpty()); // the token itself was never stored
        QVERIFY(!again.authorize(QByteArray("sm_" + QByteArray(43, 'A'))).ok());
    }
};

QTEST_GUILESS_MAIN(TestBrokerFlow)
#include "tst_broker_flow.moc"
