// The README's run command end to end: `sanctum --demo` (headless here, the
// window is tst_gui's business) starts the sandbox, signs in as the demo
// operator by itself, and sets three demo agents asking for missions that an
// operator approves; stopping Sanctum stops the agents and ends their
// missions, and a second run carries on with the same agents.
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <csignal>

using namespace sanctum::test;

namespace {

QJsonObject object(const QByteArray &out)
{
    return QJsonDocument::fromJson(out).object();
}

QJsonArray array(const QByteArray &out)
{
    return QJsonDocument::fromJson(out).array();
}

// Processes whose command line mentions `needle`: the demo's simulator is
// `sanctumctl --data-dir DIR agent simulate …`.
QList<qint64> processesMentioning(const QString &needle)
{
    QList<qint64> pids;
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        bool numeric = false;
        const qint64 pid = entry.toLongLong(&numeric);
        if (!numeric)
            continue;
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(entry));
        if (!cmdline.open(QIODevice::ReadOnly))
            continue;
        const QByteArray raw = cmdline.readAll();
        if (raw.contains("simulate") && raw.contains(needle.toUtf8()))
            pids << pid;
    }
    return pids;
}

} // namespace

class TestDemoRun : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    QString dataDir() const { return m_dir.filePath(QStringLiteral("data")); }

    std::unique_ptr<HeadlessInstance> startDemo()
    {
        auto instance = std::make_unique<HeadlessInstance>(dataDir());
        if (!instance->start(20000, {QStringLiteral("--demo")})) {
            qWarning().noquote() << instance->output();
            return nullptr;
        }
        return instance;
    }

    static QJsonArray missions(const HeadlessInstance &instance, const QString &status)
    {
        return array(instance
                         .ctl({QStringLiteral("missions"),
                               QStringLiteral("list"),
                               QStringLiteral("--status"),
                               status,
                               QStringLiteral("--json")})
                         .out);
    }

    static QStringList agentsOf(const QJsonArray &missions)
    {
        QStringList names;
        for (const QJsonValue &m : missions)
            names << m.toObject().value(QStringLiteral("agent")).toString();
        names.sort();
        return names;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // No keychain: the sandbox session keeps nothing anyway.
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/sanctum-test-bus");
        qunsetenv("SANCTUM_BROKER");
    }

    void demoSignsInAndItsAgentsAskForMissions()
    {
        auto demo = startDemo();
        QVERIFY(demo);
        QTRY_VERIFY_WITH_TIMEOUT(object(demo->ctl({QStringLiteral("status"), QStringLiteral("--json")}).out)
                                     .value(QStringLiteral("logged_in"))
                                     .toBool(),
                                 20000);
        const QStringList expected{
            QStringLiteral("demo-reckless-bot"), QStringLiteral("demo-release-bot"), QStringLiteral("demo-triage-bot")};
        QTRY_COMPARE_WITH_TIMEOUT(agentsOf(missions(*demo, QStringLiteral("pending"))), expected, 20000);

        // The operator approves the triage bot's request; the bot then works
        // through the broker and its calls are recorded.
        QString triage;
        for (const QJsonValue &m : missions(*demo, QStringLiteral("pending")))
            if (m.toObject().value(QStringLiteral("agent")).toString() == QStringLiteral("demo-triage-bot"))
                triage = m.toObject().value(QStringLiteral("id")).toString();
        const CtlRun approved = demo->ctl({QStringLiteral("missions"), QStringLiteral("approve"), triage});
        QVERIFY2(approved.exitCode == 0, approved.err.constData());
        QTRY_VERIFY_WITH_TIMEOUT(
            !object(
                 demo->ctl({QStringLiteral("missions"), QStringLiteral("show"), triage, QStringLiteral("--json")}).out)
                 .value(QStringLiteral("recent_calls"))
                 .toArray()
                 .isEmpty(),
            20000);

        // Stopping Sanctum stops the agents, and they end their missions
        // on the way out instead of leaving them to their TTL.
        QCOMPARE(processesMentioning(dataDir()).size(), 1);
        demo->stop();
        QCOMPARE(demo->process().exitStatus(), QProcess::NormalExit);
        QCOMPARE(demo->process().exitCode(), 0);
        QVERIFY(processesMentioning(dataDir()).isEmpty());
        QVERIFY2(demo->output().contains("demo-triage-bot    finished"), demo->output().constData());
    }

    void secondRunCarriesOnWithTheSameAgents()
    {
        auto demo = startDemo();
        QVERIFY(demo);
        QVERIFY(missions(*demo, QStringLiteral("active")).isEmpty()); // ended by the first run
        QTRY_COMPARE_WITH_TIMEOUT(missions(*demo, QStringLiteral("pending")).size(), 3, 30000);
        const QJsonArray all = array(demo->ctl({QStringLiteral("agents"),
                                                QStringLiteral("list"),
                                                QStringLiteral("--all"),
                                                QStringLiteral("--json")})
                                         .out);
        // New keys for the known agents, not new agents: their history stays theirs.
        QCOMPARE(all.size(), 3);
        for (const QJsonValue &a : all)
            QVERIFY(!a.toObject().contains(QStringLiteral("removed_at")));
        const QJsonArray rotations = array(demo->ctl({QStringLiteral("audit"),
                                                      QStringLiteral("list"),
                                                      QStringLiteral("--action"),
                                                      QStringLiteral("agent.key_rotated"),
                                                      QStringLiteral("--json")})
                                               .out);
        QCOMPARE(rotations.size(), 3);
    }

    void killedSanctumTakesItsAgentsAlong()
    {
        auto demo = startDemo();
        QVERIFY(demo);
        QTRY_COMPARE_WITH_TIMEOUT(processesMentioning(dataDir()).size(), 1, 20000);
        ::kill(pid_t(demo->process().processId()), SIGKILL);
        QVERIFY(demo->process().waitForFinished(5000));
        QTRY_VERIFY_WITH_TIMEOUT(processesMentioning(dataDir()).isEmpty(), 10000);
    }
};

QTEST_GUILESS_MAIN(TestDemoRun)
#include "tst_demo_run.moc"
