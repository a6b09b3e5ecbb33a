#include "domain/clock.h"
#include "rawsql.h"
#include "services/agents/agentregistry.h"
#include "store/auditlog.h"
#include "store/database.h"
#include "store/migrations.h"
#include "store/policystore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace sanctum;
using sanctum::test::RawSql;

namespace {

const QDateTime kStart = QDateTime(QDate(2026, 11, 28), QTime(12, 0), Qt::UTC);

QByteArray fileSha256(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(&f);
    return h.result().toHex();
}

QSet<QString> tablesOf(const Database &db)
{
    QSet<QString> names;
    QSqlQuery q(db.handle());
    q.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table'"));
    while (q.next())
        names.insert(q.value(0).toString());
    return names;
}

int userVersionOf(const Database &db)
{
    QSqlQuery q(db.handle());
    return q.exec(QStringLiteral("PRAGMA user_version")) && q.next() ? q.value(0).toInt() : -1;
}

const QSet<QString> kVersion1Tables = {
    QStringLiteral("meta"), QStringLiteral("agents"), QStringLiteral("policies"), QStringLiteral("audit_log")};
const QSet<QString> kVersion2Tables = {QStringLiteral("connections"),
                                       QStringLiteral("grants"),
                                       QStringLiteral("missions"),
                                       QStringLiteral("usage_events")};

} // namespace

class TestMigrations : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void migrationsAreNumberedInOrder();
    void freshDatabaseReachesLatest();
    void reopeningLatestChangesNothing();
    void upgradeFromVersion1KeepsData();
    void newerSchemaIsRefusedUntouched_data();
    void newerSchemaIsRefusedUntouched();
    void notADatabaseIsAClearError_data();
    void notADatabaseIsAClearError();
};

void TestMigrations::migrationsAreNumberedInOrder()
{
    // open(targetVersion) and user_version both rely on 1, 2, 3 … without gaps.
    const QList<Migration> &all = Migrations::all();
    QVERIFY(!all.isEmpty());
    for (qsizetype i = 0; i < all.size(); ++i) {
        QCOMPARE(all.at(i).version, int(i + 1));
        QVERIFY(!all.at(i).statements.isEmpty());
    }
    QCOMPARE(Migrations::latestVersion(), int(all.size()));
}

void TestMigrations::freshDatabaseReachesLatest()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    Database db(tmp.filePath(QStringLiteral("sanctum.db")));
    const Status s = db.open();
    QVERIFY2(s.ok(), qPrintable(s.ok() ? QString() : s.error().message));

    QCOMPARE(db.schemaVersion(), Migrations::latestVersion());
    QCOMPARE(userVersionOf(db), Migrations::latestVersion());
    const QSet<QString> tables = tablesOf(db);
    for (const QString &t : kVersion1Tables + kVersion2Tables)
        QVERIFY2(tables.contains(t), qPrintable(QStringLiteral("missing table %1").arg(t)));

    QSqlQuery q(db.handle());
    QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
    QCOMPARE(q.value(0).toString().toLower(), QStringLiteral("wal"));
    // The file holds the audit log: owner-only.
    QCOMPARE(QFile::permissions(db.path()) & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
             QFileDevice::Permissions());
}

void TestMigrations::reopeningLatestChangesNothing()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString path = tmp.filePath(QStringLiteral("sanctum.db"));
    {
        Database db(path);
        QVERIFY(db.open().ok());
        QVERIFY(
            db.exec(QStringLiteral("INSERT INTO meta (key, value) VALUES ('probe', 'kept')"), QStringLiteral("probe"))
                .ok());
    }
    Database db(path);
    QVERIFY(db.open().ok());
    QCOMPARE(db.schemaVersion(), Migrations::latestVersion());
    QSqlQuery q(db.handle());
    QVERIFY(q.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'probe'")) && q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("kept"));
}

