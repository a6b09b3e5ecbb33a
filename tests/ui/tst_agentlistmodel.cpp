// AgentListModel: the agents, each with its missions and what it holds
// against what it uses, changed one row and only the moved roles at a time.
#include "services/agents/agentregistry.h"
#include "services/missions/missionregistry.h"
#include "ui/agentlistmodel.h"
#include "uifixture.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace sanctum;
using namespace sanctum::test;

class TestAgentListModel : public QObject {
    Q_OBJECT

    std::unique_ptr<UiFixture> m_fx;
    QString m_alice;
    QString m_bob;
    QString m_carol;

    std::unique_ptr<AgentListModel> makeModel()
    {
        auto model = std::make_unique<AgentListModel>(
            m_fx->instance().agents(), m_fx->instance().missions(), m_fx->instance().usage(), m_fx->usageLoader());
        new QAbstractItemModelTester(model.get(), QAbstractItemModelTester::FailureReportingMode::Fatal, model.get());
        if (!UiFixture::loaded(*model))
            qWarning("the usage snapshot did not come");
        return model;
    }

    static QVariant value(const AgentListModel &model, int row, int role) { return model.data(model.index(row), role); }

private Q_SLOTS:
    void init()
    {
        m_fx = std::make_unique<UiFixture>();
        QString why;
        QVERIFY2(m_fx->open(&why), qPrintable(why));
        // Added out of order; the list is by name.
        m_carol = m_fx->addAgent(QStringLiteral("carol-bot"));
        m_alice = m_fx->addAgent(QStringLiteral("alice-bot"));
        m_bob = m_fx->addAgent(QStringLiteral("Bob-bot"));
    }

    void cleanup() { m_fx.reset(); }

    void loadsAgentsWithMissionsAndScopes()
    {
        m_fx->insertMission(
            m_alice, MissionState::Active, {QStringLiteral("repo"), QStringLiteral("gist")}, at(11), 3600);
        m_fx->insertMission(m_alice,
                            MissionState::Revoked,
                            {QStringLiteral("read:org")},
                            at(10),
                            3600,
                            {QStringLiteral("delete_repo")});
        m_fx->insertMission(m_alice, MissionState::Denied, {QStringLiteral("user")}, at(10));
        m_fx->request(m_alice, {QStringLiteral("notifications")});
        m_fx->request(m_bob, {QStringLiteral("repo")});
        QVERIFY(m_fx->record({
            UiFixture::usage(m_alice, QStringLiteral("repo"), at(11, 30)),
            UiFixture::usage(m_alice, QStringLiteral("user:email"), at(11, 40), UsageEvent::Outcome::Denied),
            UiFixture::usage(m_alice, QStringLiteral("gist"), at(11, 45), UsageEvent::Outcome::Failed),
        }));

        auto model = makeModel();
        QCOMPARE(model->rowCount(), 3);
        QCOMPARE(model->idAt(0), m_alice);
        QCOMPARE(model->idAt(1), m_bob); // by name, ignoring case
        QCOMPARE(model->idAt(2), m_carol);

        using A = AgentListModel;
        QCOMPARE(value(*model, 0, A::NameRole).toString(), QStringLiteral("alice-bot"));
        QVERIFY(value(*model, 0, A::KeyPrefixRole).toString().startsWith(QStringLiteral("sa_")));
        QCOMPARE(value(*model, 0, A::CreatedAtRole).toDateTime(), UiFixture::start());
        QCOMPARE(value(*model, 0, A::ActiveMissionsRole).toInt(), 1);
        QCOMPARE(value(*model, 0, A::PendingMissionsRole).toInt(), 1);
        // Granted: the active and the revoked mission, step-up scope included;
        // not the denied or the pending one.
        QCOMPARE(value(*model, 0, A::GrantedScopesRole).toStringList(),
                 QStringList({QStringLiteral("delete_repo"),
                              QStringLiteral("gist"),
                              QStringLiteral("read:org"),
                              QStringLiteral("repo")}));
        QCOMPARE(value(*model, 0, A::UsedScopesRole).toStringList(), QStringList{QStringLiteral("repo")});
        QCOMPARE(value(*model, 0, A::UnusedScopesRole).toStringList(),
                 QStringList({QStringLiteral("delete_repo"), QStringLiteral("gist"), QStringLiteral("read:org")}));
        QCOMPARE(value(*model, 0, A::DeniedScopesRole).toStringList(), QStringList{QStringLiteral("user:email")});
        QCOMPARE(value(*model, 0, A::LastSeenAtRole).toDateTime(), at(11, 40));
        QCOMPARE(value(*model, 1, A::PendingMissionsRole).toInt(), 1);
        QCOMPARE(value(*model, 2, A::ActiveMissionsRole).toInt(), 0);
        QVERIFY(!value(*model, 2, A::LastSeenAtRole).toDateTime().isValid());

        const QList<QByteArray> names = model->roleNames().values();
        for (const char *name :
             {"id", "name", "keyPrefix", "createdAt", "lastSeenAt", "activeMissions", "grantedScopes", "usedScopes"})
            QVERIFY2(names.contains(QByteArray(name)), name);
    }

