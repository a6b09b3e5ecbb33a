#include "domain/clock.h"
#include "rawsql.h"
#include "store/auditlog.h"
#include "store/database.h"
#include "store/datadir.h"

#include <QDeadlineTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace sanctum;
using sanctum::test::RawSql;

namespace {

constexpr int kTimeoutMs = 30000;

// The auditwriter child and the acknowledgements it printed.
class Writer {
public:
    ~Writer()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(kTimeoutMs);
        }
    }

    bool start(const QString &dataDir, qint64 maxEntries = -1)
    {
        QStringList args{dataDir};
        if (maxEntries >= 0)
            args << QString::number(maxEntries);
        m_process.start(QStringLiteral(AUDITWRITER_BIN), args);
        return m_process.waitForStarted(kTimeoutMs);
    }

    // Waits until the child has acknowledged at least `n` entries, reading
    // (and checking) every line as it arrives.
    bool waitForAcks(qint64 n)
    {
        const QDeadlineTimer deadline(kTimeoutMs);
        while (lastAck() < n) {
            if (!collect() || m_process.state() != QProcess::Running || deadline.hasExpired())
                return false;
            m_process.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
        }
        return collect();
    }

    // Waits until `n` acknowledgements sit unread in QProcess's buffer; the
    // child keeps writing at full speed meanwhile.
    bool waitForUnreadAcks(qint64 n)
    {
        const QDeadlineTimer deadline(kTimeoutMs);
        while (m_process.peek(m_process.bytesAvailable()).count('\n') < n) {
            if (m_process.state() != QProcess::Running || deadline.hasExpired())
                return false;
            m_process.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
        }
        return true;
    }

    // SIGKILL, then every ack that made it into the pipe before the child died.
    bool kill()
    {
        m_process.kill();
        if (!m_process.waitForFinished(kTimeoutMs))
            return false;
        return collect() && m_pending.isEmpty();
    }

    bool waitForExit() { return m_process.waitForFinished(kTimeoutMs) && collect() && m_pending.isEmpty(); }

    // The child writes its lines with one write() each, so a partial line
    // can only be one the kill cut short; it never counts as an ack.
    bool collect()
    {
        m_pending += m_process.readAllStandardOutput();
        qsizetype nl;
        while ((nl = m_pending.indexOf('\n')) >= 0) {
            const QByteArray line = m_pending.left(nl);
            m_pending.remove(0, nl + 1);
            bool ok = false;
            const qint64 seq = line.startsWith("ack ") ? line.mid(4).toLongLong(&ok) : 0;
            // Fresh directory: acks are 1, 2, 3 … in order.
            if (!ok || seq != lastAck() + 1) {
                m_bad = line;
                return false;
            }
            m_lastAck = seq;
        }
        return true;
    }

    qint64 lastAck() const { return m_lastAck; }
    QByteArray badLine() const { return m_bad; }
    QByteArray stderrText() { return m_process.readAllStandardError(); }
    QProcess &process() { return m_process; }

private:
    QProcess m_process;
    QByteArray m_pending;
    QByteArray m_bad;
    qint64 m_lastAck = 0;
};

