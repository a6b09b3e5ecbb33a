// ScopeHeatmapModel: agents × scopes, loaded once from UsageStats, then
// changed cell by cell as usage is committed and missions are granted.
#include "services/agents/agentregistry.h"
#include "services/missions/missionregistry.h"
#include "store/database.h"
#include "store/usagerecorder.h"
#include "store/usagestore.h"
#include "ui/scopeheatmapmodel.h"
#include "uifixture.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QTest>

#include <cmath>

using namespace sanctum;
using namespace sanctum::test;

namespace {
using Cells = QList<std::pair<int, int>>;

const QString kDeleteRepo = QStringLiteral("delete_repo");
const QString kGist = QStringLiteral("gist");
const QString kReadOrg = QStringLiteral("read:org");
const QString kRepo = QStringLiteral("repo");
const QString kUserEmail = QStringLiteral("user:email");

const QList<int> kUsageRoles = {Qt::DisplayRole,
                                Qt::ToolTipRole,
                                ScopeHeatmapModel::UsedRole,
                                ScopeHeatmapModel::DeniedRole,
                                ScopeHeatmapModel::FailedRole,
                                ScopeHeatmapModel::WasteRole,
                                ScopeHeatmapModel::LastUsedRole,
                                ScopeHeatmapModel::LastDeniedRole,
                                ScopeHeatmapModel::IntensityRole};
} // namespace

class TestScopeHeatmapModel : public QObject {
    Q_OBJECT

    std::unique_ptr<UiFixture> m_fx;
    QString m_alice;
    QString m_bob;
    QString m_carol;

    std::unique_ptr<ScopeHeatmapModel> makeModel()
    {
        auto model = std::make_unique<ScopeHeatmapModel>(
            m_fx->instance().agents(), m_fx->instance().missions(), m_fx->instance().usage(), m_fx->usageLoader());
        new QAbstractItemModelTester(model.get(), QAbstractItemModelTester::FailureReportingMode::Fatal, model.get());
        if (!UiFixture::loaded(*model))
            qWarning("the usage snapshot did not come");
        return model;
    }

    static QVariant cell(const ScopeHeatmapModel &model, const QString &agentId, const QString &scope, int role)
    {
        return model.data(model.index(model.rowOfAgent(agentId), model.columnOfScope(scope)), role);
    }

    std::pair<int, int> cellOf(const ScopeHeatmapModel &model, const QString &agentId, const QString &scope) const
    {
        return {model.rowOfAgent(agentId), model.columnOfScope(scope)};
    }

private Q_SLOTS:
    void init()
    {
        m_fx = std::make_unique<UiFixture>();
        QString why;
        QVERIFY2(m_fx->open(&why), qPrintable(why));
        m_bob = m_fx->addAgent(QStringLiteral("bob-bot"));
        m_alice = m_fx->addAgent(QStringLiteral("alice-bot"));
        m_carol = m_fx->addAgent(QStringLiteral("carol-bot"));
        m_fx->insertMission(m_alice, MissionState::Active, {kRepo, kGist}, at(11), 3600);
        m_fx->insertMission(m_bob, MissionState::Active, {kRepo}, at(11), 3600, {kDeleteRepo});
        using O = UsageEvent::Outcome;
        QVERIFY(m_fx->record({
            UiFixture::usage(m_alice, kRepo, at(11, 10)),
            UiFixture::usage(m_alice, kRepo, at(11, 20)),
            UiFixture::usage(m_alice, kRepo, at(11, 30)),
            UiFixture::usage(m_alice, kUserEmail, at(11, 40), O::Denied),
            UiFixture::usage(m_bob, kRepo, at(11, 15)),
            UiFixture::usage(m_bob, kReadOrg, at(11, 25), O::StepUpDenied),
        }));
    }

    void cleanup() { m_fx.reset(); }

