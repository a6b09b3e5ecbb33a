// MissionListModel: missions newest first, changed one row at a time, and a
// countdown that touches only the rows whose seconds moved.
#include "services/missions/missionregistry.h"
#include "ui/missionlistmodel.h"
#include "uifixture.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace sanctum;
using namespace sanctum::test;

namespace {
const QList<int> kSecondsLeftOnly = {MissionListModel::SecondsLeftRole};
} // namespace

class TestMissionListModel : public QObject {
    Q_OBJECT

    std::unique_ptr<UiFixture> m_fx;
    QString m_alice;
    QString m_bob;

    std::unique_ptr<MissionListModel> makeModel()
    {
        auto model = std::make_unique<MissionListModel>(
            m_fx->instance().missions(), m_fx->instance().agents(), m_fx->instance().clock());
        new QAbstractItemModelTester(model.get(), QAbstractItemModelTester::FailureReportingMode::Fatal, model.get());
        return model;
    }

    static QVariant value(const MissionListModel &model, int row, int role)
    {
        return model.data(model.index(row), role);
    }

private Q_SLOTS:
    void init()
    {
        m_fx = std::make_unique<UiFixture>();
        QString why;
        QVERIFY2(m_fx->open(&why), qPrintable(why));
        m_alice = m_fx->addAgent(QStringLiteral("alice-bot"));
        m_bob = m_fx->addAgent(QStringLiteral("bob-bot"));
    }

    void cleanup() { m_fx.reset(); }

    void loadsNewestFirstWithEveryRole()
    {
        const Mission completed = m_fx->insertMission(m_bob, MissionState::Completed, {QStringLiteral("gist")}, at(9));
        const Mission active =
            m_fx->insertMission(m_alice, MissionState::Active, {QStringLiteral("repo")}, at(11), 3600);
        const Mission denied = m_fx->insertMission(m_bob, MissionState::Denied, {QStringLiteral("user")}, at(11, 30));
        // Through the registry: the policy holds delete_repo back as a step-up scope.
        const Mission pending = m_fx->request(m_alice,
                                              {QStringLiteral("repo"), QStringLiteral("delete_repo")},
                                              600,
                                              QStringLiteral("clean up old forks"));
        QVERIFY(!pending.id.isEmpty());

        auto model = makeModel();
        QCOMPARE(model->rowCount(), 4);
        QCOMPARE(model->idAt(0), pending.id);
        QCOMPARE(model->idAt(1), denied.id);
        QCOMPARE(model->idAt(2), active.id);
        QCOMPARE(model->idAt(3), completed.id);

        using M = MissionListModel;
        QCOMPARE(value(*model, 0, M::IdRole).toString(), pending.id);
        QCOMPARE(value(*model, 0, M::AgentIdRole).toString(), m_alice);
        QCOMPARE(value(*model, 0, M::AgentNameRole).toString(), QStringLiteral("alice-bot"));
        QCOMPARE(value(*model, 0, M::StatusRole).toString(), QStringLiteral("pending"));
        QCOMPARE(value(*model, 0, M::PurposeRole).toString(), QStringLiteral("clean up old forks"));
        QCOMPARE(value(*model, 0, M::ConnectionRole).toString(), QStringLiteral("github"));
        QCOMPARE(value(*model, 0, M::ScopesRole).toStringList(), QStringList{QStringLiteral("repo")});
        QCOMPARE(value(*model, 0, M::StepUpScopesRole).toStringList(), QStringList{QStringLiteral("delete_repo")});
        QCOMPARE(value(*model, 0, M::RequestedAtRole).toDateTime(), at(12));
        QVERIFY(!value(*model, 0, M::ExpiresAtRole).toDateTime().isValid());
        // The request lapses after the policy's 300 s.
        QCOMPARE(value(*model, 0, M::SecondsLeftRole).toLongLong(), 300);
        QCOMPARE(value(*model, 0, M::LiveRole).toBool(), true);

        // Active since 11:01 for an hour: a minute left at 12:00.
        QCOMPARE(value(*model, 2, M::StatusRole).toString(), QStringLiteral("active"));
        QCOMPARE(value(*model, 2, M::ExpiresAtRole).toDateTime(), at(12, 1));
        QCOMPARE(value(*model, 2, M::SecondsLeftRole).toLongLong(), 60);
        QCOMPARE(value(*model, 2, M::DecidedByRole).toString(), QStringLiteral("operator:test"));
        QCOMPARE(value(*model, 1, M::SecondsLeftRole).toLongLong(), 0);
        QCOMPARE(value(*model, 3, M::AgentNameRole).toString(), QStringLiteral("bob-bot"));

        const QHash<int, QByteArray> names = model->roleNames();
        for (const char *name : {"id",
                                 "agentId",
                                 "agentName",
                                 "status",
                                 "purpose",
                                 "connection",
                                 "scopes",
                                 "stepUpScopes",
                                 "requestedAt",
                                 "expiresAt",
                                 "secondsLeft",
                                 "decidedBy",
                                 "reason"})
            QVERIFY2(names.values().contains(QByteArray(name)), name);
        QCOMPARE(model->pendingCount(), 1); // the registry's count
    }

