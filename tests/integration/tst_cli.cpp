// sanctumctl end to end: exit codes, output, agents and policy, against a
// real `sanctum --headless`.

#include "domain/version.h"
#include "integrationsupport.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace sanctum::test;

namespace {
// Runs sanctumctl with an extra environment variable set.
CtlRun runCtlWithEnv(const QStringList &arguments, const QString &name, const QString &value)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(name, value);
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(SANCTUMCTL_BIN), arguments);
    CtlRun r;
    if (!finishes(p, 30000))
        return r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

QString describe(const CtlRun &r)
{
    return QStringLiteral("exit %1\nstdout: %2\nstderr: %3")
        .arg(r.exitCode)
        .arg(QString::fromUtf8(r.out), QString::fromUtf8(r.err));
}
} // namespace

class TestCli : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<HeadlessInstance> m_instance;

    CtlRun ctl(const QStringList &arguments) const { return m_instance->ctl(arguments); }

    QJsonObject ctlObject(const QStringList &arguments) const
    {
        const CtlRun r = ctl(arguments);
        return r.exitCode == 0 ? parseJson(r.out).object() : QJsonObject();
    }

    qint64 auditHead() const
    {
        return ctlObject(args({"status", "--json"})).value(QStringLiteral("audit_head")).toInteger(-1);
    }

    QJsonObject effectivePolicy() const
    {
        return ctlObject(args({"policy", "show", "--json"})).value(QStringLiteral("effective")).toObject();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_instance = std::make_unique<HeadlessInstance>();
        QVERIFY2(m_instance->start(), m_instance->output().constData());
    }

    void cleanupTestCase() { m_instance.reset(); }

    void noInstanceRunning_data()
    {
        QTest::addColumn<QStringList>("command");
        QTest::newRow("status") << args({"status"});
        QTest::newRow("agents list") << args({"agents", "list"});
        QTest::newRow("agents add") << args({"agents", "add", "nobody"});
        QTest::newRow("policy show") << args({"policy", "show"});
        QTest::newRow("audit verify") << args({"audit", "verify"});
    }

    void noInstanceRunning()
    {
        QFETCH(QStringList, command);
        QTemporaryDir tmp;
        const QString dir = tmp.path() + QStringLiteral("/nothing-here");
        const CtlRun r = runCtl(QStringList{QStringLiteral("--data-dir"), dir} + command);
        QCOMPARE(r.exitCode, 1);
        const QString err = QString::fromUtf8(r.err);
        QVERIFY2(err.contains(QStringLiteral("no Sanctum instance is running")), qPrintable(describe(r)));
        QVERIFY2(err.contains(dir), qPrintable(describe(r)));
        QVERIFY(r.out.isEmpty());
        QVERIFY2(!QFileInfo::exists(dir), "sanctumctl created the data directory");

        // The same failure as JSON for scripts.
        const CtlRun json = runCtl(QStringList{QStringLiteral("--data-dir"), dir, QStringLiteral("--json")} + command);
        QCOMPARE(json.exitCode, 1);
        QCOMPARE(parseJson(json.err).object().value(QStringLiteral("error")).toString(), QStringLiteral("not_running"));
    }

    void versionAndHelp()
    {
        const CtlRun version = runCtl(args({"--version"}));
        QCOMPARE(version.exitCode, 0);
        QCOMPARE(QString::fromUtf8(version.out).trimmed(), QStringLiteral("sanctumctl " SANCTUM_VERSION));

        for (const char *flag : {"--help", "-h"}) {
            const CtlRun help = runCtl(args({flag}));
            QCOMPARE(help.exitCode, 0);
            QVERIFY(help.out.contains("Usage: sanctumctl"));
            QVERIFY(help.out.contains("agents add NAME"));
            QVERIFY(help.out.contains("Exit status"));
            QVERIFY(help.err.isEmpty());
        }
        // With no command at all, the help goes to stderr as a usage error.
        const CtlRun bare = runCtl({});
        QCOMPARE(bare.exitCode, 2);
        QVERIFY(bare.out.isEmpty());
        QVERIFY(bare.err.contains("Usage: sanctumctl"));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("command");
        QTest::newRow("unknown command") << args({"frobnicate"});
        QTest::newRow("agents without subcommand") << args({"agents"});
        QTest::newRow("unknown agents subcommand") << args({"agents", "rename", "x"});
        QTest::newRow("agents add without name") << args({"agents", "add"});
        QTest::newRow("agents add with two names") << args({"agents", "add", "a", "b"});
        QTest::newRow("agents show without agent") << args({"agents", "show"});
        QTest::newRow("agents remove without agent") << args({"agents", "remove", "--reason", "x"});
        QTest::newRow("unknown long option") << args({"status", "--bogus"});
        QTest::newRow("unknown short option") << args({"-x", "status"});
        QTest::newRow("option without value") << args({"agents", "remove", "a", "--reason"});
        QTest::newRow("flag given a value") << args({"status", "--json=yes"});
        QTest::newRow("status with a word") << args({"status", "now"});
        QTest::newRow("policy without subcommand") << args({"policy"});
        QTest::newRow("policy set without option") << args({"policy", "set"});
        QTest::newRow("policy set non-number ttl") << args({"policy", "set", "--max-ttl", "ten"});
        QTest::newRow("policy set bad bool") << args({"policy", "set", "--require-purpose", "maybe"});
        QTest::newRow("policy set bad scope") << args({"policy", "set", "--auto-approve", "read:\"x\""});
        QTest::newRow("audit without subcommand") << args({"audit"});
        QTest::newRow("audit list bad limit") << args({"audit", "list", "--limit", "many"});
        QTest::newRow("audit export xml") << args({"audit", "export", "--format", "xml"});
    }

    // Usage errors exit 2, say why on stderr, and never reach the instance.
    void usageErrors()
    {
        QFETCH(QStringList, command);
        const qint64 head = auditHead();
        QVERIFY(head >= 0);
        const CtlRun r = ctl(command);
        QVERIFY2(r.exitCode == 2, qPrintable(describe(r)));
        QVERIFY2(r.err.startsWith("sanctumctl: "), qPrintable(describe(r)));
        QVERIFY(r.out.isEmpty());
        QCOMPARE(auditHead(), head);
    }

    void statusJson()
    {
        const CtlRun r = ctl(args({"status", "--json"}));
        QCOMPARE(r.exitCode, 0);
        const QJsonObject s = parseJson(r.out).object();
        for (const char *key : {"version", "pid", "data_dir", "broker_url", "logged_in", "tenant"})
            QVERIFY2(s.contains(QLatin1String(key)), key);
        QCOMPARE(s.value(QStringLiteral("version")).toString(), QStringLiteral(SANCTUM_VERSION));
        QCOMPARE(s.value(QStringLiteral("pid")).toInteger(), m_instance->process().processId());
        QCOMPARE(s.value(QStringLiteral("data_dir")).toString(), m_instance->dataDir());
        QVERIFY(s.value(QStringLiteral("logged_in")).isBool());

        const CtlRun table = ctl(args({"status"}));
        QCOMPARE(table.exitCode, 0);
        QVERIFY(table.out.contains(QByteArray::number(m_instance->process().processId())));
        QVERIFY(table.out.contains(m_instance->dataDir().toUtf8()));
    }

    void dataDirFromTheEnvironment()
    {
        const CtlRun viaEnv =
            runCtlWithEnv(args({"status", "--json"}), QStringLiteral("SANCTUM_DATA_DIR"), m_instance->dataDir());
        QCOMPARE(viaEnv.exitCode, 0);
        QCOMPARE(parseJson(viaEnv.out).object().value(QStringLiteral("pid")).toInteger(),
                 m_instance->process().processId());
        // --data-dir wins over the environment.
        QTemporaryDir tmp;
        const CtlRun flagWins =
            runCtlWithEnv(QStringList{QStringLiteral("--data-dir"), m_instance->dataDir(), QStringLiteral("status")},
                          QStringLiteral("SANCTUM_DATA_DIR"),
                          tmp.path());
        QCOMPARE(flagWins.exitCode, 0);
    }

    // Every spelling of the same directory finds the same instance.
    void dataDirSpellings()
    {
        const QString dir = m_instance->dataDir();
        const QFileInfo info(dir);
        const QList<QStringList> spellings = {
            {QStringLiteral("--data-dir"), dir + QStringLiteral("/")},
            {QStringLiteral("--data-dir=") + dir},
            {QStringLiteral("--data-dir"), dir + QStringLiteral("/../") + info.fileName()},
        };
        for (const QStringList &spelling : spellings) {
            const CtlRun r = runCtl(spelling + args({"status", "--json"}));
            QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
            QCOMPARE(parseJson(r.out).object().value(QStringLiteral("pid")).toInteger(),
                     m_instance->process().processId());
        }
        // Relative to the working directory.
        QProcess p;
        p.setWorkingDirectory(info.absolutePath());
        p.start(QStringLiteral(SANCTUMCTL_BIN),
                {QStringLiteral("--data-dir"), info.fileName(), QStringLiteral("status"), QStringLiteral("--json")});
        QVERIFY(finishes(p));
        QCOMPARE(p.exitCode(), 0);
        QCOMPARE(parseJson(p.readAllStandardOutput()).object().value(QStringLiteral("data_dir")).toString(), dir);
    }

    void agentsAddJson()
    {
        const CtlRun r = ctl(args({"agents", "add", "triage-bot", "--json"}));
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        const QJsonObject added = parseJson(r.out).object();
        QCOMPARE(added.keys(), (QStringList{QStringLiteral("id"), QStringLiteral("key"), QStringLiteral("name")}));
        QCOMPARE(added.value(QStringLiteral("name")).toString(), QStringLiteral("triage-bot"));
        QVERIFY(added.value(QStringLiteral("id")).toString().startsWith(QStringLiteral("ag_")));
        static const QRegularExpression keyShape(QStringLiteral("^sa_[A-Za-z0-9_-]{43}$"));
        QVERIFY2(keyShape.match(added.value(QStringLiteral("key")).toString()).hasMatch(), r.out.constData());

        const QJsonObject shown = ctlObject(args({"agents", "show", "triage-bot", "--json"}));
        QCOMPARE(shown.value(QStringLiteral("id")), added.value(QStringLiteral("id")));
        const QJsonObject byId = ctlObject({QStringLiteral("agents"),
                                            QStringLiteral("show"),
                                            added.value(QStringLiteral("id")).toString(),
                                            QStringLiteral("--json")});
        QCOMPARE(byId.value(QStringLiteral("name")).toString(), QStringLiteral("triage-bot"));
    }

    void agentsAddPlainShowsTheKeyOnce()
    {
        const CtlRun r = ctl(args({"agents", "add", "plain-bot"}));
        QCOMPARE(r.exitCode, 0);
        static const QRegularExpression key(QStringLiteral("sa_[A-Za-z0-9_-]{43}"));
        QVERIFY2(key.match(QString::fromUtf8(r.out)).hasMatch(), r.out.constData());
        QVERIFY(r.out.contains("shown only this once"));
    }

    void theKeyIsNeverShownAgain()
    {
        const QJsonObject added = ctlObject(args({"agents", "add", "secret-keeper", "--json"}));
        const QByteArray key = added.value(QStringLiteral("key")).toString().toUtf8();
        QCOMPARE(key.size(), 46);
        const QByteArray body = key.mid(3);
        const QList<QStringList> commands = {
            args({"agents", "list", "--json"}),
            args({"agents", "list", "--all", "--json"}),
            args({"agents", "list"}),
            args({"agents", "show", "secret-keeper", "--json"}),
            args({"agents", "show", "secret-keeper"}),
            args({"audit", "list", "--json"}),
            args({"audit", "list"}),
            args({"audit", "export"}),
            args({"audit", "export", "--format", "csv"}),
            args({"status", "--json"}),
        };
        for (const QStringList &command : commands) {
            const CtlRun r = ctl(command);
            QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
            QVERIFY2(!r.out.isEmpty(), qPrintable(command.join(QLatin1Char(' '))));
            QVERIFY2(!r.out.contains(body) && !r.err.contains(body), qPrintable(command.join(QLatin1Char(' '))));
        }
        // Only a short prefix identifies it.
        const QJsonObject shown = ctlObject(args({"agents", "show", "secret-keeper", "--json"}));
        QVERIFY(!shown.contains(QStringLiteral("key")));
        QVERIFY(key.startsWith(shown.value(QStringLiteral("key_prefix")).toString().toUtf8()));
        // Nor does the instance print it, though it logs the addition.
        const QByteArray log = drainOutput(m_instance->process());
        QVERIFY(log.contains("agent.added"));
        QVERIFY(!log.contains(body));
    }

    void duplicateAndInvalidNamesFail()
    {
        QCOMPARE(ctl(args({"agents", "add", "twin"})).exitCode, 0);
        const CtlRun twice = ctl(args({"agents", "add", "twin"}));
        QCOMPARE(twice.exitCode, 1);
        QVERIFY2(twice.err.contains("already exists"), qPrintable(describe(twice)));
        QVERIFY(twice.out.isEmpty());

        const CtlRun bad = ctl(args({"agents", "add", "no spaces!"}));
        QCOMPARE(bad.exitCode, 1);
        QVERIFY2(bad.err.contains("not a valid agent name"), qPrintable(describe(bad)));
    }

    void removeAgent()
    {
        const QJsonObject added = ctlObject(args({"agents", "add", "short-lived", "--json"}));
        const QString id = added.value(QStringLiteral("id")).toString();
        QVERIFY(!id.isEmpty());

        const CtlRun removed = ctl(args({"agents", "remove", "short-lived", "--reason", "x"}));
        QVERIFY2(removed.exitCode == 0, qPrintable(describe(removed)));
        const CtlRun show = ctl(args({"agents", "show", "short-lived"}));
        QCOMPARE(show.exitCode, 1);
        QVERIFY(show.err.contains("no agent"));
        QCOMPARE(ctl(args({"agents", "remove", "short-lived"})).exitCode, 1);

        auto findIn = [&](const QStringList &command) {
            const CtlRun r = ctl(command);
            for (const QJsonValue &v : parseJson(r.out).array())
                if (v.toObject().value(QStringLiteral("id")).toString() == id)
                    return v.toObject();
            return QJsonObject();
        };
        QVERIFY(findIn(args({"agents", "list", "--json"})).isEmpty());
        const QJsonObject listed = findIn(args({"agents", "list", "--all", "--json"}));
        QCOMPARE(listed.value(QStringLiteral("name")).toString(), QStringLiteral("short-lived"));
        QVERIFY(!listed.value(QStringLiteral("removed_at")).toString().isEmpty());

        const QJsonArray trail = parseJson(ctl({QStringLiteral("audit"),
                                                QStringLiteral("list"),
                                                QStringLiteral("--subject"),
                                                id,
                                                QStringLiteral("--json")})
                                               .out)
                                     .array();
        QCOMPARE(trail.size(), 2);
        QCOMPARE(trail.at(1).toObject().value(QStringLiteral("action")).toString(), QStringLiteral("agent.removed"));
        QCOMPARE(trail.at(1).toObject().value(QStringLiteral("details")).toObject().value(QStringLiteral("reason")),
                 QJsonValue(QStringLiteral("x")));

        // The name is free again.
        QCOMPARE(ctl(args({"agents", "add", "short-lived"})).exitCode, 0);
    }

    void unknownAgentAsJson()
    {
        const CtlRun r = ctl(args({"agents", "show", "nobody-at-all", "--json"}));
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.isEmpty());
        QCOMPARE(parseJson(r.err).object().value(QStringLiteral("error")).toString(), QStringLiteral("not_found"));
    }

    void policySetAndShow()
    {
        const CtlRun set = ctl(args({"policy", "set", "--max-ttl", "900", "--auto-approve", "read:user repo:status"}));
        QVERIFY2(set.exitCode == 0, qPrintable(describe(set)));
        const QJsonObject effective = effectivePolicy();
        QCOMPARE(effective.value(QStringLiteral("max_ttl_seconds")).toInteger(), 900);
        QCOMPARE(effective.value(QStringLiteral("auto_approve_scopes")).toArray(),
                 (QJsonArray{QStringLiteral("read:user"), QStringLiteral("repo:status")}));
        QCOMPARE(effective.value(QStringLiteral("connection")).toString(), QStringLiteral("*"));

        const CtlRun table = ctl(args({"policy", "show"}));
        QCOMPARE(table.exitCode, 0);
        QVERIFY(table.out.contains("900 s"));
        QVERIFY(table.out.contains("read:user repo:status"));
    }

    void invalidPolicyIsRefusedAndNothingChanges_data()
    {
        QTest::addColumn<QStringList>("command");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("zero ttl") << args({"policy", "set", "--max-ttl", "0"}) << QStringLiteral("max_ttl_seconds");
        QTest::newRow("negative ttl") << args({"policy", "set", "--max-ttl", "-5"})
                                      << QStringLiteral("max_ttl_seconds");
        QTest::newRow("ttl over a week") << args({"policy", "set", "--max-ttl", "604801"})
                                         << QStringLiteral("max_ttl_seconds");
        QTest::newRow("zero expiry") << args({"policy", "set", "--request-expiry", "0", "--max-ttl", "60"})
                                     << QStringLiteral("request_expiry_seconds");
    }

    void invalidPolicyIsRefusedAndNothingChanges()
    {
        QFETCH(QStringList, command);
        QFETCH(QString, mentions);
        const QJsonObject before = effectivePolicy();
        QVERIFY(!before.isEmpty());
        const qint64 head = auditHead();
        const CtlRun r = ctl(command);
        QVERIFY2(r.exitCode == 1, qPrintable(describe(r)));
        const QString err = QString::fromUtf8(r.err);
        QVERIFY2(err.contains(mentions) && err.contains(QStringLiteral("whole number")), qPrintable(err));
        QVERIFY(r.out.isEmpty());
        QCOMPARE(effectivePolicy(), before);
        QCOMPARE(auditHead(), head);
    }

    void policyPerConnection()
    {
        QCOMPARE(ctl(args({"policy", "set", "--max-ttl", "1200"})).exitCode, 0);
        QCOMPARE(ctl(args({"policy", "set", "--connection", "github", "--max-ttl", "600"})).exitCode, 0);
        const QJsonObject github = ctlObject(args({"policy", "show", "--connection", "github", "--json"}));
        QCOMPARE(github.value(QStringLiteral("effective")).toObject().value(QStringLiteral("max_ttl_seconds")),
                 QJsonValue(600));
        QCOMPARE(effectivePolicy().value(QStringLiteral("max_ttl_seconds")), QJsonValue(1200));
        const QJsonObject slack = ctlObject(args({"policy", "show", "--connection", "slack", "--json"}));
        QCOMPARE(slack.value(QStringLiteral("effective")).toObject().value(QStringLiteral("max_ttl_seconds")),
                 QJsonValue(1200));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