    void loadsAgentsTimesScopes()
    {
        auto model = makeModel();
        QCOMPARE(model->scopes(), QStringList({kDeleteRepo, kGist, kReadOrg, kRepo, kUserEmail}));
        QCOMPARE(model->columnCount(), 5);
        QCOMPARE(model->rowCount(), 3); // carol has nothing yet, but is a live agent
        QCOMPARE(model->agentNameAt(0), QStringLiteral("alice-bot"));
        QCOMPARE(model->agentNameAt(1), QStringLiteral("bob-bot"));
        QCOMPARE(model->agentNameAt(2), QStringLiteral("carol-bot"));
        QCOMPARE(model->headerData(3, Qt::Horizontal).toString(), kRepo);
        QCOMPARE(model->headerData(1, Qt::Vertical).toString(), QStringLiteral("bob-bot"));
        QCOMPARE(model->maxUsed(), 3);

        using H = ScopeHeatmapModel;
        QCOMPARE(cell(*model, m_alice, kRepo, H::UsedRole).toLongLong(), 3);
        QCOMPARE(cell(*model, m_alice, kRepo, H::GrantedRole).toBool(), true);
        QCOMPARE(cell(*model, m_alice, kRepo, H::WasteRole).toBool(), false);
        QCOMPARE(cell(*model, m_alice, kRepo, H::LastUsedRole).toDateTime(), at(11, 30));
        QCOMPARE(cell(*model, m_alice, kRepo, H::IntensityRole).toDouble(), 1.0);
        QCOMPARE(cell(*model, m_alice, kGist, H::WasteRole).toBool(), true); // granted, never used
        QCOMPARE(cell(*model, m_alice, kUserEmail, H::DeniedRole).toLongLong(), 1);
        QCOMPARE(cell(*model, m_alice, kUserEmail, H::GrantedRole).toBool(), false);
        QCOMPARE(cell(*model, m_alice, kUserEmail, H::LastDeniedRole).toDateTime(), at(11, 40));
        QCOMPARE(cell(*model, m_bob, kRepo, H::UsedRole).toLongLong(), 1);
        // log(1 + 1) / log(1 + 3) = 0.5
        QVERIFY(std::abs(cell(*model, m_bob, kRepo, H::IntensityRole).toDouble() - 0.5) < 1e-9);
        QCOMPARE(cell(*model, m_bob, kDeleteRepo, H::WasteRole).toBool(), true); // step-up scopes are granted
        QCOMPARE(cell(*model, m_bob, kReadOrg, H::DeniedRole).toLongLong(), 1);
        QCOMPARE(cell(*model, m_carol, kRepo, H::UsedRole).toLongLong(), 0);
        QCOMPARE(cell(*model, m_carol, kRepo, H::IntensityRole).toDouble(), 0.0);

        const QString tip = cell(*model, m_alice, kRepo, Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(QStringLiteral("alice-bot")) && tip.contains(QStringLiteral("Used 3 time")),
                 qPrintable(tip));
        QVERIFY(cell(*model, m_alice, kGist, Qt::ToolTipRole).toString().contains(QStringLiteral("never used")));
        QVERIFY(
            cell(*model, m_alice, kUserEmail, Qt::ToolTipRole).toString().contains(QStringLiteral("Refused 1 time")));

        const QList<QByteArray> names = model->roleNames().values();
        for (const char *name : {"used", "denied", "granted", "waste", "lastUsed", "intensity"})
            QVERIFY2(names.contains(QByteArray(name)), name);
    }

