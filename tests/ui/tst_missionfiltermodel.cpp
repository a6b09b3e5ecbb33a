// MissionFilterModel: the Missions page's filter by state and text, which
// passes the source's fine-grained changes on without turning them into
// resets or layout changes.
#include "services/missions/missionregistry.h"
#include "ui/missionfiltermodel.h"
#include "ui/missionlistmodel.h"
#include "uifixture.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace sanctum;
using namespace sanctum::test;

class TestMissionFilterModel : public QObject {
    Q_OBJECT

    std::unique_ptr<UiFixture> m_fx;
    QString m_alice;
    QString m_bob;
    std::unique_ptr<MissionListModel> m_source;
    std::unique_ptr<MissionFilterModel> m_filter;
    Mission m_pendingAlice;
    Mission m_pendingBob;

    QStringList ids() const
    {
        QStringList out;
        for (int r = 0; r < m_filter->rowCount(); ++r)
            out << m_filter->index(r, 0).data(MissionListModel::IdRole).toString();
        return out;
    }

private Q_SLOTS:
    void init()
    {
        m_fx = std::make_unique<UiFixture>();
        QString why;
        QVERIFY2(m_fx->open(&why), qPrintable(why));
        m_alice = m_fx->addAgent(QStringLiteral("alice-bot"));
        m_bob = m_fx->addAgent(QStringLiteral("bob-bot"));
        // Newest first: pending (bob), pending (alice), active, completed, denied.
        m_fx->insertMission(m_bob, MissionState::Denied, {QStringLiteral("user")}, at(9));
        m_fx->insertMission(m_bob, MissionState::Completed, {QStringLiteral("gist")}, at(10));
        m_fx->insertMission(m_alice, MissionState::Active, {QStringLiteral("repo")}, at(11, 30), 3600);
        m_pendingAlice = m_fx->request(m_alice, {QStringLiteral("repo")}, 600, QStringLiteral("Clean up old FORKS"));
        m_fx->clock().advance(1000);
        m_pendingBob = m_fx->request(m_bob, {QStringLiteral("gist")});
        m_source = std::make_unique<MissionListModel>(
            m_fx->instance().missions(), m_fx->instance().agents(), m_fx->instance().clock());
        m_filter = std::make_unique<MissionFilterModel>();
        m_filter->setSourceModel(m_source.get());
        new QAbstractItemModelTester(
            m_source.get(), QAbstractItemModelTester::FailureReportingMode::Fatal, m_source.get());
        new QAbstractItemModelTester(
            m_filter.get(), QAbstractItemModelTester::FailureReportingMode::Fatal, m_filter.get());
    }

    void cleanup()
    {
        m_filter.reset();
        m_source.reset();
        m_fx.reset();
    }

    void filtersByStates()
    {
        QCOMPARE(m_filter->count(), 5);
        QSignalSpy count(m_filter.get(), &MissionFilterModel::countChanged);
        m_filter->setStatuses({QStringLiteral("pending")});
        QCOMPARE(ids(), QStringList({m_pendingBob.id, m_pendingAlice.id}));
        QVERIFY(!count.isEmpty());
        m_filter->setStatuses({QStringLiteral("active"), QStringLiteral("denied")});
        QCOMPARE(m_filter->count(), 2);
        QCOMPARE(m_filter->index(0, 0).data(MissionListModel::StatusRole).toString(), QStringLiteral("active"));
        QCOMPARE(m_filter->index(1, 0).data(MissionListModel::StatusRole).toString(), QStringLiteral("denied"));
        m_filter->setStatuses({});
        QCOMPARE(m_filter->count(), 5);
    }

    void filtersByTextIgnoringCase()
    {
        m_filter->setText(QStringLiteral("forks")); // the purpose
        QCOMPARE(ids(), QStringList{m_pendingAlice.id});
        m_filter->setText(QStringLiteral("ALICE")); // the agent's name
        QCOMPARE(m_filter->count(), 2);
        m_filter->setText(QStringLiteral("gist")); // a scope
        QCOMPARE(m_filter->count(), 2);
        m_filter->setStatuses({QStringLiteral("pending")});
        QCOMPARE(ids(), QStringList{m_pendingBob.id}); // both conditions
        m_filter->setText(QStringLiteral("  "));
        QCOMPARE(m_filter->count(), 2);
        QCOMPARE(m_filter->sourceRow(0), m_source->rowOf(m_pendingBob.id));
    }

    void aCountdownTickPassesThroughAsTheSameSmallChange()
    {
        m_filter->setStatuses({QStringLiteral("pending"), QStringLiteral("completed")});
        QCOMPARE(m_filter->count(), 3); // pending bob, pending alice, completed
        ModelSignals spy(m_filter.get());
        m_fx->clock().advance(1000);
        QVERIFY(spy.structureUntouched());
        QCOMPARE(changedRows(spy.dataChanged), QList<int>({0, 1}));
        for (const QList<int> &roles : changedRoles(spy.dataChanged))
            QCOMPARE(roles, QList<int>{MissionListModel::SecondsLeftRole});
    }

    void aStateChangeLeavingTheFilterRemovesOneRow()
    {
        m_filter->setStatuses({QStringLiteral("pending")});
        ModelSignals spy(m_filter.get());
        QVERIFY(m_fx->instance().missions().deny(m_pendingAlice.id, QStringLiteral("operator:test"), {}).ok());
        QCOMPARE(spy.rowsRemoved.size(), 1);
        QCOMPARE(spy.rowsRemoved.first().at(1).toInt(), 1);
        QVERIFY(spy.modelReset.isEmpty() && spy.layoutChanged.isEmpty() && spy.rowsInserted.isEmpty());
        QCOMPARE(ids(), QStringList{m_pendingBob.id});
    }

    void aNewMatchingMissionInsertsOneRow()
    {
        m_filter->setStatuses({QStringLiteral("pending")});
        m_fx->clock().advance(1000); // newer than everything, not level with the last request
        ModelSignals spy(m_filter.get());
        const Mission m = m_fx->request(m_alice, {QStringLiteral("notifications")});
        QCOMPARE(spy.rowsInserted.size(), 1);
        QCOMPARE(spy.rowsInserted.first().at(1).toInt(), 0);
        QVERIFY(spy.modelReset.isEmpty() && spy.layoutChanged.isEmpty() && spy.rowsRemoved.isEmpty());
        QCOMPARE(ids().first(), m.id);

        // One that does not match changes nothing visible.
        m_filter->setText(QStringLiteral("notifications"));
        spy.clear();
        m_fx->request(m_bob, {QStringLiteral("gist")});
        QVERIFY(spy.silent());
    }
};

QTEST_GUILESS_MAIN(TestMissionFilterModel)
#include "tst_missionfiltermodel.moc"
