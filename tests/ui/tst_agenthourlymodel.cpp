// AgentHourlyModel: one agent's scopes × hours, loaded from UsageStats and
// then changed cell by cell; a following window grows by columns.
#include "ui/agenthourlymodel.h"
#include "uifixture.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace sanctum;
using namespace sanctum::test;

namespace {
using Cells = QList<std::pair<int, int>>;

const QString kGist = QStringLiteral("gist");
const QString kRepo = QStringLiteral("repo");
} // namespace

class TestAgentHourlyModel : public QObject {
    Q_OBJECT

    std::unique_ptr<UiFixture> m_fx;
    QString m_alice;
    QString m_bob;

    std::unique_ptr<AgentHourlyModel> makeModel()
    {
        auto model = std::make_unique<AgentHourlyModel>(
            m_fx->instance().database(), m_fx->instance().usage(), m_fx->instance().clock());
        new QAbstractItemModelTester(model.get(), QAbstractItemModelTester::FailureReportingMode::Fatal, model.get());
        model->setAgentId(m_alice);
        return model;
    }

    static qint64 used(const AgentHourlyModel &model, const QString &scope, int column)
    {
        return model.data(model.index(model.rowOfScope(scope), column), AgentHourlyModel::UsedRole).toLongLong();
    }

private Q_SLOTS:
    void init()
    {
        m_fx = std::make_unique<UiFixture>();
        QString why;
        QVERIFY2(m_fx->open(&why), qPrintable(why));
        m_alice = m_fx->addAgent(QStringLiteral("alice-bot"));
        m_bob = m_fx->addAgent(QStringLiteral("bob-bot"));
        QVERIFY(m_fx->record({
            UiFixture::usage(m_alice, kRepo, at(10).addDays(-1)), // before the last 24 hours
            UiFixture::usage(m_alice, kRepo, at(11, 10)),
            UiFixture::usage(m_alice, kRepo, at(11, 20)),
            UiFixture::usage(m_alice, kRepo, at(12, 5)),
            UiFixture::usage(m_alice, kGist, at(12, 10), UsageEvent::Outcome::Denied),
            UiFixture::usage(m_bob, kRepo, at(11, 30)),
        }));
    }

    void cleanup() { m_fx.reset(); }

    void loadsTheLastDayByHour()
    {
        auto model = makeModel();
        QVERIFY(model->isFollowing());
        QCOMPARE(model->columnCount(), AgentHourlyModel::kDefaultHours);
        QCOMPARE(model->from(), at(13).addDays(-1));
        QCOMPARE(model->hourAt(23), at(12));
        QCOMPARE(model->headerData(23, Qt::Horizontal, AgentHourlyModel::HourRole).toDateTime(), at(12));
        QCOMPARE(model->rowCount(), 2);
        QCOMPARE(model->scopeAt(0), kGist);
        QCOMPARE(model->scopeAt(1), kRepo);
        QCOMPARE(used(*model, kRepo, 22), 2);
        QCOMPARE(used(*model, kRepo, 23), 1);
        QCOMPARE(used(*model, kRepo, 0), 0);
        QCOMPARE(model->data(model->index(0, 23), AgentHourlyModel::DeniedRole).toLongLong(), 1);
        QCOMPARE(model->maxUsed(), 2);
        QCOMPARE(model->data(model->index(1, 22), AgentHourlyModel::IntensityRole).toDouble(), 1.0);

        model->setAgentId(QString());
        QCOMPARE(model->rowCount(), 0);
    }

    void aUsageBatchTouchesOnlyItsCells()
    {
        auto model = makeModel();
        ModelSignals spy(model.get());
        QVERIFY(m_fx->record({
            UiFixture::usage(m_alice, kRepo, at(12, 20)),
            UiFixture::usage(m_bob, kRepo, at(12, 30)),                                // another agent's
            UiFixture::usage(m_alice, kGist, at(12, 35), UsageEvent::Outcome::Failed), // not counted by hour
        }));
        QVERIFY(spy.structureUntouched());
        QCOMPARE(changedCells(spy.dataChanged), Cells({{1, 23}}));
        QCOMPARE(spy.dataChanged.size(), 1); // 2 is level with the maximum: no table-wide change
        QCOMPARE(used(*model, kRepo, 23), 2);

        spy.clear();
        QVERIFY(m_fx->record({UiFixture::usage(m_bob, kGist, at(12, 40))}));
        QVERIFY(spy.silent());
    }

    void aNewScopeInsertsOneRow()
    {
        auto model = makeModel();
        ModelSignals spy(model.get());
        QVERIFY(m_fx->record({UiFixture::usage(m_alice, QStringLiteral("project"), at(12, 50))}));
        QCOMPARE(spy.rowsInserted.size(), 1);
        QCOMPARE(spy.rowsInserted.first().at(1).toInt(), 1); // gist < project < repo
        QVERIFY(spy.columnsInserted.isEmpty() && spy.modelReset.isEmpty() && spy.layoutChanged.isEmpty());
        QCOMPARE(changedCells(spy.dataChanged), Cells({{1, 23}}));
        QCOMPARE(used(*model, kRepo, 22), 2);
    }

    void aLaterHourAppendsColumns()
    {
        auto model = makeModel();
        m_fx->clock().advance(2 * 3600 * 1000);
        ModelSignals spy(model.get());
        QVERIFY(m_fx->record({UiFixture::usage(m_alice, kRepo, at(14, 5))}));
        QCOMPARE(spy.columnsInserted.size(), 1);
        QCOMPARE(spy.columnsInserted.first().at(1).toInt(), 24);
        QCOMPARE(spy.columnsInserted.first().at(2).toInt(), 25);
        QVERIFY(spy.rowsInserted.isEmpty() && spy.modelReset.isEmpty() && spy.layoutChanged.isEmpty());
        QCOMPARE(model->columnCount(), 26);
        QCOMPARE(model->hourAt(25), at(14));
        QCOMPARE(used(*model, kRepo, 25), 1);
        QCOMPARE(changedCells(spy.dataChanged), Cells({{1, 25}}));
    }

    void aClockTickChangesNothing()
    {
        auto model = makeModel();
        ModelSignals spy(model.get());
        m_fx->clock().advance(1000);
        QVERIFY(spy.silent());
    }

    void aFixedWindowIgnoresUsageOutsideIt()
    {
        auto model = makeModel();
        QSignalSpy reset(model.get(), &QAbstractItemModel::modelReset);
        QVERIFY(model->setWindow(at(11), at(12)));
        QCOMPARE(reset.size(), 1);
        QVERIFY(!model->isFollowing());
        QCOMPARE(model->columnCount(), 1);
        QCOMPARE(model->rowCount(), 1); // only repo was called between 11:00 and 12:00
        QCOMPARE(used(*model, kRepo, 0), 2);

        ModelSignals spy(model.get());
        QVERIFY(m_fx->record({UiFixture::usage(m_alice, kRepo, at(12, 30))}));
        QVERIFY(spy.silent());

        QVERIFY(!model->setWindow(at(12), at(11)));
        QVERIFY(!model->errorString().isEmpty());
        QVERIFY(model->setWindow({}, {}));
        QVERIFY(model->isFollowing());
        QCOMPARE(model->columnCount(), AgentHourlyModel::kDefaultHours);
    }
};

QTEST_GUILESS_MAIN(TestAgentHourlyModel)
#include "tst_agenthourlymodel.moc"
