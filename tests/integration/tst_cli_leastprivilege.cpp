// sanctumctl analyze / analyze --replay / report exposure end to end: a usage
// history written into a data directory, then a real `sanctum --headless` on
// it and the operator's commands, in tables and in JSON.
#include "domain/clock.h"
#include "integrationsupport.h"
#include "root/instance.h"
#include "services/agents/agentregistry.h"
#include "store/datadir.h"
#include "store/usagestats.h"
#include "testsupport.h"
#include "usagehistory.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace sanctum;
using namespace sanctum::test;

namespace {
QJsonObject object(const QByteArray &out)
{
    return QJsonDocument::fromJson(out).object();
}

QStringList strings(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &s : v.toArray())
        out << s.toString();
    return out;
}
} // namespace

class TestCliLeastPrivilege : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    std::unique_ptr<HeadlessInstance> m_instance;
    QDateTime m_hour; // the start of the hour two hours ago, when the history happened

    CtlRun ctl(const QStringList &arguments) const { return m_instance->ctl(arguments); }

    // Two agents' history on github, in a store no instance holds yet.
    bool writeHistory(const QString &dataDir)
    {
        if (!DataDir::prepare(dataDir))
            return false;
        ManualClock clock(QDateTime::currentDateTimeUtc());
        Instance instance(dataDir, clock);
        if (!instance.open())
            return false;
        const auto status = instance.agents().add(QStringLiteral("status-bot"), QStringLiteral("operator:test"));
        const auto triage = instance.agents().add(QStringLiteral("triage-bot"), QStringLiteral("operator:test"));
        if (!status || !triage)
            return false;
        const QString s = status->agent.id;
        const QString t = triage->agent.id;
        const QDateTime h = m_hour;
        const QString get = QStringLiteral("GET");
        using O = UsageEvent::Outcome;
        QList<UsageEvent> calls = repeated(call(s,
                                                QStringLiteral("repo"),
                                                get,
                                                QStringLiteral("/repos/{owner}/{repo}/commits/{ref}/status"),
                                                h.addSecs(600),
                                                O::Allowed,
                                                QStringLiteral("repo:status")),
                                           4);
        calls += repeated(
            call(t, QStringLiteral("repo"), get, QStringLiteral("/repos/{owner}/{repo}/issues"), h.addSecs(300)), 3);
        calls += repeated(call(t,
                               QStringLiteral("admin:org"),
                               get,
                               QStringLiteral("/orgs/{org}/teams"),
                               h.addSecs(1200),
                               O::Allowed,
                               QStringLiteral("read:org")),
                          2);
        calls << call(t, QStringLiteral("user:email"), get, QStringLiteral("/user/emails"), h.addSecs(1500), O::Denied);
        // A route from a hand-edited store, with a terminal escape in it.
        calls << call(t, QStringLiteral("gist"), get, QStringLiteral("/evil/\x1b[31mred"), h.addSecs(1600));
        // Forty days ago: outside the default window.
        calls << call(
            t, QStringLiteral("notifications"), get, QStringLiteral("/notifications"), h.addDays(-40).addSecs(60));
        return insertMissionSpan(
                   instance.database(), s, {QStringLiteral("repo"), QStringLiteral("read:org")}, h, h.addSecs(3600)) &&
               insertMissionSpan(instance.database(),
                                 t,
                                 {QStringLiteral("repo"), QStringLiteral("admin:org"), QStringLiteral("gist")},
                                 h,
                                 h.addSecs(3600)) &&
               insertMissionSpan(instance.database(),
                                 t,
                                 {QStringLiteral("notifications")},
                                 h.addDays(-40),
                                 h.addDays(-40).addSecs(600)) &&
               insertCalls(instance.database(), calls);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        const QDateTime now = QDateTime::currentDateTimeUtc();
        m_hour = UsageStats::hourOf(now).addSecs(-2 * 3600);
        const QString dataDir = m_tmp.path() + QStringLiteral("/data");
        QVERIFY(writeHistory(dataDir));
        m_instance = std::make_unique<HeadlessInstance>(dataDir);
        QVERIFY2(m_instance->start(), m_instance->output().constData());
    }

    void cleanupTestCase() { m_instance.reset(); }

    void analyzeAllAsJson()
    {
        const CtlRun run = ctl(args({"analyze", "--json"}));
        QCOMPARE(run.exitCode, 0);
        const QJsonArray analyses = object(run.out).value(QStringLiteral("analyses")).toArray();
        QCOMPARE(analyses.size(), 2);
        const QJsonObject s =
            analyses
                .at(analyses.at(0).toObject().value(QStringLiteral("agent")) == QStringLiteral("status-bot") ? 0 : 1)
                .toObject();
        QCOMPARE(s.value(QStringLiteral("agent")).toString(), QStringLiteral("status-bot"));
        QCOMPARE(strings(s.value(QStringLiteral("granted"))), args({"read:org", "repo"}));
        QCOMPARE(strings(s.value(QStringLiteral("never_used"))), args({"read:org"}));
        QCOMPARE(strings(s.value(QStringLiteral("recommended"))), args({"repo:status"}));
        const QJsonObject used = s.value(QStringLiteral("used")).toArray().at(0).toObject();
        QCOMPARE(used.value(QStringLiteral("scope")).toString(), QStringLiteral("repo"));
        QCOMPARE(used.value(QStringLiteral("count")).toInt(), 4);
    }

    void analyzeOneAgentAsATable()
    {
        const CtlRun run = ctl(args({"analyze", "triage-bot"}));
        QCOMPARE(run.exitCode, 0);
        const QString out = QString::fromUtf8(run.out);
        QVERIFY2(out.contains(QStringLiteral("RECOMMENDED")), run.out.constData());
        QVERIFY(out.contains(QStringLiteral("triage-bot")));
        QVERIFY(!out.contains(QStringLiteral("status-bot")));
        QVERIFY(out.contains(QStringLiteral("user:email ×1")));
        QVERIFY(out.contains(QStringLiteral("admin:org ×2 (last ")));
        // The recommendation: the issues need repo, the teams read:org, the odd route gist.
        const CtlRun json = ctl(args({"analyze", "triage-bot", "--json"}));
        const QJsonObject t = object(json.out).value(QStringLiteral("analyses")).toArray().at(0).toObject();
        QCOMPARE(strings(t.value(QStringLiteral("recommended"))), args({"gist", "read:org", "repo"}));
        QVERIFY(strings(t.value(QStringLiteral("never_used"))).isEmpty());
    }

    void daysWidensTheWindow()
    {
        const CtlRun run = ctl(args({"analyze", "triage-bot", "--days", "60", "--json"}));
        QCOMPARE(run.exitCode, 0);
        const QJsonObject t = object(run.out).value(QStringLiteral("analyses")).toArray().at(0).toObject();
        QVERIFY(strings(t.value(QStringLiteral("granted"))).contains(QStringLiteral("notifications")));
        const QJsonArray used = t.value(QStringLiteral("used")).toArray();
        QVERIFY(std::any_of(used.begin(), used.end(), [](const QJsonValue &u) {
            return u.toObject().value(QStringLiteral("scope")).toString() == QStringLiteral("notifications");
        }));
        // GET /notifications takes notifications or repo, and repo is needed anyway.
        QCOMPARE(strings(t.value(QStringLiteral("recommended"))), args({"gist", "read:org", "repo"}));
    }

    void replayShowsTheCasualties()
    {
        const CtlRun run = ctl(args({"analyze", "triage-bot", "--replay", "read:org gist", "--json"}));
        QCOMPARE(run.exitCode, 0);
        const QJsonObject r = object(run.out);
        QCOMPARE(r.value(QStringLiteral("safe")).toBool(), false);
        QCOMPARE(r.value(QStringLiteral("calls_replayed")).toInt(), 6);
        QCOMPARE(r.value(QStringLiteral("calls_refused")).toInt(), 3);
        const QJsonArray refused = r.value(QStringLiteral("refused")).toArray();
        QCOMPARE(refused.size(), 1);
        const QJsonObject c = refused.at(0).toObject();
        QCOMPARE(c.value(QStringLiteral("method")).toString(), QStringLiteral("GET"));
        QCOMPARE(c.value(QStringLiteral("path_template")).toString(), QStringLiteral("/repos/{owner}/{repo}/issues"));
        QCOMPARE(c.value(QStringLiteral("count")).toInt(), 3);
        QCOMPARE(c.value(QStringLiteral("needed_any_of")).toArray(), QJsonArray{QJsonArray{QStringLiteral("repo")}});

        const CtlRun table = ctl(args({"analyze", "triage-bot", "--replay", "read:org gist"}));
        QCOMPARE(table.exitCode, 0);
        QVERIFY2(table.out.contains("3 of 6 allowed calls"), table.out.constData());
        QVERIFY(table.out.contains("GET /repos/{owner}/{repo}/issues"));

        // The recommendation breaks nothing.
        const CtlRun clean = ctl(args({"analyze", "triage-bot", "--replay", "repo read:org gist", "--json"}));
        QCOMPARE(clean.exitCode, 0);
        QCOMPARE(object(clean.out).value(QStringLiteral("safe")).toBool(), true);
    }

    void agentTextIsEscaped()
    {
        const CtlRun run = ctl(args({"analyze", "triage-bot", "--replay", "repo"}));
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains("/evil/\\u001b[31mred"), run.out.constData());
        QVERIFY(!run.out.contains('\x1b'));
    }

    void exposureReport()
    {
        const CtlRun run = ctl(args({"report", "exposure", "--json"}));
        QCOMPARE(run.exitCode, 0);
        const QJsonObject r = object(run.out);
        const qint64 hours = r.value(QStringLiteral("window_hours")).toInteger();
        QVERIFY(hours == 720 || hours == 721); // 30 days, and the hour now is in when not on the hour
        // The standing grant: the four scopes granted on github in the window
        // (admin:org gist read:org repo), all window long, for two agents.
        const QJsonObject standing = r.value(QStringLiteral("standing")).toObject();
        QCOMPARE(standing.value(QStringLiteral("held_scope_hours")).toInteger(), 2 * 4 * hours);
        // Missions: status-bot two scopes, triage-bot three, each for one hour.
        const QJsonObject missions = r.value(QStringLiteral("missions")).toObject();
        QCOMPARE(missions.value(QStringLiteral("held_scope_hours")).toInteger(), 5);
        // Used: status-bot repo; triage-bot repo, admin:org and gist, all in one hour.
        QCOMPARE(missions.value(QStringLiteral("used_scope_hours")).toInteger(), 4);
        QCOMPARE(standing.value(QStringLiteral("used_scope_hours")).toInteger(), 4);
        const double unusedStanding = double(2 * 4 * hours - 4);
        QCOMPARE(r.value(QStringLiteral("reduction_percent")).toDouble(),
                 std::round(100.0 * (unusedStanding - 1) / unusedStanding * 100.0) / 100.0);
        QCOMPARE(r.value(QStringLiteral("agents")).toArray().size(), 2);

        const CtlRun table = ctl(args({"report", "exposure"}));
        QCOMPARE(table.exitCode, 0);
        QVERIFY2(table.out.contains("(all agents)"), table.out.constData());
        QVERIFY(table.out.contains("triage-bot"));
        QVERIFY(table.out.contains("STANDING UNUSED"));
    }

    void usageAndFailures()
    {
        QCOMPARE(ctl(args({"analyze", "--days", "0"})).exitCode, 2);
        QCOMPARE(ctl(args({"analyze", "--days", "many"})).exitCode, 2);
        QCOMPARE(ctl(args({"analyze", "a", "b"})).exitCode, 2);
        QCOMPARE(ctl(args({"analyze", "--replay", "repo"})).exitCode, 2); // which agent?
        QCOMPARE(ctl(args({"report"})).exitCode, 2);
        QCOMPARE(ctl(args({"report", "exposure", "extra"})).exitCode, 2);
        const CtlRun unknown = ctl(args({"analyze", "nobody", "--json"}));
        QCOMPARE(unknown.exitCode, 1);
        QCOMPARE(object(unknown.err).value(QStringLiteral("error")).toString(), QStringLiteral("not_found"));
        QCOMPARE(ctl(args({"analyze", "triage-bot", "--replay", "not a scope\""})).exitCode, 1);
    }
};

QTEST_GUILESS_MAIN(TestCliLeastPrivilege)
#include "tst_cli_leastprivilege.moc"
