#include "audittestutil.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace sanctum;
using namespace sanctum::test;
using Problem = AuditVerification::Problem;

namespace {

constexpr int kEvents = 10;

enum class Tamper { Edit, Delete, Insert, Swap, Truncate, ReplaceLast };

} // namespace

Q_DECLARE_METATYPE(Tamper)
Q_DECLARE_METATYPE(sanctum::AuditVerification::Problem)

class TestAuditChain : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void intactChainVerifies_data();
    void intactChainVerifies();
    void tamperingIsDiagnosed_data();
    void tamperingIsDiagnosed();
    void appendAfterTruncationStillReportsIt();
    void hashesSurviveReopen();
    void entryWithoutSubjectIsLogged();
    void failedAppendLeavesNothing_data();
    void failedAppendLeavesNothing();
};

void TestAuditChain::intactChainVerifies_data()
{
    QTest::addColumn<int>("count");
    QTest::newRow("empty") << 0;
    QTest::newRow("one") << 1;
    QTest::newRow("ten") << 10;
    QTest::newRow("250") << 250;
}

void TestAuditChain::intactChainVerifies()
{
    QFETCH(int, count);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString path = tmp.filePath(QStringLiteral("sanctum.db"));
    QVERIFY(writeLog(path, count));

    Session s(path);
    QVERIFY(s.open().ok());
    QCOMPARE(s.log.headSeq(), qint64(count));
    const AuditVerification v = s.log.verify();
    QVERIFY2(v.ok(), qPrintable(v.message));
    QCOMPARE(v.checked, qint64(count));
    QCOMPARE(v.headSeq, qint64(count));

    AuditQuery all;
    all.limit = 10000;
    const Expected<QList<AuditEvent>> events = s.log.list(all);
    QVERIFY(events.ok());
    QCOMPARE(events->size(), count);
    QByteArray prev = AuditEvent::kGenesisHash;
    for (int i = 0; i < count; ++i) {
        const AuditEvent &e = events->at(i);
        QCOMPARE(e.seq, qint64(i + 1));
        QCOMPARE(e.at, kStart.addSecs(i + 1));
        QCOMPARE(e.prevHash, prev);
        QCOMPARE(e.hash, e.computeHash());
        QCOMPARE(e.hash.size(), 64);
        prev = e.hash;
    }
    QCOMPARE(s.log.headHash(), prev);
}

void TestAuditChain::tamperingIsDiagnosed_data()
{
    QTest::addColumn<Tamper>("tamper");
    QTest::addColumn<int>("k");
    QTest::addColumn<QString>("column"); // Edit: which one; Delete: how many rows; Swap: with which
    QTest::addColumn<QString>("value");
    QTest::addColumn<Problem>("problem");
    QTest::addColumn<qint64>("firstBad");
    QTest::addColumn<qint64>("checked");

    const QString none;
    for (const auto &[column, value] :
         QList<std::pair<QString, QString>>{{QStringLiteral("at"), QStringLiteral("2027-01-01T00:00:00.000Z")},
                                            {QStringLiteral("actor"), QStringLiteral("operator:mallory")},
                                            {QStringLiteral("action"), QStringLiteral("mission.denied")},
                                            {QStringLiteral("subject_type"), QStringLiteral("connection")},
                                            {QStringLiteral("subject_id"), QStringLiteral("id_999")},
                                            {QStringLiteral("details"), QStringLiteral("{\"i\":4,\"name\":\"bot-5\"}")},
                                            {QStringLiteral("prev_hash"), QString(64, QLatin1Char('b'))},
                                            {QStringLiteral("hash"), QString(64, QLatin1Char('a'))}}) {
        QTest::addRow("edit %s of 4", qPrintable(column))
            << Tamper::Edit << 4 << column << value << Problem::Edited << qint64(4) << qint64(3);
    }
    // Same JSON value, other bytes: the stored bytes are what is hashed.
    QTest::newRow("edit details whitespace of 7")
        << Tamper::Edit << 7 << QStringLiteral("details") << QStringLiteral("{\"i\": 7, \"name\": \"bot-7\"}")
        << Problem::Edited << qint64(7) << qint64(6);
    QTest::newRow("edit first") << Tamper::Edit << 1 << QStringLiteral("actor") << QStringLiteral("system")
                                << Problem::Edited << qint64(1) << qint64(0);
    QTest::newRow("edit last") << Tamper::Edit << kEvents << QStringLiteral("actor") << QStringLiteral("system")
                               << Problem::Edited << qint64(kEvents) << qint64(kEvents - 1);

    QTest::newRow("delete first") << Tamper::Delete << 1 << QStringLiteral("1") << none << Problem::Deleted << qint64(1)
                                  << qint64(0);
    QTest::newRow("delete 5") << Tamper::Delete << 5 << QStringLiteral("1") << none << Problem::Deleted << qint64(5)
                              << qint64(4);
    QTest::newRow("delete 4 to 6") << Tamper::Delete << 4 << QStringLiteral("3") << none << Problem::Deleted
                                   << qint64(4) << qint64(3);
    QTest::newRow("delete next to last") << Tamper::Delete << kEvents - 1 << QStringLiteral("1") << none
                                         << Problem::Deleted << qint64(kEvents - 1) << qint64(kEvents - 2);

    // The forged row itself checks out; the break shows at the row after it.
    for (int k : {1, 2, 5, kEvents})
        QTest::addRow("insert at %d", k) << Tamper::Insert << k << none << none << Problem::Inserted << qint64(k)
                                         << qint64(k);
    QTest::newRow("insert after head") << Tamper::Insert << kEvents + 1 << none << none << Problem::Inserted
                                       << qint64(kEvents + 1) << qint64(kEvents + 1);

    for (const auto &[k, other] : QList<std::pair<int, int>>{{1, 2}, {5, 6}, {kEvents - 1, kEvents}, {3, 8}})
        QTest::addRow("swap %d and %d", k, other)
            << Tamper::Swap << k << QString::number(other) << none << Problem::Reordered << qint64(k) << qint64(k - 1);

    for (int keep : {kEvents - 1, 5, 0})
        QTest::addRow("truncate to %d", keep)
            << Tamper::Truncate << keep << none << none << Problem::Truncated << qint64(keep + 1) << qint64(keep);

    // A well-forged last row passes the chain; only the anchored head catches it.
    QTest::newRow("replace last") << Tamper::ReplaceLast << kEvents << none << none << Problem::Edited
                                  << qint64(kEvents) << qint64(kEvents);
}