    void aUsageBatchTouchesOnlyItsCells()
    {
        auto model = makeModel();
        ModelSignals spy(model.get());
        QVERIFY(m_fx->record({
            UiFixture::usage(m_alice, kGist, at(12, 0)),
            UiFixture::usage(m_bob, kRepo, at(12, 1)),
            UiFixture::usage(m_bob, kRepo, at(12, 2)), // 3: level with the maximum, not above it
        }));
        QVERIFY(spy.structureUntouched());
        QCOMPARE(spy.dataChanged.size(), 2); // one per cell, and no table-wide intensity change
        QCOMPARE(changedCells(spy.dataChanged), Cells({cellOf(*model, m_alice, kGist), cellOf(*model, m_bob, kRepo)}));
        for (const QList<int> &roles : changedRoles(spy.dataChanged))
            QCOMPARE(roles, kUsageRoles);
        QCOMPARE(cell(*model, m_alice, kGist, ScopeHeatmapModel::WasteRole).toBool(), false);
        QCOMPARE(cell(*model, m_bob, kRepo, ScopeHeatmapModel::UsedRole).toLongLong(), 3);
        QCOMPARE(cell(*model, m_bob, kRepo, ScopeHeatmapModel::LastUsedRole).toDateTime(), at(12, 2));
        QCOMPARE(model->maxUsed(), 3);

        // A refusal and a failure: counted, and only their cell moves.
        spy.clear();
        QVERIFY(m_fx->record({UiFixture::usage(m_bob, kReadOrg, at(12, 3), UsageEvent::Outcome::Denied),
                              UiFixture::usage(m_bob, kReadOrg, at(12, 4), UsageEvent::Outcome::Failed)}));
        QCOMPARE(changedCells(spy.dataChanged), Cells{cellOf(*model, m_bob, kReadOrg)});
        QCOMPARE(cell(*model, m_bob, kReadOrg, ScopeHeatmapModel::DeniedRole).toLongLong(), 2);
        QCOMPARE(cell(*model, m_bob, kReadOrg, ScopeHeatmapModel::FailedRole).toLongLong(), 1);

        // Calls no rule matched belong to no scope: nothing moves.
        spy.clear();
        QVERIFY(m_fx->record({UiFixture::usage(m_bob, QString(), at(12, 5), UsageEvent::Outcome::Denied)}));
        QVERIFY(spy.silent());
    }

    void aNewMaximumMovesEveryIntensityOnce()
    {
        auto model = makeModel();
        QSignalSpy max(model.get(), &ScopeHeatmapModel::maxUsedChanged);
        ModelSignals spy(model.get());
        QVERIFY(
            m_fx->record({UiFixture::usage(m_alice, kRepo, at(12, 0)), UiFixture::usage(m_alice, kRepo, at(12, 1))}));
        QVERIFY(spy.structureUntouched());
        QCOMPARE(max.size(), 1);
        QCOMPARE(model->maxUsed(), 5);
        QCOMPARE(spy.dataChanged.size(), 2);
        // First the whole table, intensity only; then the cell itself.
        const QList<QVariant> all = spy.dataChanged.at(0);
        QCOMPARE(all.at(0).value<QModelIndex>(), model->index(0, 0));
        QCOMPARE(all.at(1).value<QModelIndex>(), model->index(2, 4));
        QCOMPARE(all.at(2).value<QList<int>>(), QList<int>{ScopeHeatmapModel::IntensityRole});
        QCOMPARE(changedCells(spy.dataChanged), Cells{cellOf(*model, m_alice, kRepo)});
        // log 2 / log 6 now.
        QVERIFY(std::abs(cell(*model, m_bob, kRepo, ScopeHeatmapModel::IntensityRole).toDouble() -
                         std::log(2.0) / std::log(6.0)) < 1e-9);
    }

    void aNewScopeInsertsOneColumn()
    {
        auto model = makeModel();
        ModelSignals spy(model.get());
        QSignalSpy scopes(model.get(), &ScopeHeatmapModel::scopesChanged);
        QVERIFY(m_fx->record({UiFixture::usage(m_carol, QStringLiteral("project"), at(12, 0))}));
        QCOMPARE(spy.columnsInserted.size(), 1);
        QCOMPARE(spy.columnsInserted.first().at(1).toInt(), 2); // gist < project < read:org
        QCOMPARE(spy.columnsInserted.first().at(2).toInt(), 2);
        QVERIFY(spy.rowsInserted.isEmpty() && spy.modelReset.isEmpty() && spy.layoutChanged.isEmpty());
        QCOMPARE(scopes.size(), 1);
        QCOMPARE(changedCells(spy.dataChanged), Cells({{2, 2}}));
        QCOMPARE(cell(*model, m_carol, QStringLiteral("project"), ScopeHeatmapModel::UsedRole).toLongLong(), 1);
        // The columns after it moved along.
        QCOMPARE(cell(*model, m_alice, kRepo, ScopeHeatmapModel::UsedRole).toLongLong(), 3);
    }

