// AuditListModel: the audit log newest first, in pages fetched as a view
// scrolls, with each new entry inserted at the top; under a filter, the same
// with only the entries that match.
#include "store/auditlog.h"
#include "ui/auditlistmodel.h"
#include "uifixture.h"

#include <QAbstractItemModelTester>
#include <QSet>
#include <QTest>

using namespace sanctum;
using namespace sanctum::test;

class TestAuditListModel : public QObject {
    Q_OBJECT

    std::unique_ptr<UiFixture> m_fx;

    AuditLog &log() { return m_fx->instance().audit(); }

    void append(int n)
    {
        for (int i = 0; i < n; ++i)
            QVERIFY(log()
                        .append({QStringLiteral("operator:test"),
                                 QStringLiteral("test.entry"),
                                 QStringLiteral("test"),
                                 QStringLiteral("t%1").arg(i),
                                 {{QStringLiteral("n"), i}}})
                        .ok());
    }

    void appendAs(const QString &actor, const QString &action, const QString &subject)
    {
        QVERIFY(log().append({actor, action, QStringLiteral("test"), subject, {}}).ok());
    }

    static QList<qint64> allSeqs(const AuditListModel &model)
    {
        QList<qint64> out;
        for (int r = 0; r < model.rowCount(); ++r)
            out << seqAt(model, r);
        return out;
    }

    static qint64 seqAt(const AuditListModel &model, int row)
    {
        return model.data(model.index(row), AuditListModel::SeqRole).toLongLong();
    }

private Q_SLOTS:
    void init()
    {
        m_fx = std::make_unique<UiFixture>();
        QString why;
        QVERIFY2(m_fx->open(&why), qPrintable(why));
    }

    void cleanup() { m_fx.reset(); }

    void pagesBackwardsFromTheNewest()
    {
        append(450);
        const qint64 head = log().headSeq();
        QVERIFY(head >= 450);

        AuditListModel model(log());
        QCOMPARE(model.rowCount(), AuditListModel::kPageSize);
        QCOMPARE(seqAt(model, 0), head);
        QCOMPARE(seqAt(model, 199), head - 199);
        QVERIFY(model.canFetchMore({}));
        QVERIFY(!model.isComplete());

        ModelSignals spy(&model);
        model.fetchMore({});
        QCOMPARE(spy.rowsInserted.size(), 1);
        QCOMPARE(spy.rowsInserted.first().at(1).toInt(), 200);
        QCOMPARE(spy.rowsInserted.first().at(2).toInt(), 399);
        QVERIFY(spy.modelReset.isEmpty() && spy.layoutChanged.isEmpty() && spy.dataChanged.isEmpty());
        QCOMPARE(seqAt(model, 200), head - 200);

        spy.clear();
        model.fetchMore({});
        QCOMPARE(model.rowCount(), int(head));
        QCOMPARE(seqAt(model, model.rowCount() - 1), 1);
        QVERIFY(!model.canFetchMore({}));
        QVERIFY(model.isComplete());
        for (int r = 1; r < model.rowCount(); ++r)
            QCOMPARE(seqAt(model, r), seqAt(model, r - 1) - 1);

        // The whole log loaded, the tester walks all of it.
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        spy.clear();
        model.fetchMore({});
        QVERIFY(spy.silent());
        QCOMPARE(model.rowOf(head - 10), 10);
    }

    void theModelTesterFetchesAsAViewWould()
    {
        append(450);
        AuditListModel model(log());
        // The tester asks for more on every check, like a view scrolled to the end.
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QVERIFY(model.rowCount() > AuditListModel::kPageSize);
        while (model.canFetchMore({}))
            model.fetchMore({});
        QCOMPARE(model.rowCount(), int(log().headSeq()));
    }

    void anAppendedEntryInsertsOneRowAtTheTop()
    {
        append(3);
        AuditListModel model(log());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QVERIFY(model.isComplete());
        ModelSignals spy(&model);
        QSignalSpy count(&model, &AuditListModel::countChanged);

        const QString id = m_fx->addAgent(QStringLiteral("alice-bot")); // audited: agent.added
        QCOMPARE(spy.rowsInserted.size(), 1);
        QCOMPARE(spy.rowsInserted.first().at(1).toInt(), 0);
        QCOMPARE(spy.rowsInserted.first().at(2).toInt(), 0);
        QVERIFY(spy.modelReset.isEmpty() && spy.layoutChanged.isEmpty() && spy.dataChanged.isEmpty());
        QCOMPARE(count.size(), 1);

        using A = AuditListModel;
        QCOMPARE(model.data(model.index(0), A::ActionRole).toString(), QStringLiteral("agent.added"));
        QCOMPARE(model.data(model.index(0), A::SubjectTypeRole).toString(), QStringLiteral("agent"));
        QCOMPARE(model.data(model.index(0), A::SubjectIdRole).toString(), id);
        QCOMPARE(model.data(model.index(0), A::ActorRole).toString(), QStringLiteral("operator:test"));
        QCOMPARE(model.data(model.index(0), A::AtRole).toDateTime(), UiFixture::start());
        QCOMPARE(model.data(model.index(0), A::DetailsRole).toMap().value(QStringLiteral("name")).toString(),
                 QStringLiteral("alice-bot"));
        QCOMPARE(model.data(model.index(0), A::HashRole).toString(), QString::fromLatin1(log().headHash()));
        QCOMPARE(model.data(model.index(0), A::PrevHashRole).toString(),
                 model.data(model.index(1), A::HashRole).toString());
        QCOMPARE(seqAt(model, 0), log().headSeq());
    }