void TestAuditChain::tamperingIsDiagnosed()
{
    QFETCH(Tamper, tamper);
    QFETCH(int, k);
    QFETCH(QString, column);
    QFETCH(QString, value);
    QFETCH(Problem, problem);
    QFETCH(qint64, firstBad);
    QFETCH(qint64, checked);

    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString path = tmp.filePath(QStringLiteral("sanctum.db"));
    QVERIFY(writeLog(path, kEvents));
    QVERIFY(reopenAndVerify(path).ok());

    {
        RawSql raw(path);
        QVERIFY2(raw.isOpen(), qPrintable(raw.lastError()));
        bool done = false;
        switch (tamper) {
        case Tamper::Edit:
            done = raw.exec(QStringLiteral("UPDATE audit_log SET %1 = ? WHERE seq = ?").arg(column), {value, k});
            break;
        case Tamper::Delete:
            done =
                raw.exec(QStringLiteral("DELETE FROM audit_log WHERE seq >= ? AND seq < ?"), {k, k + column.toInt()});
            break;
        case Tamper::Insert:
            done = true;
            for (int seq = kEvents; seq >= k && done; --seq)
                done = raw.exec(QStringLiteral("UPDATE audit_log SET seq = seq + 1 WHERE seq = ?"), {seq});
            done = done && insertForged(raw, k);
            break;
        case Tamper::Swap:
            done = swapRows(raw, k, column.toInt());
            break;
        case Tamper::Truncate:
            done = raw.exec(QStringLiteral("DELETE FROM audit_log WHERE seq > ?"), {k});
            break;
        case Tamper::ReplaceLast:
            done = raw.exec(QStringLiteral("DELETE FROM audit_log WHERE seq = ?"), {k}) && insertForged(raw, k);
            break;
        }
        QVERIFY2(done, qPrintable(raw.lastError()));
    }

    const AuditVerification v = reopenAndVerify(path);
    QVERIFY(!v.ok());
    QCOMPARE(AuditVerification::problemName(v.problem), AuditVerification::problemName(problem));
    QCOMPARE(v.firstBadSeq, firstBad);
    QCOMPARE(v.checked, checked);
    // Opening a log whose table no longer ends at its head records that in
    // an entry of its own: one past the forged rows, or one past the cut.
    const qint64 head = tamper == Tamper::Insert ? kEvents + 2 : tamper == Tamper::Truncate ? kEvents + 1 : kEvents;
    QCOMPARE(v.headSeq, head);
    // The message names the first entry at fault.
    QVERIFY2(v.message.contains(QString::number(firstBad)), qPrintable(v.message));
    QCOMPARE(v.toJson().value(QStringLiteral("ok")).toBool(), false);
    QCOMPARE(v.toJson().value(QStringLiteral("first_bad_seq")).toInteger(), firstBad);
}

