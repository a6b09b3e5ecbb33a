// AuditChainChecker: the audit page's "Verify chain", run on the audit
// worker, and its verdict in words.
#include "rawsql.h"
#include "store/auditlog.h"
#include "store/database.h"
#include "ui/auditchainchecker.h"
#include "ui/auditworker.h"
#include "uifixture.h"

#include <QSignalSpy>
#include <QTest>

using namespace sanctum;
using namespace sanctum::test;
using Problem = AuditVerification::Problem;

Q_DECLARE_METATYPE(sanctum::AuditVerification::Problem)

class TestAuditChainChecker : public QObject {
    Q_OBJECT

    std::unique_ptr<UiFixture> m_fx;
    std::unique_ptr<AuditWorker> m_worker;

    AuditLog &log() { return m_fx->instance().audit(); }
    QString storePath() { return m_fx->instance().database().path(); }

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

    // Starts a verification, checks it did not finish on the spot, waits.
    static bool runToEnd(AuditChainChecker &checker)
    {
        QSignalSpy finished(&checker, &AuditChainChecker::finished);
        checker.verify();
        // The walk is the worker's: verify() only hands it over.
        if (!checker.isRunning() || checker.hasResult())
            return false;
        return finished.wait(20000) && !checker.isRunning() && checker.hasResult();
    }

private Q_SLOTS:
    void init()
    {
        m_fx = std::make_unique<UiFixture>();
        QString why;
        QVERIFY2(m_fx->open(&why), qPrintable(why));
        m_worker = std::make_unique<AuditWorker>(storePath());
    }

    void cleanup()
    {
        m_worker.reset();
        m_fx.reset();
    }

    void anIntactChainSaysSo()
    {
        append(40);
        AuditChainChecker checker(*m_worker);
        QSignalSpy running(&checker, &AuditChainChecker::runningChanged);
        QVERIFY(runToEnd(checker));
        QCOMPARE(running.size(), 2); // on, then off
        QVERIFY2(checker.isOk(), qPrintable(checker.details()));
        QCOMPARE(checker.problem(), QStringLiteral("none"));
        QCOMPARE(checker.checked(), log().headSeq());
        QCOMPARE(checker.firstBadSeq(), qint64(0));
        QCOMPARE(checker.result(), QStringLiteral("Chain intact: %1 entries verified").arg(log().headSeq()));
    }

    void anEditedEntryIsNamed()
    {
        append(20);
        const qint64 target = log().headSeq() - 7;
        {
            RawSql raw(storePath());
            QVERIFY(raw.isOpen());
            QVERIFY2(raw.exec(QStringLiteral("UPDATE audit_log SET details = ? WHERE seq = ?"),
                              {QStringLiteral("{\"n\":999}"), target}),
                     qPrintable(raw.lastError()));
        }
        AuditChainChecker checker(*m_worker);
        QVERIFY(runToEnd(checker));
        QVERIFY(!checker.isOk());
        QCOMPARE(checker.problem(), QStringLiteral("edited"));
        QCOMPARE(checker.firstBadSeq(), target);
        QCOMPARE(checker.result(), QStringLiteral("Entry #%1 was edited").arg(target));
        QVERIFY(checker.details().contains(QString::number(target)));
        QCOMPARE(checker.checked(), target - 1);
    }

    void aDeletedEntryIsNamed()
    {
        append(10);
        const qint64 target = log().headSeq() - 3;
        {
            RawSql raw(storePath());
            QVERIFY(raw.exec(QStringLiteral("DELETE FROM audit_log WHERE seq = ?"), {target}));
        }
        AuditChainChecker checker(*m_worker);
        QVERIFY(runToEnd(checker));
        QCOMPARE(checker.problem(), QStringLiteral("deleted"));
        QCOMPARE(checker.firstBadSeq(), target);
        QCOMPARE(checker.result(), QStringLiteral("Entry #%1 was deleted").arg(target));
    }

    void aSecondRequestWhileRunningIsIgnored()
    {
        append(5);
        AuditChainChecker checker(*m_worker);
        QSignalSpy finished(&checker, &AuditChainChecker::finished);
        checker.verify();
        checker.verify();
        QVERIFY(finished.wait(20000));
        QTest::qWait(50); // long enough for a second answer, were one coming
        QCOMPARE(finished.size(), 1);
    }

    void eachFindingInWords_data()
    {
        QTest::addColumn<Problem>("problem");
        QTest::addColumn<qint64>("seq");
        QTest::addColumn<QString>("words");
        QTest::newRow("edited") << Problem::Edited << qint64(42) << QStringLiteral("Entry #42 was edited");
        QTest::newRow("deleted") << Problem::Deleted << qint64(7) << QStringLiteral("Entry #7 was deleted");
        QTest::newRow("inserted") << Problem::Inserted << qint64(8)
                                  << QStringLiteral("Entry #8 was inserted from outside Sanctum");
        QTest::newRow("reordered") << Problem::Reordered << qint64(9)
                                   << QStringLiteral("Entry #9 was moved out of order");
        QTest::newRow("truncated") << Problem::Truncated << qint64(10)
                                   << QStringLiteral("The log was truncated: entries from #10 on were cut off");
        QTest::newRow("broken link") << Problem::Broken << qint64(11)
                                     << QStringLiteral("The chain is broken at entry #11");
        QTest::newRow("unreadable") << Problem::Broken << qint64(0)
                                    << QStringLiteral("The audit log could not be read: disk I/O error");
    }

    void eachFindingInWords()
    {
        QFETCH(Problem, problem);
        QFETCH(qint64, seq);
        QFETCH(QString, words);
        AuditVerification v;
        v.problem = problem;
        v.firstBadSeq = seq;
        v.message = QStringLiteral("disk I/O error");
        QCOMPARE(AuditChainChecker::describe(v), words);
    }
};

QTEST_GUILESS_MAIN(TestAuditChainChecker)
#include "tst_auditchainchecker.moc"
