// AgentActions: the interface's add, key rotation and removal of agents, each
// checked where it counts — what the registry then accepts, what the
// missions become and what the audit log says.
#include "services/agents/agentregistry.h"
#include "services/missions/missionregistry.h"
#include "store/auditlog.h"
#include "ui/agentactions.h"
#include "uifixture.h"

#include <QSignalSpy>
#include <QTest>

using namespace sanctum;
using namespace sanctum::test;

namespace {
const QString kGui = QStringLiteral("operator:gui");
} // namespace

class TestAgentActions : public QObject {
    Q_OBJECT

    std::unique_ptr<UiFixture> m_fx;

    std::optional<Agent> holderOf(const QString &key)
    {
        const Expected<std::optional<Agent>> a = m_fx->instance().agents().authenticate(key);
        if (!a)
            qWarning("authenticate failed");
        return a ? *a : std::nullopt;
    }

    QList<AuditEvent> audited(const QString &action)
    {
        AuditQuery q;
        q.actionPrefix = action;
        q.limit = 1000;
        const Expected<QList<AuditEvent>> events = m_fx->instance().audit().list(q);
        return events ? *events : QList<AuditEvent>();
    }

private Q_SLOTS:
    void init()
    {
        m_fx = std::make_unique<UiFixture>();
        QString why;
        QVERIFY2(m_fx->open(&why), qPrintable(why));
    }

    void cleanup() { m_fx.reset(); }

    void addReturnsAWorkingKeyOnce()
    {
        AgentActions actions(m_fx->instance().agents(), m_fx->instance().missions());
        QSignalSpy notices(&actions, &AgentActions::notice);
        QSignalSpy added(&actions, &AgentActions::agentAdded);
        const QString key = actions.add(QStringLiteral("  triage-bot "));
        QVERIFY(key.startsWith(QStringLiteral("sa_")));
        QVERIFY(actions.errorString().isEmpty());

        const std::optional<Agent> holder = holderOf(key);
        QVERIFY(holder.has_value());
        QCOMPARE(holder->name, QStringLiteral("triage-bot")); // trimmed
        QCOMPARE(added.size(), 1);
        QCOMPARE(added.first().at(0).toString(), holder->id);
        // Only the hash is kept: the key is in no notice and nowhere in the store's agent.
        QCOMPARE(notices.size(), 1);
        QVERIFY(!notices.first().at(0).toString().contains(key));
        QVERIFY(holder->keyHash != key && !holder->keyHash.contains(key.mid(3)));

        const QList<AuditEvent> events = audited(QStringLiteral("agent.added"));
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().actor, kGui);
        QCOMPARE(events.first().subjectId, holder->id);
        QVERIFY(!events.first().detailsJson.contains(key.toUtf8()));