    void aNewMissionInsertsOneRow()
    {
        m_fx->insertMission(m_bob, MissionState::Completed, {QStringLiteral("gist")}, at(9));
        auto model = makeModel();
        QVERIFY(!model->isCountingDown());
        ModelSignals spy(model.get());
        QSignalSpy count(model.get(), &MissionListModel::countChanged);

        const Mission m = m_fx->request(m_alice, {QStringLiteral("repo")});
        QCOMPARE(spy.rowsInserted.size(), 1);
        QCOMPARE(spy.rowsInserted.first().at(1).toInt(), 0);
        QCOMPARE(spy.rowsInserted.first().at(2).toInt(), 0);
        QVERIFY(spy.rowsRemoved.isEmpty() && spy.modelReset.isEmpty() && spy.layoutChanged.isEmpty());
        QVERIFY(spy.dataChanged.isEmpty());
        QCOMPARE(count.size(), 1);
        QCOMPARE(model->rowCount(), 2);
        QCOMPARE(model->idAt(0), m.id);
        QVERIFY(model->isCountingDown());
        QCOMPARE(model->pendingCount(), 1);
    }

    void aStateChangeChangesOneRow()
    {
        const Mission active = m_fx->insertMission(m_bob, MissionState::Active, {QStringLiteral("repo")}, at(11), 3600);
        const Mission first = m_fx->request(m_alice, {QStringLiteral("repo")});
        m_fx->clock().advance(1000);
        const Mission second = m_fx->request(m_alice, {QStringLiteral("gist")});
        m_fx->clock().advance(1000);
        const Mission third = m_fx->request(m_bob, {QStringLiteral("user")});
        auto model = makeModel();
        QCOMPARE(model->rowOf(second.id), 1);
        ModelSignals spy(model.get());

        QVERIFY(m_fx->instance()
                    .missions()
                    .deny(second.id, QStringLiteral("operator:test"), QStringLiteral("not now"))
                    .ok());
        QVERIFY(spy.structureUntouched());
        QCOMPARE(spy.dataChanged.size(), 1);
        QCOMPARE(changedRows(spy.dataChanged), QList<int>{1});
        QCOMPARE(value(*model, 1, MissionListModel::StatusRole).toString(), QStringLiteral("denied"));
        QCOMPARE(value(*model, 1, MissionListModel::ReasonRole).toString(), QStringLiteral("not now"));
        QCOMPARE(value(*model, 1, MissionListModel::SecondsLeftRole).toLongLong(), 0);
        QCOMPARE(value(*model, 0, MissionListModel::StatusRole).toString(), QStringLiteral("pending"));
        QCOMPARE(value(*model, 2, MissionListModel::StatusRole).toString(), QStringLiteral("pending"));

        spy.clear();
        QVERIFY(m_fx->instance()
                    .missions()
                    .revoke(active.id, QStringLiteral("operator:test"), QStringLiteral("done"))
                    .ok());
        QVERIFY(spy.structureUntouched());
        QCOMPARE(changedRows(spy.dataChanged), QList<int>{model->rowOf(active.id)});
        QCOMPARE(value(*model, model->rowOf(active.id), MissionListModel::StatusRole).toString(),
                 QStringLiteral("revoked"));
        Q_UNUSED(first);
        Q_UNUSED(third);
    }