void TestAuditChain::appendAfterTruncationStillReportsIt()
{
    constexpr int keep = 6;
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString path = tmp.filePath(QStringLiteral("sanctum.db"));
    QVERIFY(writeLog(path, kEvents));
    QByteArray lastHash;
    {
        RawSql raw(path);
        lastHash = raw.scalar(QStringLiteral("SELECT hash FROM audit_log WHERE seq = ?"), {kEvents}).toByteArray();
        QVERIFY(raw.exec(QStringLiteral("DELETE FROM audit_log WHERE seq > ?"), {keep}));
    }

    Session s(path, kStart.addSecs(3600));
    QVERIFY(s.open().ok());
    // Opening found the cut and recorded it right after the anchored head,
    // linked to the last entry ever written, not to the surviving rows.
    QCOMPARE(s.log.headSeq(), qint64(kEvents + 1));
    AuditQuery afterTheLog;
    afterTheLog.afterSeq = kEvents;
    afterTheLog.limit = 1;
    const auto marker = s.log.list(afterTheLog);
    QVERIFY(marker.ok() && marker->size() == 1);
    QCOMPARE(marker->first().action, QStringLiteral("audit.tamper_detected"));
    QCOMPARE(marker->first().prevHash, lastHash);
    const Expected<AuditEvent> e = s.log.append(entryFor(kEvents + 2));
    QVERIFY(e.ok());
    QCOMPARE(e->seq, qint64(kEvents + 2));
    QCOMPARE(e->prevHash, marker->first().hash);

    const AuditVerification v = s.log.verify();
    QVERIFY(!v.ok());
    QCOMPARE(v.firstBadSeq, qint64(keep + 1));
    QCOMPARE(v.checked, qint64(keep));
    QCOMPARE(v.headSeq, qint64(kEvents + 2));
    QCOMPARE(AuditVerification::problemName(v.problem), AuditVerification::problemName(Problem::Truncated));
}

void TestAuditChain::hashesSurviveReopen()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString path = tmp.filePath(QStringLiteral("sanctum.db"));
    const QList<AuditEntry> entries = {
        {QStringLiteral("operator:Zoë"),
         QStringLiteral("policy.changed"),
         QStringLiteral("policy"),
         QStringLiteral("*"),
         QJsonObject{{QStringLiteral("zeta"), 1},
                     {QStringLiteral("alpha"), QJsonArray{1, 2.5, -3, true}},
                     {QStringLiteral("ünïcode"), QStringLiteral("日本語 🚀 \"quoted\" \\ \n\t\u0001")}}},
        {QStringLiteral("agent:ag_0123456789abcdef"),
         QStringLiteral("mission.requested"),
         QStringLiteral("mission"),
         QStringLiteral("mi_1"),
         QJsonObject{{QStringLiteral("nested"),
                      QJsonObject{{QStringLiteral("b"), QJsonValue()}, {QStringLiteral("a"), 9007199254740991.0}}},
                     {QStringLiteral("empty"), QJsonObject()}}},
        {QStringLiteral("system"),
         QStringLiteral("instance.started"),
         QStringLiteral("instance"),
         QStringLiteral("i1"),
         {}},
    };

    QList<AuditEvent> appended;
    QByteArray head;
    {
        Session s(path);
        QVERIFY(s.open().ok());
        for (const AuditEntry &entry : entries) {
            s.clock.advance(1234);
            const Expected<AuditEvent> e = s.log.append(entry);
            QVERIFY2(e.ok(), qPrintable(e.ok() ? QString() : e.error().message));
            appended << *e;
        }
        head = s.log.headHash();
    }

    Session s(path, kStart.addDays(1));
    QVERIFY(s.open().ok());
    QCOMPARE(s.log.headSeq(), qint64(entries.size()));
    QCOMPARE(s.log.headHash(), head);
    const AuditVerification v = s.log.verify();
    QVERIFY2(v.ok(), qPrintable(v.message));
    QCOMPARE(v.checked, qint64(entries.size()));

    const Expected<QList<AuditEvent>> read = s.log.list({});
    QVERIFY(read.ok());
    QCOMPARE(read->size(), appended.size());
    for (qsizetype i = 0; i < appended.size(); ++i) {
        QCOMPARE(read->at(i).canonicalJson(), appended.at(i).canonicalJson());
        QCOMPARE(read->at(i).hash, appended.at(i).hash);
        QCOMPARE(read->at(i).computeHash(), appended.at(i).hash);
        QCOMPARE(read->at(i).details, appended.at(i).details);
    }

    // And the chain goes on from where it was left.
    const Expected<AuditEvent> next = s.log.append(entryFor(99));
    QVERIFY(next.ok());
    QCOMPARE(next->prevHash, head);
    QVERIFY(s.log.verify().ok());
}

