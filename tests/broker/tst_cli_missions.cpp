// sanctumctl's mission commands end to end: a real `sanctum --headless
// --sandbox` process, the operator's commands over the admin socket and the
// agent's over the broker's HTTP API, as two different people would type them.
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace sanctum::test;

class TestCliMissions : public QObject {
    Q_OBJECT

    std::unique_ptr<HeadlessInstance> m_instance;
    QString m_key;

    static QJsonObject object(const QByteArray &out) { return QJsonDocument::fromJson(out).object(); }
    static QJsonArray array(const QByteArray &out) { return QJsonDocument::fromJson(out).array(); }

    // The agent's side: its key and token come from the environment only.
    CtlRun agent(const QStringList &arguments, const QByteArray &missionToken = {})
    {
        qputenv("SANCTUM_AGENT_KEY", m_key.toLatin1());
        if (missionToken.isEmpty())
            qunsetenv("SANCTUM_MISSION_TOKEN");
        else
            qputenv("SANCTUM_MISSION_TOKEN", missionToken);
        const CtlRun run = m_instance->ctl(QStringList{QStringLiteral("agent")} + arguments);
        qunsetenv("SANCTUM_AGENT_KEY");
        qunsetenv("SANCTUM_MISSION_TOKEN");
        return run;
    }

    QString requestMission(const QString &scope)
    {
        const CtlRun run = agent({QStringLiteral("request"),
                                  QStringLiteral("--purpose"),
                                  QStringLiteral("triage the issues of acme/web"),
                                  QStringLiteral("--scope"),
                                  scope,
                                  QStringLiteral("--json")});
        if (run.exitCode != 0)
            qWarning() << run.err;
        return object(run.out).value(QStringLiteral("id")).toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        qputenv("SANCTUM_BROWSER", SANDBOXBROWSER_BIN);
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/sanctum-test-bus");
        qunsetenv("SANCTUM_BROKER");
        m_instance = std::make_unique<HeadlessInstance>();
        QVERIFY2(m_instance->start(20000, {QStringLiteral("--sandbox")}), m_instance->output().constData());
        // The sandbox configures the tenant a moment after "Ready.".
        QTRY_VERIFY_WITH_TIMEOUT(!object(m_instance->ctl({QStringLiteral("status"), QStringLiteral("--json")}).out)
                                      .value(QStringLiteral("tenant"))
                                      .isNull(),
                                 20000);
        const CtlRun login =
            m_instance->ctl({QStringLiteral("login"), QStringLiteral("--login-hint"), QStringLiteral("alice")});
        QVERIFY2(login.exitCode == 0, login.err.constData());
        const CtlRun added = m_instance->ctl(
            {QStringLiteral("agents"), QStringLiteral("add"), QStringLiteral("triage-bot"), QStringLiteral("--json")});
        m_key = object(added.out).value(QStringLiteral("key")).toString();
        QVERIFY(m_key.startsWith(QStringLiteral("sa_")));
    }

    void cleanupTestCase() { m_instance.reset(); }

    void statusReportsTheBroker()
    {
        const QJsonObject s = object(m_instance->ctl({QStringLiteral("status"), QStringLiteral("--json")}).out);
        const QUrl broker(s.value(QStringLiteral("broker_url")).toString());
        QCOMPARE(broker.host(), QStringLiteral("127.0.0.1"));
        QVERIFY(broker.port() > 0); // started with --broker-port 0: the real port
    }