    void aCountdownTickTouchesExactlyTheLiveRows()
    {
        // Newest first: pending, active, completed, active, denied.
        const Mission pending =
            m_fx->insertMission(m_alice, MissionState::Pending, {QStringLiteral("repo")}, at(11, 59));
        const Mission active1 =
            m_fx->insertMission(m_alice, MissionState::Active, {QStringLiteral("gist")}, at(11, 58), 600);
        m_fx->insertMission(m_bob, MissionState::Completed, {QStringLiteral("gist")}, at(11, 57));
        const Mission active2 =
            m_fx->insertMission(m_bob, MissionState::Active, {QStringLiteral("repo")}, at(11, 56), 600);
        m_fx->insertMission(m_bob, MissionState::Denied, {QStringLiteral("user")}, at(11, 55));
        auto model = makeModel();
        QCOMPARE(model->rowCount(), 5);
        QVERIFY(model->isCountingDown());
        // Lapses at 12:04; expires at 12:09; expires at 12:07.
        QCOMPARE(value(*model, 0, MissionListModel::SecondsLeftRole).toLongLong(), 240);
        QCOMPARE(value(*model, 1, MissionListModel::SecondsLeftRole).toLongLong(), 540);
        QCOMPARE(value(*model, 3, MissionListModel::SecondsLeftRole).toLongLong(), 420);
        ModelSignals spy(model.get());

        m_fx->clock().advance(1000);
        QVERIFY(spy.structureUntouched());
        // Rows 0 and 1 as one range, row 3 alone; nothing for 2 and 4.
        QCOMPARE(spy.dataChanged.size(), 2);
        QCOMPARE(changedRows(spy.dataChanged), QList<int>({0, 1, 3}));
        for (const QList<int> &roles : changedRoles(spy.dataChanged))
            QCOMPARE(roles, kSecondsLeftOnly);
        QCOMPARE(value(*model, 0, MissionListModel::SecondsLeftRole).toLongLong(), 239);
        QCOMPARE(value(*model, 1, MissionListModel::SecondsLeftRole).toLongLong(), 539);
        QCOMPARE(value(*model, 3, MissionListModel::SecondsLeftRole).toLongLong(), 419);

        // Less than a second on: no whole second moved, so nothing is said.
        spy.clear();
        m_fx->clock().advance(400);
        QVERIFY(spy.silent());

        // Completing that second moves all three again.
        spy.clear();
        m_fx->clock().advance(600);
        QVERIFY(spy.structureUntouched());
        QCOMPARE(changedRows(spy.dataChanged), QList<int>({0, 1, 3}));
        QCOMPARE(value(*model, 0, MissionListModel::SecondsLeftRole).toLongLong(), 238);
        Q_UNUSED(pending);
        Q_UNUSED(active1);
        Q_UNUSED(active2);
    }

    void theCountdownRunsOnlyWhileSomethingIsLive()
    {
        m_fx->insertMission(m_bob, MissionState::Completed, {QStringLiteral("gist")}, at(9));
        m_fx->insertMission(m_bob, MissionState::Denied, {QStringLiteral("gist")}, at(10));
        auto model = makeModel();
        QVERIFY(!model->isCountingDown());
        ModelSignals spy(model.get());
        m_fx->clock().advance(5000);
        QVERIFY(spy.silent());

        const Mission m = m_fx->request(m_alice, {QStringLiteral("repo")});
        QVERIFY(model->isCountingDown());
        QVERIFY(m_fx->instance().missions().deny(m.id, QStringLiteral("operator:test"), {}).ok());
        QVERIFY(!model->isCountingDown());
    }

    void expiryByTheClockChangesOneRowOnce()
    {
        m_fx->insertMission(m_bob, MissionState::Completed, {QStringLiteral("gist")}, at(9));
        const Mission m = m_fx->request(m_alice, {QStringLiteral("repo")});
        auto model = makeModel();
        ModelSignals spy(model.get());

        // The request lapses at 12:05; the registry expires it when the clock jumps there.
        m_fx->clock().advance(300'000);
        QVERIFY(spy.structureUntouched());
        QCOMPARE(spy.dataChanged.size(), 1);
        QCOMPARE(changedRows(spy.dataChanged), QList<int>{0});
        QCOMPARE(value(*model, 0, MissionListModel::StatusRole).toString(), QStringLiteral("expired"));
        QCOMPARE(value(*model, 0, MissionListModel::SecondsLeftRole).toLongLong(), 0);
        QVERIFY(!model->isCountingDown());
        QCOMPARE(model->pendingCount(), 0);
        Q_UNUSED(m);
    }

    void theListKeepsToItsLimit()
    {
        for (int i = 0; i < 3; ++i)
            m_fx->insertMission(m_bob, MissionState::Completed, {QStringLiteral("gist")}, at(9, i));
        auto model = makeModel();
        model->setLimit(3);
        QCOMPARE(model->rowCount(), 3);
        ModelSignals spy(model.get());
        const Mission m = m_fx->request(m_alice, {QStringLiteral("repo")});
        QCOMPARE(spy.rowsInserted.size(), 1);
        QCOMPARE(spy.rowsRemoved.size(), 1); // the oldest row makes room
        QCOMPARE(spy.rowsRemoved.first().at(1).toInt(), 3);
        QVERIFY(spy.modelReset.isEmpty());
        QCOMPARE(model->rowCount(), 3);
        QCOMPARE(model->idAt(0), m.id);
    }
};

QTEST_GUILESS_MAIN(TestMissionListModel)
#include "tst_missionlistmodel.moc"
