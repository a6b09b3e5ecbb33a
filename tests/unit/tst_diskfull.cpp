#include "domain/clock.h"
#include "services/agents/agentregistry.h"
#include "store/agentstore.h"
#include "store/auditlog.h"
#include "store/database.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace sanctum;

// A full disk must fail a change cleanly: a clear error, neither the change
// nor its audit entry kept, the chain intact, and work resuming once space
// is back. SQLite's max_page_count produces the very SQLITE_FULL error a
// full file system does, without needing a small mount.
class TestDiskFull : public QObject {
    Q_OBJECT

    static void limitPages(Database &db, int extraPages)
    {
        QSqlQuery q(db.handle());
        QVERIFY(q.exec(QStringLiteral("PRAGMA page_count")) && q.next());
        const int pages = q.value(0).toInt();
        QVERIFY(q.exec(QStringLiteral("PRAGMA max_page_count = %1").arg(pages + extraPages)));
    }

private Q_SLOTS:
    void fullDiskLosesNothingAndRecovers()
    {
        QTemporaryDir tmp;
        ManualClock clock(QDateTime(QDate(2026, 11, 28), QTime(12, 0), Qt::UTC));
        Database db(tmp.filePath(QStringLiteral("sanctum.db")));
        QVERIFY(db.open().ok());
        AuditLog audit(db, clock);
        QVERIFY(audit.load().ok());
        AgentRegistry agents(db, audit, clock);
        QVERIFY(agents.add(QStringLiteral("before"), QStringLiteral("operator:cli")).ok());

        limitPages(db, 2);
        // Large details fill the allowed pages within a few appends.
        const QJsonObject bulky{{QStringLiteral("note"), QString(3000, QLatin1Char('x'))}};
        Error failure;
        int accepted = 0;
        for (int i = 0; i < 100; ++i) {
            const Expected<AuditEvent> r = audit.append({QStringLiteral("system"),
                                                         QStringLiteral("test.fill"),
                                                         QStringLiteral("test"),
                                                         QString::number(i),
                                                         bulky});
            if (!r) {
                failure = r.error();
                break;
            }
            ++accepted;
        }
        QVERIFY2(!failure.message.isEmpty(), "the page limit was never reached");
        QVERIFY2(failure.message.contains(QStringLiteral("full")), qPrintable(failure.message));
        const qint64 headAtFull = audit.headSeq();
        QCOMPARE(headAtFull, qint64(1 + accepted));

        // A change whose audit entry cannot be written is not made either.
        Agent during;
        during.id = QStringLiteral("ag_during");
        during.name = QStringLiteral("during");
        during.keyHash = QString(64, QLatin1Char('0'));
        during.keyPrefix = QStringLiteral("sa_xxxx");
        during.createdAt = clock.now();
        AgentStore store(db);
        const Expected<AuditEvent> refused = audit.append(
            {QStringLiteral("operator:cli"), QStringLiteral("agent.added"), QStringLiteral("agent"), during.id, bulky},
            [&] { return store.insert(during); });
        QVERIFY(!refused.ok());
        QVERIFY(!agents.find(QStringLiteral("during"))->has_value());
        QCOMPARE(audit.headSeq(), headAtFull);
        QVERIFY(audit.verify().ok());

        // Space comes back: work resumes on the same chain.
        limitPages(db, 1000);
        QVERIFY(agents.add(QStringLiteral("after"), QStringLiteral("operator:cli")).ok());
        QCOMPARE(audit.headSeq(), headAtFull + 1);
        const AuditVerification v = audit.verify();
        QVERIFY2(v.ok(), qPrintable(v.message));
        QCOMPARE(v.checked, headAtFull + 1);
    }
};

QTEST_GUILESS_MAIN(TestDiskFull)
#include "tst_diskfull.moc"
