// AuditLog::list's query shapes: newest first below a seq (how the audit
// page pages backwards), by action prefix, by actor, by text in the actor or
// subject, and AuditQuery::matches agreeing with the SQL.
#include "audittestutil.h"

#include <QTemporaryDir>
#include <QTest>

using namespace sanctum;
using namespace sanctum::test;

namespace {

constexpr int kEvents = 30;

QList<qint64> seqs(const Expected<QList<AuditEvent>> &events)
{
    QList<qint64> out;
    if (events)
        for (const AuditEvent &e : *events)
            out << e.seq;
    return out;
}

} // namespace

class TestAuditQuery : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Session> m_session;

    AuditLog &log() { return m_session->log; }

    Expected<QList<AuditEvent>> list(const AuditQuery &q) { return log().list(q); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const QString path = m_dir.filePath(QStringLiteral("sanctum.db"));
        // entryFor(i): every third by an agent ("mission.requested"), the
        // rest by operator:cli ("agent.added"); subject "id_<i>".
        QVERIFY(writeLog(path, kEvents));
        m_session = std::make_unique<Session>(path);
        QVERIFY(m_session->open().ok());
    }

    void cleanupTestCase() { m_session.reset(); }

    void newestFirstBelowASeq()
    {
        AuditQuery q;
        q.newestFirst = true;
        q.beforeSeq = 20;
        q.limit = 5;
        QCOMPARE(seqs(list(q)), (QList<qint64>{19, 18, 17, 16, 15}));

        q.beforeSeq = 0; // from the newest
        QCOMPARE(seqs(list(q)), (QList<qint64>{30, 29, 28, 27, 26}));

        q.afterSeq = 27; // both bounds
        q.beforeSeq = 30;
        QCOMPARE(seqs(list(q)), (QList<qint64>{29, 28}));
    }

    void oldestFirstIsStillTheDefault()
    {
        AuditQuery q;
        q.afterSeq = 3;
        q.limit = 3;
        QCOMPARE(seqs(list(q)), (QList<qint64>{4, 5, 6}));
    }

    void pagesBackwardsUnderAFilterCoverEveryMatchOnce()
    {
        AuditQuery q;
        q.actionPrefix = QStringLiteral("mission.");
        q.newestFirst = true;
        q.limit = 4;
        QList<qint64> all;
        for (int pages = 0; pages < 10; ++pages) {
            const QList<qint64> page = seqs(list(q));
            if (page.isEmpty())
                break;
            all += page;
            q.beforeSeq = page.constLast();
        }
        QList<qint64> expected;
        for (qint64 s = kEvents; s >= 1; --s)
            if (s % 3 == 0)
                expected << s;
        QCOMPARE(all, expected);
    }

    void byActor()
    {
        AuditQuery q;
        q.actor = QStringLiteral("operator:cli");
        q.newestFirst = true;
        q.limit = 3;
        QCOMPARE(seqs(list(q)), (QList<qint64>{29, 28, 26}));
        q.limit = 100;
        QCOMPARE(list(q)->size(), kEvents - kEvents / 3);

        q.actor = QStringLiteral("operator:"); // exact, not a prefix
        QVERIFY(list(q)->isEmpty());
    }

    void byActorUsesItsIndex()
    {
        // SQLite's plan for the actor filter's shape; column 3 is the detail.
        QSqlQuery q(m_session->db.handle());
        QVERIFY(q.exec(QStringLiteral("EXPLAIN QUERY PLAN SELECT seq FROM audit_log WHERE seq > 0 AND actor = "
                                      "'operator:cli' ORDER BY seq DESC LIMIT 10")));
        QStringList details;
        while (q.next())
            details << q.value(3).toString();
        const QString plan = details.join(QLatin1Char(' '));
        QVERIFY2(plan.contains(QStringLiteral("audit_log_actor")), qPrintable(plan));
        QVERIFY2(!plan.contains(QStringLiteral("TEMP B-TREE")), qPrintable(plan)); // no sort
    }

    void byTextInActorOrSubject()
    {
        AuditQuery q;
        q.limit = 100;
        q.text = QStringLiteral("ID_1"); // id_1, id_10 … id_19, case ignored
        QCOMPARE(list(q)->size(), 11);
        q.text = QStringLiteral("ag_000"); // the agents, by actor
        QCOMPARE(list(q)->size(), kEvents / 3);
        q.text = QStringLiteral("operator:cli");
        q.actionPrefix = QStringLiteral("mission."); // both filters apply
        QVERIFY(list(q)->isEmpty());
    }

    void textWildcardsMatchThemselves()
    {
        AuditQuery q;
        q.limit = 100;
        q.text = QStringLiteral("id%1"); // as a LIKE pattern it would match id_1…
        QVERIFY(list(q)->isEmpty());
        q.text = QStringLiteral("d__"); // …and this id_10…
        QVERIFY(list(q)->isEmpty());
        q.text = QStringLiteral("id_2"); // an underscore is still an underscore
        QCOMPARE(seqs(list(q)), (QList<qint64>{2, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29}));
    }

    void matchesAgreesWithTheStore_data()
    {
        QTest::addColumn<QString>("prefix");
        QTest::addColumn<QString>("actor");
        QTest::addColumn<QString>("text");
        QTest::newRow("all") << QString() << QString() << QString();
        QTest::newRow("prefix") << QStringLiteral("agent.") << QString() << QString();
        QTest::newRow("actor") << QString() << QStringLiteral("operator:cli") << QString();
        QTest::newRow("text") << QString() << QString() << QStringLiteral("Id_2");
        QTest::newRow("prefix and text") << QStringLiteral("mission.") << QString() << QStringLiteral("_00");
    }

    void matchesAgreesWithTheStore()
    {
        QFETCH(QString, prefix);
        QFETCH(QString, actor);
        QFETCH(QString, text);
        AuditQuery q;
        q.limit = 100;
        q.actionPrefix = prefix;
        q.actor = actor;
        q.text = text;
        const QList<qint64> selected = seqs(list(q));
        QVERIFY(!selected.isEmpty());
        AuditQuery everything;
        everything.limit = 100;
        const auto all = list(everything);
        QCOMPARE(all->size(), kEvents);
        for (const AuditEvent &e : *all)
            QVERIFY2(q.matches(e) == selected.contains(e.seq), qPrintable(QString::number(e.seq)));
    }
};

QTEST_GUILESS_MAIN(TestAuditQuery)
#include "tst_auditquery.moc"