    void anEmptyLogGrowsFromNothing()
    {
        AuditListModel model(log());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        const int before = model.rowCount();
        QVERIFY(model.isComplete());
        ModelSignals spy(&model);
        append(1);
        QCOMPARE(spy.rowsInserted.size(), 1);
        QCOMPARE(model.rowCount(), before + 1);
    }

    void aClockTickChangesNothing()
    {
        append(2);
        AuditListModel model(log());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        ModelSignals spy(&model);
        m_fx->clock().advance(1000);
        QVERIFY(spy.silent());
    }

    void aFilterPagesBackwardsThroughItsMatchesOnly()
    {
        // 500 entries, one in five "keep.*": 100 matches spread over every page.
        for (int i = 1; i <= 500; ++i)
            appendAs(QStringLiteral("operator:test"),
                     i % 5 == 0 ? QStringLiteral("keep.entry") : QStringLiteral("skip.entry"),
                     QStringLiteral("s%1").arg(i));
        AuditListModel model(log());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy filterChanged(&model, &AuditListModel::filterChanged);
        ModelSignals spy(&model);
        model.setActionPrefix(QStringLiteral("keep."));
        QCOMPARE(filterChanged.size(), 1);
        QCOMPARE(spy.modelReset.size(), 1);
        QCOMPARE(model.actionPrefix(), QStringLiteral("keep."));

        // 100 matches fit in one page: complete at once, with no empty fetch.
        QCOMPARE(model.rowCount(), 100);
        QVERIFY(model.isComplete());
        const QList<qint64> seqs = allSeqs(model);
        for (int r = 0; r < model.rowCount(); ++r) {
            QCOMPARE(model.data(model.index(r), AuditListModel::ActionRole).toString(), QStringLiteral("keep.entry"));
            if (r > 0)
                QVERIFY(seqs.at(r) < seqs.at(r - 1));
        }
        QCOMPARE(seqs.constFirst(), log().headSeq());
    }

    void aFilterWithManyMatchesStillFetchesOlderPages()
    {
        for (int i = 1; i <= 450; ++i)
            appendAs(i % 2 ? QStringLiteral("agent:ag_odd") : QStringLiteral("operator:even"),
                     QStringLiteral("test.entry"),
                     QStringLiteral("t%1").arg(i));
        AuditListModel model(log());
        model.setActionPrefix(QStringLiteral("test.")); // the fixture's own entries aside
        model.setSearchText(QStringLiteral("AG_ODD"));  // by actor, case ignored
        QCOMPARE(model.rowCount(), AuditListModel::kPageSize);
        QVERIFY(model.canFetchMore({}));
        ModelSignals spy(&model);
        model.fetchMore({});
        QCOMPARE(spy.rowsInserted.size(), 1);
        QCOMPARE(spy.rowsInserted.first().at(1).toInt(), AuditListModel::kPageSize);
        QCOMPARE(model.rowCount(), 225);
        QVERIFY(!model.canFetchMore({}));
        QVERIFY(model.isComplete());
        const QList<qint64> seqs = allSeqs(model);
        QCOMPARE(QSet<qint64>(seqs.cbegin(), seqs.cend()).size(), 225); // none twice
        for (int r = 0; r < model.rowCount(); ++r)
            QCOMPARE(model.data(model.index(r), AuditListModel::ActorRole).toString(), QStringLiteral("agent:ag_odd"));

        // By subject too; and cleared, the whole log again.
        model.setSearchText(QStringLiteral("t44"));
        QCOMPARE(model.rowCount(), 11); // t44, t440 … t449
        model.setSearchText({});
        model.setActionPrefix({});
        QCOMPARE(model.rowCount(), AuditListModel::kPageSize);
        QCOMPARE(seqAt(model, 0), log().headSeq());
    }

    void liveAppendsAreFilteredToo()
    {
        append(3);
        AuditListModel model(log());
        model.setActionPrefix(QStringLiteral("agent."));
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        const int before = model.rowCount();
        ModelSignals spy(&model);

        append(2); // "test.entry": not an agent action
        QVERIFY(spy.silent());

        m_fx->addAgent(QStringLiteral("filtered-bot")); // agent.added
        QCOMPARE(spy.rowsInserted.size(), 1);
        QCOMPARE(spy.rowsInserted.first().at(1).toInt(), 0);
        QCOMPARE(model.rowCount(), before + 1);
        QCOMPARE(seqAt(model, 0), log().headSeq());

        spy.clear();
        model.setSearchText(QStringLiteral("nobody-acts-like-this"));
        QCOMPARE(model.rowCount(), 0);
        spy.clear();
        m_fx->addAgent(QStringLiteral("another-bot")); // agent, but not the text
        QVERIFY(spy.silent());
    }
};

QTEST_GUILESS_MAIN(TestAuditListModel)
#include "tst_auditlistmodel.moc"