    void aNewAgentInsertsOneRowInItsPlace()
    {
        auto model = makeModel();
        ModelSignals spy(model.get());
        const QString dave = m_fx->addAgent(QStringLiteral("bz-bot"));
        QCOMPARE(spy.rowsInserted.size(), 1);
        QCOMPARE(spy.rowsInserted.first().at(1).toInt(), 2); // after Bob-bot, before carol-bot
        QVERIFY(spy.modelReset.isEmpty() && spy.layoutChanged.isEmpty() && spy.dataChanged.isEmpty());
        QCOMPARE(model->idAt(2), dave);

        spy.clear();
        QVERIFY(m_fx->instance().agents().remove(m_bob, QStringLiteral("operator:test"), {}).ok());
        QCOMPARE(spy.rowsRemoved.size(), 1);
        QCOMPARE(spy.rowsRemoved.first().at(1).toInt(), 1);
        QVERIFY(spy.modelReset.isEmpty() && spy.layoutChanged.isEmpty());
        QCOMPARE(model->rowCount(), 3);
    }

    void aMissionChangesOnlyItsAgentsCounts()
    {
        const Mission active =
            m_fx->insertMission(m_carol, MissionState::Active, {QStringLiteral("gist")}, at(11, 50), 3600);
        auto model = makeModel();
        QCOMPARE(value(*model, 2, AgentListModel::ActiveMissionsRole).toInt(), 1);
        ModelSignals spy(model.get());

        const Mission m = m_fx->request(m_bob, {QStringLiteral("repo")});
        QVERIFY(spy.structureUntouched());
        QCOMPARE(changedRows(spy.dataChanged), QList<int>{1});
        QCOMPARE(changedRoles(spy.dataChanged).first(), QList<int>{AgentListModel::PendingMissionsRole});
        QCOMPARE(value(*model, 1, AgentListModel::PendingMissionsRole).toInt(), 1);

        spy.clear();
        QVERIFY(m_fx->instance().missions().deny(m.id, QStringLiteral("operator:test"), {}).ok());
        QCOMPARE(changedRows(spy.dataChanged), QList<int>{1});
        QCOMPARE(value(*model, 1, AgentListModel::PendingMissionsRole).toInt(), 0);

        // An active mission ends: its agent's active count, nothing else
        // (what it held was already counted as granted).
        spy.clear();
        QVERIFY(m_fx->instance().missions().revoke(active.id, QStringLiteral("operator:test"), {}).ok());
        QVERIFY(spy.structureUntouched());
        QCOMPARE(changedRows(spy.dataChanged), QList<int>{2});
        QCOMPARE(changedRoles(spy.dataChanged).first(), QList<int>{AgentListModel::ActiveMissionsRole});
        QCOMPARE(value(*model, 2, AgentListModel::ActiveMissionsRole).toInt(), 0);

        // A mission granted after loading adds its scopes to the agent's grant.
        const Mission later =
            m_fx->insertMission(m_carol, MissionState::Active, {QStringLiteral("project")}, at(11, 55), 3600);
        spy.clear();
        QVERIFY(m_fx->instance().missions().revoke(later.id, QStringLiteral("operator:test"), {}).ok());
        QVERIFY(spy.structureUntouched());
        QCOMPARE(changedRows(spy.dataChanged), QList<int>{2});
        QCOMPARE(changedRoles(spy.dataChanged).first(),
                 QList<int>({AgentListModel::GrantedScopesRole, AgentListModel::UnusedScopesRole}));
        QCOMPARE(value(*model, 2, AgentListModel::GrantedScopesRole).toStringList(),
                 QStringList({QStringLiteral("gist"), QStringLiteral("project")}));
    }

    void aUsageBatchTouchesOnlyItsAgentsRows()
    {
        m_fx->insertMission(
            m_alice, MissionState::Active, {QStringLiteral("repo"), QStringLiteral("gist")}, at(11), 3600);
        auto model = makeModel();
        ModelSignals spy(model.get());
        QVERIFY(m_fx->record({
            UiFixture::usage(m_alice, QStringLiteral("repo"), at(12, 0)),
            UiFixture::usage(m_alice, QStringLiteral("repo"), at(12, 1)),
            UiFixture::usage(m_carol, QStringLiteral("user:email"), at(12, 2), UsageEvent::Outcome::Denied),
        }));
        QVERIFY(spy.structureUntouched());
        QCOMPARE(changedRows(spy.dataChanged), QList<int>({0, 2})); // not Bob
        const QList<QList<int>> roles = changedRoles(spy.dataChanged);
        QCOMPARE(roles.at(0),
                 QList<int>({AgentListModel::LastSeenAtRole,
                             AgentListModel::UsedScopesRole,
                             AgentListModel::UnusedScopesRole,
                             AgentListModel::LastUsedByScopeRole}));
        QCOMPARE(roles.at(1), QList<int>({AgentListModel::LastSeenAtRole, AgentListModel::DeniedScopesRole}));
        QCOMPARE(value(*model, 0, AgentListModel::UnusedScopesRole).toStringList(),
                 QStringList{QStringLiteral("gist")});
        QCOMPARE(value(*model, 0, AgentListModel::LastSeenAtRole).toDateTime(), at(12, 1));

        // The same scopes again: only the last-seen time and that scope's last use move.
        spy.clear();
        QVERIFY(m_fx->record({UiFixture::usage(m_alice, QStringLiteral("repo"), at(12, 5))}));
        QCOMPARE(changedRows(spy.dataChanged), QList<int>{0});
        QCOMPARE(changedRoles(spy.dataChanged).first(),
                 QList<int>({AgentListModel::LastSeenAtRole, AgentListModel::LastUsedByScopeRole}));
    }