// Every acknowledged entry is there, the chain is intact, each entry's change
// survived with it, and the log goes on.
void checkRecovered(const QString &dataDir, qint64 lastAck)
{
    const QString path = DataDir::databasePath(dataDir);
    {
        Database db(path);
        const Status s = db.open();
        QVERIFY2(s.ok(), qPrintable(s.ok() ? QString() : s.error().message));
        ManualClock clock(QDateTime::currentDateTimeUtc().addDays(1));
        AuditLog log(db, clock);
        QVERIFY(log.load().ok());
        const AuditVerification v = log.verify();
        QVERIFY2(v.ok(), qPrintable(v.message));
        // At most one entry committed whose ack the kill cut off.
        QVERIFY2(v.headSeq >= lastAck && v.headSeq <= lastAck + 1,
                 qPrintable(QStringLiteral("head %1, last ack %2").arg(v.headSeq).arg(lastAck)));
        QCOMPARE(v.checked, v.headSeq);
        QCOMPARE(log.headSeq(), v.headSeq);

        const Expected<AuditEvent> next = log.append({QStringLiteral("system"),
                                                      QStringLiteral("test.recovered"),
                                                      QStringLiteral("test"),
                                                      QStringLiteral("after"),
                                                      {}});
        QVERIFY(next.ok());
        QCOMPARE(next->seq, v.headSeq + 1);
        QVERIFY(log.verify().ok());
    }

    RawSql raw(path);
    const qint64 rows =
        raw.scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE seq <= ?"), {lastAck}).toLongLong();
    QCOMPARE(rows, lastAck);
    // The change made in each entry's transaction is there exactly for the entries that are.
    const qint64 head =
        raw.scalar(QStringLiteral("SELECT max(seq) FROM audit_log WHERE action = 'test.written'")).toLongLong();
    QCOMPARE(raw.scalar(QStringLiteral("SELECT count(*) FROM meta WHERE key LIKE 'crash_change_%'")).toLongLong(),
             head);
    QCOMPARE(raw.scalar(QStringLiteral("SELECT count(*) FROM audit_log a JOIN meta m "
                                       "ON m.key = 'crash_change_' || a.seq"))
                 .toLongLong(),
             head);
}

} // namespace

class TestAuditCrash : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void writerRunsToCompletion();
    void killAfterRandomAcks_data();
    void killAfterRandomAcks();
    void killMidBurst_data();
    void killMidBurst();
};

void TestAuditCrash::writerRunsToCompletion()
{
    // The baseline the kill trials rely on: the child writes, acks and the
    // parent reads what it expects.
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString dataDir = tmp.filePath(QStringLiteral("data"));
    Writer w;
    QVERIFY2(w.start(dataDir, 40), qPrintable(w.process().errorString()));
    QVERIFY2(w.waitForExit(), w.badLine().constData());
    QCOMPARE(w.process().exitStatus(), QProcess::NormalExit);
    QVERIFY2(w.process().exitCode() == 0, w.stderrText().constData());
    QCOMPARE(w.lastAck(), qint64(40));
    checkRecovered(dataDir, 40);
}

void TestAuditCrash::killAfterRandomAcks_data()
{
    QTest::addColumn<qint64>("target");
    for (int trial = 1; trial <= 6; ++trial) {
        const qint64 target = QRandomGenerator::global()->bounded(20, 201);
        QTest::addRow("trial %d, kill after %lld acks", trial, target) << target;
    }
}

void TestAuditCrash::killAfterRandomAcks()
{
    QFETCH(qint64, target);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString dataDir = tmp.filePath(QStringLiteral("data"));

    Writer w;
    QVERIFY2(w.start(dataDir), qPrintable(w.process().errorString()));
    QVERIFY2(w.waitForAcks(target),
             qPrintable(QStringLiteral("bad line '%1', stderr: %2")
                            .arg(QString::fromUtf8(w.badLine()), QString::fromUtf8(w.stderrText()))));
    QVERIFY2(w.kill(), w.badLine().constData());
    // Killed by us, not dead of its own accord.
    QVERIFY2(w.process().exitStatus() == QProcess::CrashExit, w.stderrText().constData());
    QVERIFY(w.lastAck() >= target);
    checkRecovered(dataDir, w.lastAck());
}

void TestAuditCrash::killMidBurst_data()
{
    QTest::addColumn<qint64>("unread");
    QTest::newRow("right after the first ack") << qint64(1);
    QTest::newRow("500 acks unread") << qint64(500);
}

void TestAuditCrash::killMidBurst()
{
    QFETCH(qint64, unread);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString dataDir = tmp.filePath(QStringLiteral("data"));

    Writer w;
    QVERIFY2(w.start(dataDir), qPrintable(w.process().errorString()));
    QVERIFY2(w.waitForUnreadAcks(unread), w.stderrText().constData());
    QVERIFY2(w.kill(), w.badLine().constData());
    // Killed by us, not dead of its own accord.
    QVERIFY2(w.process().exitStatus() == QProcess::CrashExit, w.stderrText().constData());
    QVERIFY(w.lastAck() >= unread);
    checkRecovered(dataDir, w.lastAck());
}

QTEST_GUILESS_MAIN(TestAuditCrash)
#include "tst_auditcrash.moc"