    void askApproveCallRevoke()
    {
        const QString id = requestMission(QStringLiteral("repo"));
        QVERIFY(id.startsWith(QStringLiteral("ms_")));

        const QJsonArray pending = array(m_instance
                                             ->ctl({QStringLiteral("missions"),
                                                    QStringLiteral("list"),
                                                    QStringLiteral("--status"),
                                                    QStringLiteral("pending"),
                                                    QStringLiteral("--json")})
                                             .out);
        QVERIFY(!pending.isEmpty());
        QCOMPARE(pending.first().toObject().value(QStringLiteral("agent")).toString(), QStringLiteral("triage-bot"));

        const CtlRun approved = m_instance->ctl({QStringLiteral("missions"), QStringLiteral("approve"), id});
        QVERIFY2(approved.exitCode == 0, approved.err.constData());
        QVERIFY(approved.out.contains(QByteArray("Approved " + id.toLatin1())));

        const CtlRun status = agent({QStringLiteral("status"), id, QStringLiteral("--json")});
        QCOMPARE(status.exitCode, 0);
        const QByteArray token = object(status.out).value(QStringLiteral("mission_token")).toString().toLatin1();
        QVERIFY(token.startsWith("sm_"));

        const CtlRun issues = agent(
            {QStringLiteral("call"), QStringLiteral("GET"), QStringLiteral("/github/repos/acme/web/issues")}, token);
        QVERIFY2(issues.exitCode == 0, issues.err.constData());
        QVERIFY(!array(issues.out).isEmpty());

        const CtlRun emails =
            agent({QStringLiteral("call"), QStringLiteral("GET"), QStringLiteral("/github/user/emails")}, token);
        QCOMPARE(emails.exitCode, 1);
        QVERIFY2(emails.err.contains("user:email"), emails.err.constData());

        const QJsonObject shown = object(
            m_instance->ctl({QStringLiteral("missions"), QStringLiteral("show"), id, QStringLiteral("--json")}).out);
        const QJsonArray calls = shown.value(QStringLiteral("recent_calls")).toArray();
        QCOMPARE(calls.size(), 2);
        QCOMPARE(calls.at(0).toObject().value(QStringLiteral("outcome")).toString(), QStringLiteral("denied"));
        QCOMPARE(calls.at(1).toObject().value(QStringLiteral("outcome")).toString(), QStringLiteral("allowed"));

        const CtlRun revoked = m_instance->ctl({QStringLiteral("missions"),
                                                QStringLiteral("revoke"),
                                                id,
                                                QStringLiteral("--reason"),
                                                QStringLiteral("done")});
        QCOMPARE(revoked.exitCode, 0);
        const CtlRun refused = agent(
            {QStringLiteral("call"), QStringLiteral("GET"), QStringLiteral("/github/repos/acme/web/issues")}, token);
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains("no longer active"), refused.err.constData());
    }

    void secretsNeverComeFromArguments()
    {
        // There is no option to pass a key or token on the command line.
        const CtlRun withKey = m_instance->ctl({QStringLiteral("agent"),
                                                QStringLiteral("request"),
                                                QStringLiteral("--key"),
                                                m_key,
                                                QStringLiteral("--purpose"),
                                                QStringLiteral("anything at all"),
                                                QStringLiteral("--scope"),
                                                QStringLiteral("repo")});
        QCOMPARE(withKey.exitCode, 2);
        const CtlRun noKey = m_instance->ctl({QStringLiteral("agent"),
                                              QStringLiteral("request"),
                                              QStringLiteral("--purpose"),
                                              QStringLiteral("anything at all"),
                                              QStringLiteral("--scope"),
                                              QStringLiteral("repo")});
        QCOMPARE(noKey.exitCode, 1);
        QVERIFY(noKey.err.contains("SANCTUM_AGENT_KEY"));
    }

    void waitingForADecisionThatDoesNotComeFails()
    {
        const CtlRun run = agent({QStringLiteral("request"),
                                  QStringLiteral("--purpose"),
                                  QStringLiteral("label the issues of acme/web"),
                                  QStringLiteral("--scope"),
                                  QStringLiteral("repo"),
                                  QStringLiteral("--wait"),
                                  QStringLiteral("1")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.out.contains("pending"), run.out.constData());
    }

    void denyWithAReason()
    {
        const QString id = requestMission(QStringLiteral("repo"));
        const CtlRun denied = m_instance->ctl({QStringLiteral("missions"),
                                               QStringLiteral("deny"),
                                               id,
                                               QStringLiteral("--reason"),
                                               QStringLiteral("too broad")});
        QCOMPARE(denied.exitCode, 0);
        const CtlRun status = agent({QStringLiteral("status"), id});
        QCOMPARE(status.exitCode, 1);
        QVERIFY2(status.out.contains("denied: too broad"), status.out.constData());
    }

    void revokeAllNeedsAReasonAndEndsEverything()
    {
        const QString id = requestMission(QStringLiteral("repo"));
        QCOMPARE(m_instance->ctl({QStringLiteral("missions"), QStringLiteral("approve"), id}).exitCode, 0);
        QCOMPARE(m_instance->ctl({QStringLiteral("revoke-all")}).exitCode, 2);
        const CtlRun all =
            m_instance->ctl({QStringLiteral("revoke-all"), QStringLiteral("--reason"), QStringLiteral("drill")});
        QVERIFY2(all.exitCode == 0, all.err.constData());
        const QJsonObject s = object(m_instance->ctl({QStringLiteral("status"), QStringLiteral("--json")}).out);
        QCOMPARE(s.value(QStringLiteral("missions_active")).toInt(), 0);
        QCOMPARE(s.value(QStringLiteral("missions_pending")).toInt(), 0);
    }

    void demoAgentsWork()
    {
        const CtlRun run = m_instance->ctl({QStringLiteral("agent"),
                                            QStringLiteral("simulate"),
                                            QStringLiteral("--rounds"),
                                            QStringLiteral("6"),
                                            QStringLiteral("--interval"),
                                            QStringLiteral("0"),
                                            QStringLiteral("--approve"),
                                            QStringLiteral("--json")},
                                           60000);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        int allowed = 0;
        int refused = 0;
        for (const QByteArray &line : run.out.split('\n')) {
            const QJsonObject e = object(line);
            if (!e.value(QStringLiteral("event")).toString().startsWith(QLatin1Char('/')) &&
                !e.value(QStringLiteral("event")).toString().contains(QLatin1Char(' ')))
                continue;
            const int status = e.value(QStringLiteral("status")).toInt();
            allowed += status >= 200 && status < 300;
            refused += status == 403 && e.value(QStringLiteral("agent")) == QStringLiteral("demo-reckless-bot");
        }
        QVERIFY2(allowed >= 6, run.out.constData());
        QVERIFY2(refused >= 1, run.out.constData()); // the reckless bot tried what it was not given
        // Its agents are real ones the operator can see.
        const QJsonArray agents =
            array(m_instance->ctl({QStringLiteral("agents"), QStringLiteral("list"), QStringLiteral("--json")}).out);
        QStringList names;
        for (const QJsonValue &a : agents)
            names << a.toObject().value(QStringLiteral("name")).toString();
        QVERIFY(names.contains(QStringLiteral("demo-triage-bot")));
        QVERIFY(names.contains(QStringLiteral("demo-reckless-bot")));
    }
};

QTEST_GUILESS_MAIN(TestCliMissions)
#include "tst_cli_missions.moc"