void TestMigrations::upgradeFromVersion1KeepsData()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString path = tmp.filePath(QStringLiteral("sanctum.db"));
    ManualClock clock(kStart);
    QString agentId;
    QString agentKey;
    {
        Database db(path);
        const Status s = db.open(1);
        QVERIFY2(s.ok(), qPrintable(s.ok() ? QString() : s.error().message));
        QCOMPARE(db.schemaVersion(), 1);
        QCOMPARE(userVersionOf(db), 1);
        const QSet<QString> tables = tablesOf(db);
        QVERIFY(tables.contains(kVersion1Tables));
        QVERIFY(!tables.intersects(kVersion2Tables));

        // Data as a version-1 release would have left it.
        AuditLog audit(db, clock);
        QVERIFY(audit.load().ok());
        AgentRegistry agents(db, audit, clock);
        const Expected<NewAgent> added = agents.add(QStringLiteral("build-bot"), QStringLiteral("operator:cli"));
        QVERIFY2(added.ok(), qPrintable(added.ok() ? QString() : added.error().message));
        agentId = added->agent.id;
        agentKey = added->key;
        Policy policy;
        policy.connection = QStringLiteral("github");
        policy.maxTtlSeconds = 900;
        QVERIFY(PolicyStore(db).save(policy, clock.now()).ok());
    }

    clock.advance(60'000);
    Database db(path);
    const Status s = db.open();
    QVERIFY2(s.ok(), qPrintable(s.ok() ? QString() : s.error().message));
    QCOMPARE(db.schemaVersion(), Migrations::latestVersion());
    QCOMPARE(userVersionOf(db), Migrations::latestVersion());
    QVERIFY(tablesOf(db).contains(kVersion1Tables + kVersion2Tables));

    AuditLog audit(db, clock);
    QVERIFY(audit.load().ok());
    QCOMPARE(audit.headSeq(), qint64(1));
    const AuditVerification v = audit.verify();
    QVERIFY2(v.ok(), qPrintable(v.message));
    QCOMPARE(v.checked, qint64(1));

    AgentRegistry agents(db, audit, clock);
    const Expected<std::optional<Agent>> found = agents.find(QStringLiteral("build-bot"));
    QVERIFY(found.ok() && found->has_value());
    QCOMPARE(found->value().id, agentId);
    const Expected<std::optional<Agent>> byKey = agents.authenticate(agentKey);
    QVERIFY(byKey.ok() && byKey->has_value());
    QCOMPARE(byKey->value().id, agentId);

    const Expected<Policy> policy = PolicyStore(db).effective(QStringLiteral("github"));
    QVERIFY(policy.ok());
    QCOMPARE(policy->maxTtlSeconds, 900);

    // The new tables work with the old rows: a grant references the agent.
    QSqlQuery q(db.handle());
    q.prepare(QStringLiteral("INSERT INTO grants (agent_id, connection, scopes, updated_at) VALUES (?, ?, ?, ?)"));
    q.addBindValue(agentId);
    q.addBindValue(QStringLiteral("github"));
    q.addBindValue(QStringLiteral("repo:read"));
    q.addBindValue(QStringLiteral("2026-11-28T12:01:00.000Z"));
    QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
}

void TestMigrations::newerSchemaIsRefusedUntouched_data()
{
    QTest::addColumn<int>("ahead");
    QTest::newRow("one version ahead") << 1;
    QTest::newRow("far ahead") << 40;
}

void TestMigrations::newerSchemaIsRefusedUntouched()
{
    QFETCH(int, ahead);
    const int future = Migrations::latestVersion() + ahead;
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString path = tmp.filePath(QStringLiteral("future.db"));
    {
        // Rollback-journal mode (SQLite's default): any write would change the
        // main file itself, so its hash proves nothing was written.
        RawSql raw(path);
        QVERIFY2(raw.isOpen(), qPrintable(raw.lastError()));
        QVERIFY(raw.exec(QStringLiteral("CREATE TABLE future_things (id INTEGER PRIMARY KEY, what TEXT)")));
        QVERIFY(raw.exec(QStringLiteral("INSERT INTO future_things (what) VALUES ('from a newer Sanctum')")));
        QVERIFY(raw.exec(QStringLiteral("PRAGMA user_version = %1").arg(future)));
        QCOMPARE(raw.scalar(QStringLiteral("PRAGMA journal_mode")).toString().toLower(), QStringLiteral("delete"));
    }
    const QByteArray before = fileSha256(path);
    QVERIFY(!before.isEmpty());
    const QFileDevice::Permissions permissionsBefore = QFile::permissions(path);
    const QStringList entriesBefore = QDir(tmp.path()).entryList(QDir::Files);

    {
        Database db(path);
        const Status s = db.open();
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, QStringLiteral("schema_too_new"));
        QVERIFY2(s.error().message.contains(QString::number(future)), qPrintable(s.error().message));
        QVERIFY2(s.error().message.contains(QString::number(Migrations::latestVersion())),
                 qPrintable(s.error().message));
        QVERIFY(!db.handle().isOpen());
    }

    QCOMPARE(fileSha256(path), before);
    QCOMPARE(QFile::permissions(path), permissionsBefore);
    // No -wal, -shm or -journal left behind either.
    QCOMPARE(QDir(tmp.path()).entryList(QDir::Files), entriesBefore);

    RawSql raw(path);
    QCOMPARE(raw.scalar(QStringLiteral("PRAGMA user_version")).toInt(), future);
    QCOMPARE(raw.scalar(QStringLiteral("PRAGMA journal_mode")).toString().toLower(), QStringLiteral("delete"));
}

void TestMigrations::notADatabaseIsAClearError_data()
{
    QTest::addColumn<QByteArray>("contents");
    QTest::newRow("text") << QByteArray("agents:\n  - build-bot\n").repeated(200);
    QTest::newRow("binary noise") << QByteArray::fromHex("00ff13377f80c0de").repeated(1024);
    QByteArray header("SQLite format 3");
    header.append('\0');
    header.append(QByteArray(4080, '\xa5'));
    QTest::newRow("sqlite header, corrupt body") << header;
}

void TestMigrations::notADatabaseIsAClearError()
{
    QFETCH(QByteArray, contents);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString path = tmp.filePath(QStringLiteral("sanctum.db"));
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QCOMPARE(f.write(contents), contents.size());
    }

    Database db(path);
    const Status s = db.open();
    QVERIFY(!s.ok());
    QCOMPARE(s.error().code, QStringLiteral("store"));
    QVERIFY2(s.error().message.contains(path), qPrintable(s.error().message));
    QVERIFY2(s.error().message.contains(QStringLiteral("not a database")), qPrintable(s.error().message));
    QVERIFY(!db.handle().isOpen());

    // Whatever the file was, it is still exactly that.
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), contents);
}

QTEST_GUILESS_MAIN(TestMigrations)
#include "tst_migrations.moc"