        // A second agent gets a key of its own.
        const QString other = actions.add(QStringLiteral("review-bot"));
        QVERIFY(other.startsWith(QStringLiteral("sa_")));
        QVERIFY(other != key);
    }

    void badNamesAreExplainedInWords()
    {
        AgentActions actions(m_fx->instance().agents(), m_fx->instance().missions());
        QSignalSpy errors(&actions, &AgentActions::errorStringChanged);
        QVERIFY(actions.add(QStringLiteral("no spaces!")).isEmpty());
        QVERIFY(actions.errorString().contains(QStringLiteral("“no spaces!” cannot be an agent name")));
        QVERIFY(!actions.errorString().contains(QStringLiteral("invalid_name")));
        QVERIFY(actions.add(QStringLiteral("   ")).isEmpty());
        QCOMPARE(actions.errorString(), QStringLiteral("Give the agent a name."));
        QCOMPARE(m_fx->instance().agents().count().value(), 0);

        QVERIFY(!actions.add(QStringLiteral("dup-bot")).isEmpty());
        QVERIFY(actions.errorString().isEmpty()); // a success clears the last error
        QVERIFY(actions.add(QStringLiteral("dup-bot")).isEmpty());
        QVERIFY(actions.errorString().contains(QStringLiteral("already an agent named “dup-bot”")));
        QCOMPARE(m_fx->instance().agents().count().value(), 1);
        QVERIFY(errors.size() >= 4);
        QVERIFY(audited(QStringLiteral("agent.added")).size() == 1);
    }

    void rotationRefusesTheOldKey()
    {
        AgentActions actions(m_fx->instance().agents(), m_fx->instance().missions());
        const QString oldKey = actions.add(QStringLiteral("rotating-bot"));
        const std::optional<Agent> agent = holderOf(oldKey);
        QVERIFY(agent.has_value());

        const QString newKey = actions.rotateKey(agent->id);
        QVERIFY(newKey.startsWith(QStringLiteral("sa_")));
        QVERIFY(newKey != oldKey);
        QVERIFY(!holderOf(oldKey).has_value());
        QCOMPARE(holderOf(newKey).value().id, agent->id);

        const QList<AuditEvent> events = audited(QStringLiteral("agent.key_rotated"));
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().actor, kGui);
        QCOMPARE(events.first().subjectId, agent->id);

        QVERIFY(actions.rotateKey(QStringLiteral("ag_nobody")).isEmpty());
        QVERIFY(actions.errorString().contains(QStringLiteral("no longer exists")));
    }

    void removalRevokesTheAgentsMissionsAsTheOperator()
    {
        const QString keptId = m_fx->addAgent(QStringLiteral("kept-bot"));
        AgentActions actions(m_fx->instance().agents(), m_fx->instance().missions());
        const QString key = actions.add(QStringLiteral("gone-bot"));
        const QString id = holderOf(key).value().id;
        m_fx->insertMission(id, MissionState::Active, {QStringLiteral("repo")}, UiFixture::start(), 3600);
        m_fx->insertMission(keptId, MissionState::Active, {QStringLiteral("repo")}, UiFixture::start(), 3600);
        QString why;
        QVERIFY2(m_fx->reopen(&why), qPrintable(why)); // the registry loads the active ones
        AgentActions reopened(m_fx->instance().agents(), m_fx->instance().missions());
        const Mission pending = m_fx->request(id, {QStringLiteral("gist")});

        QVERIFY(!reopened.remove(id, QStringLiteral("  ")));
        QVERIFY(reopened.errorString().contains(QStringLiteral("Say why")));
        QVERIFY(holderOf(key).has_value());

        QSignalSpy notices(&reopened, &AgentActions::notice);
        QVERIFY(reopened.remove(id, QStringLiteral("leaked its key")));
        QVERIFY(!holderOf(key).has_value());
        QCOMPARE(notices.size(), 1);
        QVERIFY(notices.first().at(0).toString().contains(QStringLiteral("ended its 2 live mission")));

        // The active mission is revoked, the pending one denied (what
        // revoking a pending mission means); another agent's is untouched.
        MissionFilter all;
        all.limit = 100;
        const QList<Mission> missions = m_fx->instance().missions().list(all).value();
        QCOMPARE(missions.size(), 3);
        for (const Mission &m : missions) {
            if (m.agentId != id)
                QCOMPARE(m.state, MissionState::Active);
            else if (m.id == pending.id)
                QCOMPARE(m.state, MissionState::Denied);
            else
                QCOMPARE(m.state, MissionState::Revoked);
        }

        // Who and why, on the removal and on each mission it ended.
        const QList<AuditEvent> removals = audited(QStringLiteral("agent.removed"));
        QCOMPARE(removals.size(), 1);
        QCOMPARE(removals.first().actor, kGui);
        QCOMPARE(removals.first().details.value(QStringLiteral("reason")).toString(), QStringLiteral("leaked its key"));
        const QList<AuditEvent> ended =
            audited(QStringLiteral("mission.revoked")) + audited(QStringLiteral("mission.denied"));
        QCOMPARE(ended.size(), 2);
        for (const AuditEvent &e : ended) {
            QCOMPARE(e.actor, kGui);
            QVERIFY2(e.detailsJson.contains("leaked its key"), e.detailsJson.constData());
        }

        QVERIFY(!reopened.remove(id, QStringLiteral("again")));
        QVERIFY(reopened.errorString().contains(QStringLiteral("no longer exists")));
    }
};

QTEST_GUILESS_MAIN(TestAgentActions)
#include "tst_agentactions.moc"