    void aNewAgentInsertsOneRow()
    {
        auto model = makeModel();
        ModelSignals spy(model.get());
        const QString aaron = m_fx->addAgent(QStringLiteral("aaron-bot"));
        QCOMPARE(spy.rowsInserted.size(), 1);
        QCOMPARE(spy.rowsInserted.first().at(1).toInt(), 0);
        QVERIFY(spy.columnsInserted.isEmpty() && spy.modelReset.isEmpty() && spy.dataChanged.isEmpty());
        QCOMPARE(model->agentIdAt(0), aaron);

        // Usage from an agent the model has no row for (removed before the
        // model loaded, say) gets one too.
        spy.clear();
        QVERIFY(m_fx->record({UiFixture::usage(QStringLiteral("ag_ffffffffffffffff"), kRepo, at(12, 0))}));
        QCOMPARE(spy.rowsInserted.size(), 1);
        QCOMPARE(model->rowCount(), 5);
        QCOMPARE(changedCells(spy.dataChanged).size(), 1);
    }

    void aGrantedMissionMarksOnlyItsCells()
    {
        auto model = makeModel();
        // Granted after the model loaded: it hears of it when it changes.
        const Mission m =
            m_fx->insertMission(m_carol, MissionState::Active, {kRepo, QStringLiteral("notifications")}, at(11, 50));
        ModelSignals spy(model.get());
        QVERIFY(m_fx->instance().missions().revoke(m.id, QStringLiteral("operator:test"), {}).ok());
        QCOMPARE(spy.columnsInserted.size(), 1); // notifications
        QVERIFY(spy.rowsInserted.isEmpty() && spy.modelReset.isEmpty() && spy.layoutChanged.isEmpty());
        QCOMPARE(changedCells(spy.dataChanged),
                 Cells({cellOf(*model, m_carol, QStringLiteral("notifications")), cellOf(*model, m_carol, kRepo)}));
        for (const QList<int> &roles : changedRoles(spy.dataChanged))
            QCOMPARE(roles,
                     QList<int>({Qt::ToolTipRole, ScopeHeatmapModel::GrantedRole, ScopeHeatmapModel::WasteRole}));
        QCOMPARE(cell(*model, m_carol, kRepo, ScopeHeatmapModel::WasteRole).toBool(), true);

        // Denying a request grants nothing.
        spy.clear();
        const Mission asked = m_fx->request(m_carol, {QStringLiteral("gist")});
        QVERIFY(m_fx->instance().missions().deny(asked.id, QStringLiteral("operator:test"), {}).ok());
        QVERIFY(spy.silent());
    }

    void aClockTickChangesNothing()
    {
        auto model = makeModel();
        ModelSignals spy(model.get());
        m_fx->clock().advance(1000);
        QVERIFY(spy.silent());
    }

    void aWindowReloadsAndThenFiltersLiveUsage()
    {
        auto model = makeModel();
        QSignalSpy reset(model.get(), &QAbstractItemModel::modelReset);
        model->setWindow(at(11, 15), at(11, 35));
        QVERIFY(UiFixture::loaded(*model));
        QCOMPARE(reset.size(), 1);
        QCOMPARE(cell(*model, m_alice, kRepo, ScopeHeatmapModel::UsedRole).toLongLong(), 2);
        QCOMPARE(cell(*model, m_bob, kRepo, ScopeHeatmapModel::UsedRole).toLongLong(), 1);
        QCOMPARE(model->columnOfScope(kUserEmail), -1); // refused at 11:40, outside
        QCOMPARE(model->maxUsed(), 2);

        ModelSignals spy(model.get());
        QVERIFY(m_fx->record({UiFixture::usage(m_alice, kRepo, at(12, 0))}));
        QVERIFY(spy.silent());
    }

    void aRemovedAgentKeepsItsRowWhileItHasHistory()
    {
        auto model = makeModel();
        ModelSignals spy(model.get());
        QVERIFY(m_fx->instance().agents().remove(m_carol, QStringLiteral("operator:test"), {}).ok());
        QCOMPARE(spy.rowsRemoved.size(), 1); // nothing in the window: the row goes
        spy.clear();
        QVERIFY(m_fx->instance().agents().remove(m_bob, QStringLiteral("operator:test"), {}).ok());
        QVERIFY(spy.rowsRemoved.isEmpty()); // bob's usage stays visible
        QCOMPARE(model->agentNameAt(model->rowOfAgent(m_bob)), QStringLiteral("bob-bot"));
    }

