// The operator is one person with two doors, the window and sanctumctl:
// the audit log names the door they came through, and a reason is judged by
// one rule whichever door it came through.
#include "admin/admincommands.h"
#include "admin/agentcommands.h"
#include "admin/missioncommands.h"
#include "brokerfixture.h"
#include "domain/actor.h"
#include "services/agents/agentregistry.h"
#include "services/missions/missionregistry.h"
#include "services/session/tenantsession.h"
#include "store/auditlog.h"
#include "ui/agentactions.h"
#include "ui/sessioncontroller.h"
#include "ui/uicontroller.h"

#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace sanctum;
using namespace sanctum::test;

class TestOperatorRules : public QObject {
    Q_OBJECT

    std::unique_ptr<SandboxTenant> m_sandbox;
    std::unique_ptr<BrokerFixture> m_f;
    AdminCommands m_admin;

    // The newest audit entry for `action`.
    std::optional<AuditEvent> newest(const QString &action)
    {
        AuditQuery q;
        q.actionPrefix = action;
        q.newestFirst = true;
        q.limit = 1;
        const Expected<QList<AuditEvent>> events = m_f->instance().audit().list(q);
        if (!events || events->isEmpty())
            return std::nullopt;
        return events->first();
    }

    // An admin-socket command, answered in this process as the socket would.
    QJsonObject admin(const QString &cmd, const QJsonObject &args)
    {
        std::optional<QJsonObject> reply;
        m_admin.handle({{QStringLiteral("cmd"), cmd}, {QStringLiteral("args"), args}},
                       [&](const QJsonObject &r) { reply = r; });
        if (!QTest::qWaitFor([&] { return reply.has_value(); }, 10000))
            return {{QStringLiteral("error"), QStringLiteral("no_reply")}};
        return *reply;
    }

    bool agentExists(const QString &id)
    {
        const Expected<std::optional<Agent>> a = m_f->instance().agents().find(id);
        return a && a->has_value();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString why;
        m_sandbox = BrokerFixture::startSandbox(&why);
        QVERIFY2(m_sandbox, qPrintable(why));
        m_f = std::make_unique<BrokerFixture>(*m_sandbox);
        QVERIFY2(m_f->start(&why), qPrintable(why));
        AgentCommands::registerInto(m_admin, m_f->instance().agents());
        MissionCommands::registerInto(m_admin, m_f->instance().services());
    }

    void windowSignInAndOutAreAuditedAsTheWindow()
    {
        SessionController window(m_f->instance().session());
        TenantSession &session = m_f->instance().session();
        QCOMPARE(window.state(), QStringLiteral("signed_in"));

        window.signOut();
        QTRY_COMPARE_WITH_TIMEOUT(session.state(), TenantSession::State::SignedOut, 20000);
        const std::optional<AuditEvent> out = newest(QStringLiteral("operator.signed_out"));
        QVERIFY(out);
        QCOMPARE(out->actor, Actor::operatorGui());

        window.signInWithBrowser(QStringLiteral("alice"));
        QTRY_COMPARE_WITH_TIMEOUT(session.state(), TenantSession::State::SignedIn, 30000);
        const std::optional<AuditEvent> in = newest(QStringLiteral("operator.signed_in"));
        QVERIFY(in);
        QVERIFY(in->seq > out->seq);
        QCOMPARE(in->actor, Actor::operatorGui());
        QCOMPARE(window.state(), QStringLiteral("signed_in"));
    }

    void cliSignOutIsAuditedAsTheCli()
    {
        TenantSession &session = m_f->instance().session();
        session.logout(Actor::operatorCli());
        QTRY_COMPARE_WITH_TIMEOUT(session.state(), TenantSession::State::SignedOut, 20000);
        QCOMPARE(newest(QStringLiteral("operator.signed_out"))->actor, Actor::operatorCli());
        session.loginWithBrowser(QStringLiteral("alice"), Actor::operatorCli());
        QTRY_COMPARE_WITH_TIMEOUT(session.state(), TenantSession::State::SignedIn, 30000);
        QCOMPARE(newest(QStringLiteral("operator.signed_in"))->actor, Actor::operatorCli());
    }

    void removingAnAgentNeedsTheSameReasonEverywhere_data()
    {
        QTest::addColumn<QString>("reason");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("none") << QString() << false;
        QTest::newRow("only spaces") << QStringLiteral("   ") << false;
        QTest::newRow("one word") << QStringLiteral("retired") << true;
        QTest::newRow("at the limit") << QString(1000, QLatin1Char('r')) << true;
        QTest::newRow("past the limit") << QString(1001, QLatin1Char('r')) << false;
    }

    void removingAnAgentNeedsTheSameReasonEverywhere()
    {
        QFETCH(QString, reason);
        QFETCH(bool, accepted);
        QString viaWindow;
        QString viaCli;
        m_f->addAgent(QStringLiteral("w-") +
                          QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-')),
                      &viaWindow);
        m_f->addAgent(QStringLiteral("c-") +
                          QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-')),
                      &viaCli);
        QVERIFY(!viaWindow.isEmpty() && !viaCli.isEmpty());

        AgentActions window(m_f->instance().agents(), m_f->instance().missions());
        QCOMPARE(window.remove(viaWindow, reason), accepted);
        QCOMPARE(agentExists(viaWindow), !accepted);

        const QJsonObject reply = admin(QStringLiteral("agents.remove"),
                                        {{QStringLiteral("agent"), viaCli}, {QStringLiteral("reason"), reason}});
        QCOMPARE(reply.value(QStringLiteral("ok")).toBool(), accepted);
        if (!accepted)
            QCOMPARE(reply.value(QStringLiteral("error")).toString(), QStringLiteral("invalid_argument"));
        QCOMPARE(agentExists(viaCli), !accepted);
    }

    void revokingEverythingNeedsAReasonEverywhere()
    {
        const QString key = m_f->addAgent(QStringLiteral("panic-target"));
        QString why;
        const auto [id, token] = m_f->activeMission(key, {QStringLiteral("repo:status")}, 600, &why);
        QVERIFY2(!id.isEmpty(), qPrintable(why));

        UiController window(m_f->instance().services());
        QCOMPARE(window.revokeAll(QStringLiteral("  ")), -1);
        QVERIFY(!window.errorString().isEmpty());
        const QJsonObject refused =
            admin(QStringLiteral("missions.revoke_all"), {{QStringLiteral("reason"), QString()}});
        QCOMPARE(refused.value(QStringLiteral("error")).toString(), QStringLiteral("invalid_argument"));
        QCOMPARE(m_f->instance().missions().get(id)->state, MissionState::Active);

        QCOMPARE(window.revokeAll(QString(1001, QLatin1Char('x'))), -1);
        QCOMPARE(m_f->instance().missions().get(id)->state, MissionState::Active);

        QCOMPARE(window.revokeAll(QStringLiteral("drill")), 1);
        QCOMPARE(m_f->instance().missions().get(id)->state, MissionState::Revoked);
        QCOMPARE(newest(QStringLiteral("mission.revoke"))->actor, Actor::operatorGui());
    }

    void cleanupTestCase()
    {
        m_f.reset();
        m_sandbox.reset();
    }
};

QTEST_MAIN(TestOperatorRules)
#include "tst_operatorrules.moc"
