// StepUpListModel: calls waiting for a one-off step-up approval, one row
// each, with a countdown that touches only secondsLeft.
#include "services/missions/stepupgate.h"
#include "ui/stepuplistmodel.h"
#include "uifixture.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace sanctum;
using namespace sanctum::test;

class TestStepUpListModel : public QObject {
    Q_OBJECT

    std::unique_ptr<UiFixture> m_fx;
    QString m_alice;
    QList<Status> m_decisions;

    StepUpGate &gate() { return m_fx->instance().stepUp(); }

    QString ask(const QString &scope, const QString &missionId = QStringLiteral("ms_00000000000000aa"))
    {
        StepUpRequest e;
        e.missionId = missionId;
        e.agentId = m_alice;
        e.connection = QStringLiteral("github");
        e.scope = scope;
        e.method = QStringLiteral("DELETE");
        e.pathTemplate = QStringLiteral("/repos/{owner}/{repo}");
        const Expected<StepUpRequest> asked = gate().ask(e, nullptr, [this](Status s) { m_decisions.append(s); });
        return asked ? asked->id : QString();
    }

    std::unique_ptr<StepUpListModel> makeModel()
    {
        auto model = std::make_unique<StepUpListModel>(
            m_fx->instance().stepUp(), m_fx->instance().agents(), m_fx->instance().clock());
        new QAbstractItemModelTester(model.get(), QAbstractItemModelTester::FailureReportingMode::Fatal, model.get());
        return model;
    }

    static QVariant value(const StepUpListModel &model, int row, int role)
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
        m_decisions.clear();
    }

    void cleanup() { m_fx.reset(); }

    void loadsWhatIsWaitingOldestFirst()
    {
        const QString first = ask(QStringLiteral("delete_repo"));
        m_fx->clock().advance(5000);
        const QString second = ask(QStringLiteral("admin:org"));
        auto model = makeModel();
        QCOMPARE(model->rowCount(), 2);
        QCOMPARE(model->idAt(0), first);
        QCOMPARE(model->idAt(1), second);
        using E = StepUpListModel;
        QCOMPARE(value(*model, 0, E::ScopeRole).toString(), QStringLiteral("delete_repo"));
        QCOMPARE(value(*model, 0, E::AgentNameRole).toString(), QStringLiteral("alice-bot"));
        QCOMPARE(value(*model, 0, E::MissionIdRole).toString(), QStringLiteral("ms_00000000000000aa"));
        QCOMPARE(value(*model, 0, E::MethodRole).toString(), QStringLiteral("DELETE"));
        QCOMPARE(value(*model, 0, E::PathTemplateRole).toString(), QStringLiteral("/repos/{owner}/{repo}"));
        QCOMPARE(value(*model, 0, E::RequestedAtRole).toDateTime(), UiFixture::start());
        QCOMPARE(value(*model, 0, E::SecondsLeftRole).toLongLong(), StepUpGate::kDefaultWaitSeconds - 5);
        QCOMPARE(value(*model, 1, E::SecondsLeftRole).toLongLong(), StepUpGate::kDefaultWaitSeconds);
        QVERIFY(model->isCountingDown());
    }

    void aRequestInsertsOneRowAndSettlingRemovesIt()
    {
        const QString first = ask(QStringLiteral("delete_repo"));
        auto model = makeModel();
        ModelSignals spy(model.get());
        const QString second = ask(QStringLiteral("admin:org"));
        QCOMPARE(spy.rowsInserted.size(), 1);
        QCOMPARE(spy.rowsInserted.first().at(1).toInt(), 1);
        QVERIFY(spy.modelReset.isEmpty() && spy.layoutChanged.isEmpty() && spy.dataChanged.isEmpty());

        spy.clear();
        QVERIFY(gate().approve(first, QStringLiteral("operator:test")).ok());
        QCOMPARE(spy.rowsRemoved.size(), 1);
        QCOMPARE(spy.rowsRemoved.first().at(1).toInt(), 0);
        QVERIFY(spy.modelReset.isEmpty() && spy.dataChanged.isEmpty());
        QCOMPARE(model->idAt(0), second);
        QCOMPARE(m_decisions.size(), 1);
        QVERIFY(m_decisions.first().ok());

        spy.clear();
        QVERIFY(gate().deny(second, QStringLiteral("operator:test"), QStringLiteral("no")).ok());
        QCOMPARE(spy.rowsRemoved.size(), 1);
        QCOMPARE(model->rowCount(), 0);
        QVERIFY(!model->isCountingDown());
    }

    void aCountdownTickTouchesOnlySecondsLeft()
    {
        ask(QStringLiteral("delete_repo"));
        ask(QStringLiteral("admin:org"));
        auto model = makeModel();
        ModelSignals spy(model.get());
        m_fx->clock().advance(1000);
        QVERIFY(spy.structureUntouched());
        QCOMPARE(spy.dataChanged.size(), 1); // both rows, as one range
        QCOMPARE(changedRows(spy.dataChanged), QList<int>({0, 1}));
        QCOMPARE(changedRoles(spy.dataChanged).first(), QList<int>{StepUpListModel::SecondsLeftRole});
        QCOMPARE(value(*model, 0, StepUpListModel::SecondsLeftRole).toLongLong(), StepUpGate::kDefaultWaitSeconds - 1);

        spy.clear();
        m_fx->clock().advance(400);
        QVERIFY(spy.silent());
    }

    void aLapsedRequestGoesAwayAndTheCountdownStops()
    {
        ask(QStringLiteral("delete_repo"));
        m_fx->clock().advance(60'000);
        const QString later = ask(QStringLiteral("admin:org"));
        auto model = makeModel();
        ModelSignals spy(model.get());
        // The first lapses; the second has 60 s left.
        m_fx->clock().advance(60'000);
        QCOMPARE(spy.rowsRemoved.size(), 1);
        QCOMPARE(model->rowCount(), 1);
        QCOMPARE(model->idAt(0), later);
        QCOMPARE(changedRows(spy.dataChanged), QList<int>{0});
        QCOMPARE(value(*model, 0, StepUpListModel::SecondsLeftRole).toLongLong(), 60);
        QVERIFY(model->isCountingDown());

        spy.clear();
        m_fx->clock().advance(60'000);
        QCOMPARE(model->rowCount(), 0);
        QVERIFY(!model->isCountingDown());
        QVERIFY(spy.dataChanged.isEmpty());
        spy.clear();
        m_fx->clock().advance(1000);
        QVERIFY(spy.silent());
    }
};

QTEST_GUILESS_MAIN(TestStepUpListModel)
#include "tst_stepuplistmodel.moc"