    void staysQuickWithFiveHundredAgentsAndFortyScopes()
    {
        // 500 × 40 cells, 100,000 events in the store; then live batches.
        // No model tester here: it re-walks all 20,000 cells on every signal.
        constexpr int kAgents = 500;
        constexpr int kScopes = 40;
        QList<UsageEvent> events;
        events.reserve(100'000);
        for (int i = 0; i < 100'000; ++i)
            events.append(
                UiFixture::usage(QStringLiteral("ag_%1").arg(i % kAgents, 16, 10, QLatin1Char('0')),
                                 QStringLiteral("scope%1").arg((i / kAgents) % kScopes, 2, 10, QLatin1Char('0')),
                                 at(10).addMSecs(i),
                                 i % 7 == 0 ? UsageEvent::Outcome::Denied : UsageEvent::Outcome::Allowed));
        QVERIFY(UsageStore(m_fx->instance().database()).insert(events).ok());

        QElapsedTimer t;
        t.start();
        ScopeHeatmapModel model(
            m_fx->instance().agents(), m_fx->instance().missions(), m_fx->instance().usage(), m_fx->usageLoader());
        QVERIFY(model.isLoading()); // the aggregates are read on another thread
        QVERIFY(UiFixture::loaded(model));
        const qint64 loadMs = t.elapsed();
        QCOMPARE(model.rowCount(), kAgents + 3);
        QCOMPARE(model.columnCount(), kScopes + 5);

        // A batch such as a busy broker commits in 100 ms: 2,000 calls over many cells.
        QList<UsageEvent> batch;
        for (int i = 0; i < 2000; ++i)
            batch.append(UiFixture::usage(QStringLiteral("ag_%1").arg((i * 7) % kAgents, 16, 10, QLatin1Char('0')),
                                          QStringLiteral("scope%1").arg(i % kScopes, 2, 10, QLatin1Char('0')),
                                          at(12).addMSecs(i)));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QElapsedTimer u;
        u.start();
        QVERIFY(m_fx->record(batch));
        const qint64 batchMs = u.elapsed();
        QVERIFY(reset.isEmpty());
        QVERIFY(changed.size() <= 2001); // each touched cell once, at most one table-wide intensity change
        qInfo("500 agents x 40 scopes: load %lld ms (100,000 events); a 2,000-event batch %lld ms including its commit",
              loadMs,
              batchMs);
        QVERIFY2(loadMs < 3000, qPrintable(QString::number(loadMs)));
        QVERIFY2(batchMs < 3000, qPrintable(QString::number(batchMs)));
    }

    void callsCommittedWhileLoadingCountOnce()
    {
        ScopeHeatmapModel model(
            m_fx->instance().agents(), m_fx->instance().missions(), m_fx->instance().usage(), m_fx->usageLoader());
        QVERIFY(model.isLoading());
        // Batches announced before the snapshot's answer is back: one the
        // snapshot already holds (its ids are not newer) and one it cannot.
        QList<UsageEvent> held = {UiFixture::usage(m_alice, kRepo, at(9))};
        held.first().id = 1;
        QList<UsageEvent> newer = {UiFixture::usage(m_alice, kRepo, at(12)), UiFixture::usage(m_bob, kGist, at(12))};
        newer[0].id = 1'000'001;
        newer[1].id = 1'000'002;
        Q_EMIT m_fx->instance().usage().committed(held);
        Q_EMIT m_fx->instance().usage().committed(newer);
        QVERIFY(UiFixture::loaded(model));

        // The store alone (a fresh load) knows neither announced batch.
        auto fromStore = makeModel();
        QCOMPARE(cell(model, m_alice, kRepo, ScopeHeatmapModel::UsedRole).toLongLong(),
                 cell(*fromStore, m_alice, kRepo, ScopeHeatmapModel::UsedRole).toLongLong() + 1);
        QCOMPARE(cell(model, m_bob, kGist, ScopeHeatmapModel::UsedRole).toLongLong(),
                 cell(*fromStore, m_bob, kGist, ScopeHeatmapModel::UsedRole).toLongLong() + 1);
    }
};

QTEST_GUILESS_MAIN(TestScopeHeatmapModel)
#include "tst_scopeheatmapmodel.moc"
