#include "broker/pipeline/ratelimiter.h"
#include "domain/clock.h"

#include <QTest>

using namespace sanctum;

class TestRateLimiter : public QObject {
    Q_OBJECT

    const QDateTime m_start = QDateTime(QDate(2025, 3, 1), QTime(12, 0), Qt::UTC);

    static QString agent(int i) { return QStringLiteral("agent-%1").arg(i); }

private Q_SLOTS:
    void allowsABurstThenSaysWhenToRetry()
    {
        ManualClock clock(m_start);
        RateLimiter limiter(clock, 2.0, 3.0); // one call every 500 ms, three at once
        const QString a = QStringLiteral("agent-a");
        qint64 retry = -1;
        for (int i = 0; i < 3; ++i) {
            QVERIFY(limiter.tryAcquire(a, &retry));
            QCOMPARE(retry, 0);
        }
        QVERIFY(!limiter.tryAcquire(a, &retry));
        QCOMPARE(retry, 500);

        clock.advance(499);
        QVERIFY(!limiter.tryAcquire(a, &retry));
        QCOMPARE(retry, 1);
        // Exactly when it said: not a millisecond later.
        clock.advance(1);
        QVERIFY(limiter.tryAcquire(a, &retry));
        QVERIFY(!limiter.tryAcquire(a, &retry));
        QCOMPARE(retry, 500);
    }

    void refillsOverTimeUpToTheBurst()
    {
        ManualClock clock(m_start);
        RateLimiter limiter(clock, 2.0, 3.0);
        const QString a = QStringLiteral("agent-a");
        while (limiter.tryAcquire(a)) {
        }
        clock.advance(1000); // two tokens back
        QVERIFY(limiter.tryAcquire(a));
        QVERIFY(limiter.tryAcquire(a));
        QVERIFY(!limiter.tryAcquire(a));

        clock.advance(60'000); // a long pause banks no more than the burst
        for (int i = 0; i < 3; ++i)
            QVERIFY(limiter.tryAcquire(a));
        QVERIFY(!limiter.tryAcquire(a));
    }

    void keysAreIndependent()
    {
        ManualClock clock(m_start);
        RateLimiter limiter(clock, 1.0, 2.0);
        const QString a = QStringLiteral("agent-a");
        const QString b = QStringLiteral("agent-b");
        QVERIFY(limiter.tryAcquire(a));
        QVERIFY(limiter.tryAcquire(a));
        QVERIFY(!limiter.tryAcquire(a));
        // One noisy agent does not slow another down.
        QVERIFY(limiter.tryAcquire(b));
        QVERIFY(limiter.tryAcquire(b));
        QVERIFY(!limiter.tryAcquire(b));
    }

    void forgettingAKeyStartsItAfresh()
    {
        ManualClock clock(m_start);
        RateLimiter limiter(clock, 1.0, 1.0);
        const QString a = QStringLiteral("agent-a");
        QVERIFY(limiter.tryAcquire(a));
        QVERIFY(!limiter.tryAcquire(a));
        limiter.forget(a);
        QVERIFY(limiter.tryAcquire(a));
    }

    void prunesBucketsThatHaveRefilled()
    {
        ManualClock clock(m_start);
        RateLimiter limiter(clock, 10.0, 5.0); // empty to full in 500 ms
        for (int i = 0; i < 10'000; ++i)
            QVERIFY(limiter.tryAcquire(agent(i)));
        // Ten thousand partly used buckets are real state and must be kept…
        QCOMPARE(limiter.trackedKeys(), 10'000);
        QVERIFY(limiter.tryAcquire(agent(0)));

        // …until they have refilled, when they are the same as no bucket.
        clock.advance(1000);
        QVERIFY(limiter.tryAcquire(QStringLiteral("newcomer")));
        QCOMPARE(limiter.trackedKeys(), 1);
        // Dropping them changed nobody's allowance.
        for (int i = 0; i < 5; ++i)
            QVERIFY(limiter.tryAcquire(agent(0)));
        QVERIFY(!limiter.tryAcquire(agent(0)));
    }

    void memoryStaysBoundedUnderChurn()
    {
        ManualClock clock(m_start);
        RateLimiter limiter(clock, 100.0, 10.0); // full again after 100 ms
        // A stream of fresh keys, each used once, as new peers or agents would.
        for (int i = 0; i < 50'000; ++i) {
            limiter.tryAcquire(agent(i));
            clock.advance(1);
        }
        // Only the keys seen in the last refill period or so are held.
        QVERIFY2(limiter.trackedKeys() < 2'000, qPrintable(QString::number(limiter.trackedKeys())));
    }

    void changingTheRateAppliesAtOnce()
    {
        ManualClock clock(m_start);
        RateLimiter limiter(clock, 1.0, 10.0);
        const QString a = QStringLiteral("agent-a");
        QVERIFY(limiter.tryAcquire(a));
        limiter.setRate(1.0, 2.0); // the bank shrinks to the new burst
        QVERIFY(limiter.tryAcquire(a));
        QVERIFY(limiter.tryAcquire(a));
        QVERIFY(!limiter.tryAcquire(a));

        qint64 retry = 0;
        limiter.setRate(4.0, 2.0);
        QVERIFY(!limiter.tryAcquire(a, &retry));
        QCOMPARE(retry, 250);

        limiter.setRate(0, 0); // off
        for (int i = 0; i < 100; ++i)
            QVERIFY(limiter.tryAcquire(a));
    }

    void aClockSetBackNeitherRefillsNorBreaks()
    {
        ManualClock clock(m_start);
        RateLimiter limiter(clock, 1.0, 1.0);
        const QString a = QStringLiteral("agent-a");
        QVERIFY(limiter.tryAcquire(a));
        clock.advance(-3'600'000);
        qint64 retry = 0;
        QVERIFY(!limiter.tryAcquire(a, &retry));
        QCOMPARE(retry, 1000);
        clock.advance(1000);
        QVERIFY(limiter.tryAcquire(a));
    }
};

QTEST_GUILESS_MAIN(TestRateLimiter)
#include "tst_ratelimiter.moc"
