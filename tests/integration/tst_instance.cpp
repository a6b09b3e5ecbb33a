// The life of a `sanctum --headless` process: one instance per data
// directory, clean and unclean stops, a database from the future, and its
// command line.

#include "admin/adminendpoint.h"
#include "domain/version.h"
#include "integrationsupport.h"
#include "testsupport.h"

#include <QFileInfo>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

using namespace sanctum;
using namespace sanctum::test;

namespace {
const QString kSocketName = QStringLiteral("/admin.sock");
const QString kLockName = QStringLiteral("/sanctum.lock");

// `sanctumctl status --json` against `dataDir`, as an object (empty on failure).
QJsonObject ctlStatus(const HeadlessInstance &instance)
{
    const CtlRun r = instance.ctl({QStringLiteral("status"), QStringLiteral("--json")});
    if (r.exitCode != 0)
        return {};
    return parseJson(r.out).object();
}

qint64 statusPid(const HeadlessInstance &instance)
{
    return ctlStatus(instance).value(QStringLiteral("pid")).toInteger(-1);
}

// Adds an agent through sanctumctl; true when it worked.
bool addAgent(const HeadlessInstance &instance, const QString &name)
{
    return instance.ctl({QStringLiteral("agents"), QStringLiteral("add"), name}).exitCode == 0;
}

bool hasAgent(const HeadlessInstance &instance, const QString &name)
{
    return instance.ctl({QStringLiteral("agents"), QStringLiteral("show"), name}).exitCode == 0;
}
} // namespace

