#include "upstream/retrypolicy.h"

#include <QTest>

using namespace sanctum;

namespace {
const QDateTime kNow(QDate(2026, 11, 28), QTime(12, 0), Qt::UTC);
using Outcome = RetryPolicy::Outcome;
} // namespace

class TestRetryPolicy : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void retriesOnlyWhatCanSucceedLater_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("retry");
        QTest::newRow("500") << 500 << true;
        QTest::newRow("502") << 502 << true;
        QTest::newRow("503") << 503 << true;
        QTest::newRow("429") << 429 << true;
        QTest::newRow("501 not implemented") << 501 << false;
        QTest::newRow("400") << 400 << false;
        QTest::newRow("401") << 401 << false;
        QTest::newRow("403") << 403 << false;
        QTest::newRow("404") << 404 << false;
    }

    void retriesOnlyWhatCanSucceedLater()
    {
        QFETCH(int, status);
        QFETCH(bool, retry);
        const RetryPolicy p;
        QCOMPARE(p.delayAfter(1, Outcome::Status, status, {}, kNow, 0.5).has_value(), retry);
    }

    void backoffDoublesWithJitterAndStops()
    {
        RetryPolicy p;
        p.maxAttempts = 5;
        // Equal jitter: between half and all of 250, 500, 1000, 2000 ms.
        QCOMPARE(p.delayAfter(1, Outcome::Transport, 0, {}, kNow, 0.0), std::optional<int>(125));
        QCOMPARE(p.delayAfter(1, Outcome::Transport, 0, {}, kNow, 1.0), std::optional<int>(250));
        QCOMPARE(p.delayAfter(2, Outcome::Transport, 0, {}, kNow, 1.0), std::optional<int>(500));
        QCOMPARE(p.delayAfter(4, Outcome::Status, 503, {}, kNow, 0.0), std::optional<int>(1000));
        QVERIFY(!p.delayAfter(5, Outcome::Transport, 0, {}, kNow, 0.5).has_value());
        p.maxDelayMs = 300;
        QCOMPARE(p.delayAfter(4, Outcome::Transport, 0, {}, kNow, 1.0), std::optional<int>(300));
    }

    void honoursRetryAfter()
    {
        const RetryPolicy p;
        QCOMPARE(p.delayAfter(1, Outcome::Status, 429, "2", kNow, 0.9), std::optional<int>(2000));
        QCOMPARE(p.delayAfter(1, Outcome::Status, 503, "Sat, 28 Nov 2026 12:00:05 GMT", kNow, 0.9),
                 std::optional<int>(5000));
        // A date in the past means "now".
        QCOMPARE(p.delayAfter(1, Outcome::Status, 503, "Sat, 28 Nov 2026 11:00:00 GMT", kNow, 0.9),
                 std::optional<int>(0));
        // Longer than a caller should wait: give up and report instead.
        QVERIFY(!p.delayAfter(1, Outcome::Status, 429, "3600", kNow, 0.9).has_value());
        // Unreadable: fall back to backoff.
        QCOMPARE(p.delayAfter(1, Outcome::Status, 429, "soon", kNow, 1.0), std::optional<int>(250));
    }

    void parsesRetryAfter()
    {
        QCOMPARE(RetryPolicy::parseRetryAfter(" 7 ", kNow), std::optional<qint64>(7000));
        QVERIFY(!RetryPolicy::parseRetryAfter("-1", kNow).has_value());
        QVERIFY(!RetryPolicy::parseRetryAfter("", kNow).has_value());
        QCOMPARE(RetryPolicy::parseRetryAfter("Sat, 28 Nov 2026 12:01:00 GMT", kNow), std::optional<qint64>(60000));
    }
};

QTEST_GUILESS_MAIN(TestRetryPolicy)
#include "tst_retrypolicy.moc"
