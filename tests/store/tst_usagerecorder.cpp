// The usage recorder: the broker's hot path hands it events and never waits;
// they reach the store in batches, in order, and a clean shutdown loses none.
#include "store/database.h"
#include "store/usagerecorder.h"
#include "store/usagestore.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace sanctum;

namespace {
UsageEvent usageEvent(int n)
{
    UsageEvent e;
    e.at = QDateTime(QDate(2026, 11, 28), QTime(12, 0), Qt::UTC).addMSecs(n);
    e.agentId = QStringLiteral("ag_0000000000000001");
    e.missionId = QStringLiteral("ms_0000000000000001");
    e.connection = QStringLiteral("github");
    e.scope = QStringLiteral("repo");
    e.method = QStringLiteral("GET");
    e.pathTemplate = QStringLiteral("/repos/{owner}/{repo}/issues/%1").arg(n);
    e.status = 200;
    e.acceptedScopes = QStringLiteral("repo");
    return e;
}
} // namespace

class TestUsageRecorder : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString path() const { return m_dir.filePath(QStringLiteral("sanctum.db")); }

    QList<UsageEvent> stored(int limit = 10'000)
    {
        Database db(path());
        if (!db.open())
            return {};
        UsageFilter f;
        f.limit = limit;
        const Expected<QList<UsageEvent>> events = UsageStore(db).list(f);
        return events ? *events : QList<UsageEvent>();
    }

private Q_SLOTS:
    void init()
    {
        QFile::remove(path());
        Database db(path()); // the schema, as the instance would have made it
        QVERIFY(db.open().ok());
    }

    void recordingNeverWaitsForTheDisk()
    {
        UsageRecorder recorder(path());
        QVERIFY(recorder.start().ok());
        QElapsedTimer t;
        t.start();
        for (int i = 0; i < 5000; ++i)
            recorder.record(usageEvent(i));
        // 5,000 fsynced inserts would take seconds; handing them over is memory work.
        QVERIFY2(t.elapsed() < 200, qPrintable(QStringLiteral("recording took %1 ms").arg(t.elapsed())));
        QVERIFY(stored().isEmpty()); // not written yet: batched
    }

    void batchesReachTheStoreSoonInOrder()
    {
        UsageRecorder recorder(path());
        QVERIFY(recorder.start().ok());
        QSignalSpy committed(&recorder, &UsageRecorder::committed);
        for (int i = 0; i < 300; ++i)
            recorder.record(usageEvent(i));
        // Without anyone asking: the batch timer commits them.
        QVERIFY(committed.wait(2000));
        QCOMPARE(committed.size(), 1); // one transaction for the whole batch
        const QList<UsageEvent> rows = stored();
        QCOMPARE(rows.size(), 300);
        QCOMPARE(rows.first().pathTemplate, usageEvent(299).pathTemplate); // newest first
        QCOMPARE(rows.last().pathTemplate, usageEvent(0).pathTemplate);
        QCOMPARE(rows.last().acceptedScopes, QStringLiteral("repo"));
        QCOMPARE(rows.last().outcome, UsageEvent::Outcome::Allowed);
    }

    void whenCommittedCoversEverythingRecordedBefore()
    {
        UsageRecorder recorder(path());
        QVERIFY(recorder.start().ok());
        for (int i = 0; i < 10; ++i)
            recorder.record(usageEvent(i));
        recorder.flush();
        for (int i = 10; i < 20; ++i)
            recorder.record(usageEvent(i));
        bool done = false;
        recorder.whenCommitted([&](Status s) {
            QVERIFY(s.ok());
            done = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(done, 5000);
        QCOMPARE(stored().size(), 20);
    }

    void aCleanShutdownLosesNothing()
    {
        {
            UsageRecorder recorder(path());
            QVERIFY(recorder.start().ok());
            for (int i = 0; i < 123; ++i)
                recorder.record(usageEvent(i));
        } // destroyed before its batch timer fired
        QCOMPARE(stored().size(), 123);
    }

    void aStoreThatCannotBeOpenedIsReported()
    {
        UsageRecorder recorder(m_dir.filePath(QStringLiteral("missing/dir/sanctum.db")));
        QVERIFY(!recorder.start().ok());
    }
};

QTEST_GUILESS_MAIN(TestUsageRecorder)
#include "tst_usagerecorder.moc"