void TestAuditChain::entryWithoutSubjectIsLogged()
{
    // A default-constructed field is hashed as "" and must be stored as "".
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    Session s(tmp.filePath(QStringLiteral("sanctum.db")));
    QVERIFY(s.open().ok());
    AuditEntry entry;
    entry.actor = QStringLiteral("system");
    entry.action = QStringLiteral("instance.started");
    entry.subjectType = QStringLiteral("instance");
    const Expected<AuditEvent> e = s.log.append(entry);
    QVERIFY2(e.ok(), qPrintable(e.ok() ? QString() : e.error().message));
    const Expected<QList<AuditEvent>> read = s.log.list({});
    QVERIFY(read.ok() && read->size() == 1);
    QCOMPARE(read->first().subjectId, QString());
    QCOMPARE(read->first().hash, e->hash);
    QVERIFY(s.log.verify().ok());
}

void TestAuditChain::failedAppendLeavesNothing_data()
{
    QTest::addColumn<bool>("changeFails");
    QTest::newRow("change fails") << true;
    QTest::newRow("audit write fails after the change") << false;
}

void TestAuditChain::failedAppendLeavesNothing()
{
    QFETCH(bool, changeFails);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString path = tmp.filePath(QStringLiteral("sanctum.db"));
    QVERIFY(writeLog(path, 3));

    Session s(path);
    QVERIFY(s.open().ok());
    const QByteArray headBefore = s.log.headHash();
    QSignalSpy appendedSpy(&s.log, &AuditLog::appended);

    const Expected<AuditEvent> e = s.log.append(entryFor(4), [&]() -> Status {
        if (Status st = s.db.exec(QStringLiteral("INSERT INTO meta (key, value) VALUES ('side_effect', 'x')"),
                                  QStringLiteral("the change"));
            !st)
            return st;
        if (changeFails)
            return Error{QStringLiteral("conflict"), QStringLiteral("the change could not be made")};
        // Occupy the entry's seq so that writing the entry itself fails.
        return s.db.exec(QStringLiteral("INSERT INTO audit_log VALUES (4, 'a', 'b', 'c', 'd', 'e', '{}', 'f', 'g')"),
                         QStringLiteral("squatting seq 4"));
    });
    QVERIFY(!e.ok());
    if (changeFails)
        QCOMPARE(e.error().code, QStringLiteral("conflict"));
    QCOMPARE(appendedSpy.count(), 0);
    QCOMPARE(s.log.headSeq(), qint64(3));
    QCOMPARE(s.log.headHash(), headBefore);

    {
        RawSql raw(path);
        QCOMPARE(raw.scalar(QStringLiteral("SELECT count(*) FROM meta WHERE key = 'side_effect'")).toInt(), 0);
        QCOMPARE(raw.scalar(QStringLiteral("SELECT count(*) FROM audit_log")).toInt(), 3);
        QCOMPARE(raw.scalar(QStringLiteral("SELECT max(seq) FROM audit_log")).toInt(), 3);
        QCOMPARE(raw.scalar(QStringLiteral("SELECT value FROM meta WHERE key = 'audit_head_seq'")).toString(),
                 QStringLiteral("3"));
        QCOMPARE(raw.scalar(QStringLiteral("SELECT value FROM meta WHERE key = 'audit_head_hash'")).toByteArray(),
                 headBefore);
    }
    const AuditVerification v = s.log.verify();
    QVERIFY2(v.ok(), qPrintable(v.message));
    QCOMPARE(v.checked, qint64(3));

    // The log is still usable and the failed attempt left no gap.
    const Expected<AuditEvent> next = s.log.append(entryFor(4));
    QVERIFY(next.ok());
    QCOMPARE(next->seq, qint64(4));
    QCOMPARE(next->prevHash, headBefore);
    QCOMPARE(appendedSpy.count(), 1);
    QVERIFY(s.log.verify().ok());
}

QTEST_GUILESS_MAIN(TestAuditChain)
#include "tst_auditchain.moc"
