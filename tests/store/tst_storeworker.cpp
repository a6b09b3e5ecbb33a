// The store worker: jobs run off the caller's thread, one at a time and in
// order, their answers (or their errors) come back on the context's thread,
// and neither a vanished context nor a destroyed worker loses a write or
// calls back into freed memory.
#include "store/database.h"
#include "store/storeworker.h"

#include <QAtomicInt>
#include <QSemaphore>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace sanctum;

class TestStoreWorker : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString path() const { return m_dir.filePath(QStringLiteral("sanctum.db")); }

private Q_SLOTS:
    void jobsRunOnTheWorkerThreadInOrder()
    {
        StoreWorker worker(path(), QStringLiteral("test-store"));
        QObject context;
        QList<int> answered;
        QList<QThread *> ranOn;
        QList<QThread *> answeredOn;
        for (int i = 0; i < 20; ++i)
            worker.run<int>(
                [i](Database &db) -> Expected<int> {
                    Q_UNUSED(db);
                    return i;
                },
                &context,
                [&](Expected<int> r) {
                    answered.append(*r);
                    answeredOn.append(QThread::currentThread());
                });
        // The thread each job ran on, asked of the worker itself.
        for (int i = 0; i < 3; ++i)
            worker.run<QThread *>([](Database &) -> Expected<QThread *> { return QThread::currentThread(); },
                                  &context,
                                  [&](Expected<QThread *> t) { ranOn.append(*t); });
        QTRY_COMPARE(ranOn.size(), 3);
        QList<int> expected;
        for (int i = 0; i < 20; ++i)
            expected.append(i);
        QCOMPARE(answered, expected);
        for (QThread *t : std::as_const(ranOn)) {
            QVERIFY(t != QThread::currentThread());
            QCOMPARE(t, ranOn.constFirst());
        }
        for (QThread *t : std::as_const(answeredOn))
            QCOMPARE(t, QThread::currentThread());
    }

    void aFailingJobsErrorReachesDone()
    {
        StoreWorker worker(path(), QStringLiteral("test-store"));
        QObject context;
        std::optional<Expected<int>> answer;
        worker.run<int>(
            [](Database &) -> Expected<int> {
                return Error{QStringLiteral("boom"), QStringLiteral("no")};
            },
            &context,
            [&](Expected<int> r) { answer = r; });
        QTRY_VERIFY(answer.has_value());
        QVERIFY(!answer->ok());
        QCOMPARE(answer->error().code, QStringLiteral("boom"));
        QCOMPARE(answer->error().message, QStringLiteral("no"));
    }

    void aStoreThatCannotBeOpenedReachesDoneAsAnError()
    {
        const QString nowhere = m_dir.filePath(QStringLiteral("missing/dir/sanctum.db"));
        StoreWorker worker(nowhere, QStringLiteral("test-store"));
        QVERIFY(!worker.open());
        QObject context;
        bool ran = false;
        std::optional<Expected<int>> answer;
        worker.run<int>(
            [&ran](Database &) -> Expected<int> {
                ran = true;
                return 1;
            },
            &context,
            [&](Expected<int> r) { answer = r; });
        QTRY_VERIFY(answer.has_value());
        QVERIFY(!answer->ok());
        QCOMPARE(answer->error().code, QStringLiteral("store"));
        QVERIFY(!ran);
    }

    void anAnswerForADestroyedContextIsDropped()
    {
        StoreWorker worker(path(), QStringLiteral("test-store"));
        QSemaphore started;
        QSemaphore release;
        auto doomed = std::make_unique<QObject>();
        bool doomedAnswered = false;
        worker.run<int>(
            [&](Database &) -> Expected<int> {
                started.release();
                release.acquire();
                return 1;
            },
            doomed.get(),
            [&](Expected<int>) { doomedAnswered = true; });
        started.acquire();
        doomed.reset(); // while its job runs
        release.release();
        QObject live;
        bool liveAnswered = false;
        worker.run<int>(
            [](Database &) -> Expected<int> { return 2; }, &live, [&](Expected<int> r) { liveAnswered = *r == 2; });
        // Answers arrive in order: the live one's means the other was dropped.
        QTRY_VERIFY(liveAnswered);
        QVERIFY(!doomedAnswered);
    }

    void destroyingTheWorkerRunsQueuedJobsAndDropsTheirAnswers()
    {
        auto worker = std::make_unique<StoreWorker>(path(), QStringLiteral("test-store"));
        QObject context;
        QSemaphore started;
        QSemaphore release;
        QAtomicInt ran = 0;
        int answered = 0;
        worker->run<int>(
            [&](Database &) -> Expected<int> {
                started.release();
                release.acquire();
                return ++ran;
            },
            &context,
            [&](Expected<int>) { ++answered; });
        for (int i = 0; i < 10; ++i)
            worker->run<int>(
                [&](Database &) -> Expected<int> { return ++ran; }, &context, [&](Expected<int>) { ++answered; });
        started.acquire();
        release.release();
        worker.reset(); // with jobs still queued behind the one running
        QCOMPARE(ran.loadRelaxed(), 11);
        QCoreApplication::sendPostedEvents();
        QCoreApplication::processEvents();
        QCOMPARE(answered, 0);
    }
};

QTEST_GUILESS_MAIN(TestStoreWorker)
#include "tst_storeworker.moc"