    void lastUseIsPerScopeFromTheSameAggregates()
    {
        QVERIFY(m_fx->record({
            UiFixture::usage(m_alice, QStringLiteral("repo"), at(9, 10)),
            UiFixture::usage(m_alice, QStringLiteral("repo"), at(11, 20)),
            UiFixture::usage(m_alice, QStringLiteral("gist"), at(10, 5)),
            UiFixture::usage(m_alice, QStringLiteral("user"), at(11, 50), UsageEvent::Outcome::Denied),
        }));
        auto model = makeModel();
        using A = AgentListModel;
        QVERIFY(model->roleNames().value(A::LastUsedByScopeRole) == QByteArray("lastUsedByScope"));
        QVariantMap last = value(*model, 0, A::LastUsedByScopeRole).toMap();
        // A refused scope was never used: no entry.
        QCOMPARE(last.keys(), QStringList({QStringLiteral("gist"), QStringLiteral("repo")}));
        QCOMPARE(last.value(QStringLiteral("repo")).toDateTime(), at(11, 20));
        QCOMPARE(last.value(QStringLiteral("gist")).toDateTime(), at(10, 5));
        QVERIFY(value(*model, 1, A::LastUsedByScopeRole).toMap().isEmpty());

        // A later call moves that scope's last use, announced for its row.
        ModelSignals spy(model.get());
        QVERIFY(m_fx->record({UiFixture::usage(m_alice, QStringLiteral("gist"), at(12, 30))}));
        QCOMPARE(changedRows(spy.dataChanged), QList<int>{0});
        QVERIFY(changedRoles(spy.dataChanged).first().contains(A::LastUsedByScopeRole));
        last = value(*model, 0, A::LastUsedByScopeRole).toMap();
        QCOMPARE(last.value(QStringLiteral("gist")).toDateTime(), at(12, 30));
        QCOMPARE(last.value(QStringLiteral("repo")).toDateTime(), at(11, 20));

        // A refusal moves no last use.
        spy.clear();
        QVERIFY(
            m_fx->record({UiFixture::usage(m_alice, QStringLiteral("repo"), at(12, 40), UsageEvent::Outcome::Denied)}));
        QVERIFY(!changedRoles(spy.dataChanged).first().contains(A::LastUsedByScopeRole));
        QCOMPARE(value(*model, 0, A::LastUsedByScopeRole).toMap().value(QStringLiteral("repo")).toDateTime(),
                 at(11, 20));
    }

    void aClockTickChangesNothing()
    {
        m_fx->request(m_alice, {QStringLiteral("repo")});
        auto model = makeModel();
        ModelSignals spy(model.get());
        m_fx->clock().advance(1000);
        QVERIFY(spy.silent()); // no countdown here
    }

    void aWindowLimitsGrantedAndUsed()
    {
        m_fx->insertMission(m_alice, MissionState::Completed, {QStringLiteral("gist")}, at(8), 600);
        m_fx->insertMission(m_alice, MissionState::Active, {QStringLiteral("repo")}, at(11, 30), 3600);
        QVERIFY(m_fx->record({UiFixture::usage(m_alice, QStringLiteral("gist"), at(8, 5)),
                              UiFixture::usage(m_alice, QStringLiteral("repo"), at(11, 45))}));
        auto model = makeModel();
        QCOMPARE(value(*model, 0, AgentListModel::GrantedScopesRole).toStringList(),
                 QStringList({QStringLiteral("gist"), QStringLiteral("repo")}));
        QSignalSpy reset(model.get(), &QAbstractItemModel::modelReset);
        model->setWindow(at(11), QDateTime());
        QVERIFY(UiFixture::loaded(*model));
        QCOMPARE(reset.size(), 1); // an explicit reload
        QCOMPARE(value(*model, 0, AgentListModel::GrantedScopesRole).toStringList(),
                 QStringList{QStringLiteral("repo")});
        QCOMPARE(value(*model, 0, AgentListModel::UsedScopesRole).toStringList(), QStringList{QStringLiteral("repo")});

        // Usage from before the window is not counted live either.
        ModelSignals spy(model.get());
        QVERIFY(m_fx->record({UiFixture::usage(m_alice, QStringLiteral("user"), at(10))}));
        QVERIFY(spy.silent());
    }
};

QTEST_GUILESS_MAIN(TestAgentListModel)
#include "tst_agentlistmodel.moc"