class TestInstance : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void dataDirIsCreatedOwnerOnly()
    {
        HeadlessInstance instance;
        QVERIFY(!QFileInfo::exists(instance.dataDir()));
        QVERIFY2(instance.start(), instance.output().constData());
        QCOMPARE(modeBits(instance.dataDir()), 0700);
        QCOMPARE(modeBits(instance.dataDir() + QStringLiteral("/sanctum.db")), 0600);
        QCOMPARE(modeBits(instance.dataDir() + kSocketName) & 077, 0);
    }

    void existingDataDirIsMadePrivate()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.path() + QStringLiteral("/open");
        QVERIFY(QDir().mkpath(dir));
        QVERIFY(QFile::setPermissions(dir,
                                      QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
                                          QFileDevice::ReadGroup | QFileDevice::ExeGroup | QFileDevice::ReadOther |
                                          QFileDevice::ExeOther));
        QCOMPARE(modeBits(dir), 0755);
        HeadlessInstance instance(dir);
        QVERIFY2(instance.start(), instance.output().constData());
        QCOMPARE(modeBits(dir), 0700);
    }

    void readyBannerDescribesTheInstance()
    {
        HeadlessInstance instance;
        QVERIFY2(instance.start(), instance.output().constData());
        const QString banner = QString::fromUtf8(instance.output());
        QVERIFY(banner.contains(QStringLiteral("pid %1").arg(instance.process().processId())));
        QVERIFY(banner.contains(instance.dataDir()));
        QVERIFY(banner.contains(AdminEndpoint::socketPath(instance.dataDir())));
        QVERIFY(banner.contains(QStringLiteral(SANCTUM_VERSION)));
    }

    void secondInstanceOnTheSameDataDirIsRefused()
    {
        HeadlessInstance first;
        QVERIFY2(first.start(), first.output().constData());
        const qint64 firstPid = first.process().processId();

        const SanctumRun second = runSanctum({QStringLiteral("--headless"),
                                              QStringLiteral("--data-dir"),
                                              first.dataDir(),
                                              QStringLiteral("--broker-port"),
                                              QStringLiteral("0")});
        QVERIFY(second.finished);
        QCOMPARE(second.status, QProcess::NormalExit);
        QCOMPARE(second.exitCode, 1);
        const QString err = QString::fromUtf8(second.err);
        QVERIFY2(err.contains(QStringLiteral("another Sanctum instance")), qPrintable(err));
        QVERIFY2(err.contains(QStringLiteral("pid %1").arg(firstPid)), qPrintable(err));
        QVERIFY2(err.contains(first.dataDir()), qPrintable(err));
        QVERIFY(!second.out.contains("Ready."));

        // The first one never noticed.
        QVERIFY(first.isRunning());
        QVERIFY(QFileInfo::exists(first.dataDir() + kSocketName));
        QCOMPARE(statusPid(first), firstPid);
        QVERIFY(addAgent(first, QStringLiteral("after-the-second")));
    }

    void sigtermStopsCleanlyAndFreesTheDataDir()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.path() + QStringLiteral("/data");
        HeadlessInstance first(dir);
        QVERIFY2(first.start(), first.output().constData());
        QVERIFY(addAgent(first, QStringLiteral("survivor")));
        QVERIFY(QFileInfo::exists(dir + kLockName));

        first.process().terminate();
        QVERIFY(finishes(first.process()));
        QCOMPARE(first.process().exitStatus(), QProcess::NormalExit);
        QCOMPARE(first.process().exitCode(), 0);
        QVERIFY(first.process().readAll().contains("stopping (signal 15)"));
        QVERIFY2(!QFileInfo::exists(dir + kSocketName), "the admin socket outlived a clean stop");
        QVERIFY2(!QFileInfo::exists(dir + kLockName), "the lock outlived a clean stop");

        const CtlRun gone = first.ctl({QStringLiteral("status")});
        QCOMPARE(gone.exitCode, 1);
        QVERIFY(gone.err.contains("no Sanctum instance is running"));

        HeadlessInstance second(dir);
        QVERIFY2(second.start(), second.output().constData());
        QCOMPARE(statusPid(second), second.process().processId());
        QVERIFY(hasAgent(second, QStringLiteral("survivor")));
    }

    void sigintStopsCleanlyToo()
    {
        HeadlessInstance instance;
        QVERIFY2(instance.start(), instance.output().constData());
        QCOMPARE(::kill(pid_t(instance.process().processId()), SIGINT), 0);
        QVERIFY(finishes(instance.process()));
        QCOMPARE(instance.process().exitStatus(), QProcess::NormalExit);
        QCOMPARE(instance.process().exitCode(), 0);
        QVERIFY(!QFileInfo::exists(instance.dataDir() + kSocketName));
    }

    void sigkillLeavesStaleFilesThatDoNotBlockARestart()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.path() + QStringLiteral("/data");
        HeadlessInstance first(dir);
        QVERIFY2(first.start(), first.output().constData());
        QVERIFY(addAgent(first, QStringLiteral("acknowledged")));

        first.process().kill();
        QVERIFY(finishes(first.process()));
        QCOMPARE(first.process().exitStatus(), QProcess::CrashExit);
        // What a killed process leaves behind.
        QVERIFY(QFileInfo::exists(dir + kLockName));
        QVERIFY(QFileInfo::exists(dir + kSocketName));

        // A stale socket file is not a running instance.
        const CtlRun stale = first.ctl({QStringLiteral("status")});
        QCOMPARE(stale.exitCode, 1);
        QVERIFY2(stale.err.contains("no Sanctum instance is running"), stale.err.constData());

        HeadlessInstance second(dir);
        QVERIFY2(second.start(), second.output().constData());
        QCOMPARE(statusPid(second), second.process().processId());
        // What was acknowledged before the kill survived it, chain intact.
        QVERIFY(hasAgent(second, QStringLiteral("acknowledged")));
        QCOMPARE(second.ctl({QStringLiteral("audit"), QStringLiteral("verify")}).exitCode, 0);
        QVERIFY(addAgent(second, QStringLiteral("after-restart")));
    }

    void newerSchemaIsRefusedAndLeftUntouched()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.path() + QStringLiteral("/future");
        QVERIFY(QDir().mkpath(dir));
        const QString dbPath = dir + QStringLiteral("/sanctum.db");
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("future"));
            db.setDatabaseName(dbPath);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("CREATE TABLE from_the_future (x INTEGER)")));
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version=99")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("future"));
        QFile file(dbPath);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray before = file.readAll();
        file.close();

        const SanctumRun run = runSanctum({QStringLiteral("--headless"),
                                           QStringLiteral("--data-dir"),
                                           dir,
                                           QStringLiteral("--broker-port"),
                                           QStringLiteral("0")});
        QVERIFY(run.finished);
        QCOMPARE(run.status, QProcess::NormalExit);
        QCOMPARE(run.exitCode, 1);
        const QString err = QString::fromUtf8(run.err);
        QVERIFY2(err.contains(QStringLiteral("schema version")), qPrintable(err));
        QVERIFY2(err.contains(QStringLiteral("99")), qPrintable(err));
        QVERIFY(!run.out.contains("Ready."));

        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY2(file.readAll() == before, "the newer database was modified");
        QVERIFY(!QFileInfo::exists(dir + kSocketName));
        QVERIFY(!QFileInfo::exists(dir + kLockName));
        QVERIFY(!QFileInfo::exists(dbPath + QStringLiteral("-wal")));
    }

    void unusableDataDirsAreReported_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("not a database") << QStringLiteral("garbage") << QStringLiteral("sanctum.db");
        QTest::newRow("a file, not a directory") << QStringLiteral("file") << QStringLiteral("data directory");
    }

    // Exit 1 with a message naming the problem: no crash, nothing destroyed.
    void unusableDataDirsAreReported()
    {
        QFETCH(QString, kind);
        QFETCH(QString, mentions);
        QTemporaryDir tmp;
        const QString dir = tmp.path() + QStringLiteral("/data");
        const QString victim = kind == QStringLiteral("file") ? dir : dir + QStringLiteral("/sanctum.db");
        QVERIFY(QDir().mkpath(QFileInfo(victim).absolutePath()));
        const QByteArray garbage = QByteArray("this is not SQLite, but someone's notes\n").repeated(200);
        {
            QFile f(victim);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(garbage);
        }
        const SanctumRun run = runSanctum({QStringLiteral("--headless"),
                                           QStringLiteral("--data-dir"),
                                           dir,
                                           QStringLiteral("--broker-port"),
                                           QStringLiteral("0")});
        QVERIFY(run.finished);
        QCOMPARE(run.status, QProcess::NormalExit);
        QCOMPARE(run.exitCode, 1);
        const QString err = QString::fromUtf8(run.err);
        QVERIFY2(err.startsWith(QStringLiteral("sanctum: ")) && err.contains(mentions), qPrintable(err));
        QVERIFY(!run.out.contains("Ready."));
        QFile f(victim);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY2(f.readAll() == garbage, "the file was modified");
    }

    void longDataDirPathsGetARuntimeSocket()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.path() + QStringLiteral("/") + QString(110, QLatin1Char('d'));
        const QString socket = AdminEndpoint::socketPath(dir);
        QVERIFY(!socket.startsWith(dir));
        HeadlessInstance instance(dir);
        QVERIFY2(instance.start(), instance.output().constData());
        QVERIFY(QFileInfo::exists(socket));
        QCOMPARE(modeBits(socket) & 077, 0);
        QCOMPARE(statusPid(instance), instance.process().processId());
        instance.stop();
        QVERIFY(!QFileInfo::exists(socket));
    }

    void dataDirFromTheEnvironment()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.path() + QStringLiteral("/from-env");
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("SANCTUM_DATA_DIR"), dir);
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(SANCTUM_BIN),
                {QStringLiteral("--headless"), QStringLiteral("--broker-port"), QStringLiteral("0")});
        QByteArray out;
        QDeadlineTimer deadline(10000);
        while (!out.contains("Ready.") && p.state() != QProcess::NotRunning && !deadline.hasExpired()) {
            p.waitForReadyRead(LineClient::remaining(deadline));
            out += p.readAllStandardOutput();
        }
        const bool ready = out.contains("Ready.");
        const bool socketThere = QFileInfo::exists(AdminEndpoint::socketPath(dir));
        p.terminate();
        const bool stopped = finishes(p);
        QVERIFY2(ready, out.constData());
        QVERIFY(socketThere);
        QVERIFY(stopped);
    }

    void versionAndHelp_data()
    {
        QTest::addColumn<QString>("option");
        QTest::addColumn<QString>("expected");
        QTest::newRow("--version") << QStringLiteral("--version") << QStringLiteral("sanctum " SANCTUM_VERSION);
        QTest::newRow("--help") << QStringLiteral("--help") << QStringLiteral("--data-dir");
        QTest::newRow("-h") << QStringLiteral("-h") << QStringLiteral("--headless");
    }

    void versionAndHelp()
    {
        QFETCH(QString, option);
        QFETCH(QString, expected);
        const SanctumRun run = runSanctum({option});
        QVERIFY(run.finished);
        QCOMPARE(run.status, QProcess::NormalExit);
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(QString::fromUtf8(run.out).contains(expected), run.out.constData());
    }

    void badCommandLinesExitTwo_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("unknown option") << QStringList{QStringLiteral("--headless"), QStringLiteral("--frobnicate")};
        QTest::newRow("missing value") << QStringList{QStringLiteral("--headless"), QStringLiteral("--data-dir")};
        QTest::newRow("stray word") << QStringList{QStringLiteral("--headless"), QStringLiteral("now")};
    }

    void badCommandLinesExitTwo()
    {
        QFETCH(QStringList, arguments);
        QTemporaryDir tmp;
        // Never start on the default data dir should the parsing go wrong.
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("SANCTUM_DATA_DIR"), tmp.path() + QStringLiteral("/unused"));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(SANCTUM_BIN), arguments);
        QVERIFY(finishes(p));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(!p.readAllStandardError().isEmpty());
        QVERIFY(!p.readAllStandardOutput().contains("Ready."));
    }
};

QTEST_GUILESS_MAIN(TestInstance)
#include "tst_instance.moc"
