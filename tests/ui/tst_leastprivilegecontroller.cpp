// The interface's least privilege (LeastPrivilegeController) on a real
// store with a generated usage history: the analysis reaches the page as a
// recommendation, an edited set that drops a needed scope lists exactly the
// calls it would have refused, and the exposure figures arrive — all
// answered on the analysis worker, never on the calling thread.
#include "ui/leastprivilegecontroller.h"
#include "uifixture.h"
#include "usagehistory.h"

#include <QDateTime>
#include <QTest>

using namespace sanctum;
using namespace sanctum::test;

namespace {
using O = UsageEvent::Outcome;

const QString kGet = QStringLiteral("GET");
const QString kIssues = QStringLiteral("/repos/{owner}/{repo}/issues"); // repo
const QString kTeams = QStringLiteral("/orgs/{org}/teams");             // read:org

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}
} // namespace

class TestLeastPrivilegeController : public QObject {
    Q_OBJECT

    UiFixture m_fx;
    QString m_agent;

    static bool settled(const LeastPrivilegeController &c)
    {
        return QTest::qWaitFor([&] { return !c.isLoading() && !c.isReplaying() && !c.isExposureLoading(); }, 20000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString why;
        QVERIFY2(m_fx.open(&why), qPrintable(why));
        m_agent = m_fx.addAgent(QStringLiteral("org-bot"));
        Database &db = m_fx.instance().database();
        // Granted four scopes for two hours; used repo and, through
        // admin:org, what read:org alone would have let through.
        QVERIFY(insertMissionSpan(
            db,
            m_agent,
            {QStringLiteral("repo"), QStringLiteral("admin:org"), QStringLiteral("gist"), QStringLiteral("user:email")},
            at(9),
            at(11)));
        QList<UsageEvent> calls = repeated(call(m_agent, QStringLiteral("repo"), kGet, kIssues, at(9, 5)), 3);
        calls += repeated(
            call(m_agent, QStringLiteral("admin:org"), kGet, kTeams, at(10, 0), O::Allowed, QStringLiteral("read:org")),
            2);
        QVERIFY(insertCalls(db, calls));
    }

    void analysisRecommendsWhatTheCallsNeeded()
    {
        LeastPrivilegeController c(
            m_fx.instance().analysis(), m_fx.instance().usage(), m_fx.instance().tightener(), m_fx.instance().clock());
        QSignalSpy changed(&c, &LeastPrivilegeController::analysisChanged);
        c.analyze(m_agent, 30);
        // Asynchronous: nothing is known when analyze() returns.
        QVERIFY(c.isLoading());
        QVERIFY(!c.hasAnalysis());
        QVERIFY(settled(c));
        QVERIFY2(c.errorString().isEmpty(), qPrintable(c.errorString()));
        QVERIFY(c.hasAnalysis());
        QCOMPARE(c.agentId(), m_agent);
        QCOMPARE(c.connection(), QStringLiteral("github"));
        QCOMPARE(sorted(c.granted()),
                 sorted({QStringLiteral("admin:org"),
                         QStringLiteral("gist"),
                         QStringLiteral("repo"),
                         QStringLiteral("user:email")}));
        QCOMPARE(c.recommended(), QStringList({QStringLiteral("read:org"), QStringLiteral("repo")}));
        QCOMPARE(sorted(c.removable()),
                 sorted({QStringLiteral("admin:org"), QStringLiteral("gist"), QStringLiteral("user:email")}));
        QCOMPARE(sorted(c.neverUsed()), sorted({QStringLiteral("gist"), QStringLiteral("user:email")}));
        QCOMPARE(c.allowedCalls(), 5.0);
        bool repoSeen = false;
        for (const QVariant &v : c.used()) {
            const QVariantMap u = v.toMap();
            if (u.value(QStringLiteral("scope")).toString() == QLatin1String("repo")) {
                repoSeen = true;
                QCOMPARE(u.value(QStringLiteral("count")).toInt(), 3);
                QCOMPARE(u.value(QStringLiteral("last")).toDateTime(), at(9, 7));
            }
        }
        QVERIFY(repoSeen);
        QVERIFY(changed.size() >= 2);
    }

    void replayOfAnUnsafeSetListsTheRefusedCalls()
    {
        LeastPrivilegeController c(
            m_fx.instance().analysis(), m_fx.instance().usage(), m_fx.instance().tightener(), m_fx.instance().clock());
        c.analyze(m_agent, 30);
        QVERIFY(settled(c));

        // read:org dropped: the two team listings would have been refused.
        c.replay(m_agent, QStringLiteral("repo"));
        QVERIFY(c.isReplaying());
        QVERIFY(settled(c));
        QVERIFY2(c.errorString().isEmpty(), qPrintable(c.errorString()));
        QVERIFY(c.hasReplay());
        QVERIFY(!c.isSafe());
        QCOMPARE(c.replayedScopes(), QStringLiteral("repo"));
        const QVariantList refused = c.casualties();
        QCOMPARE(refused.size(), 1);
        const QVariantMap call = refused.first().toMap();
        QCOMPARE(call.value(QStringLiteral("method")).toString(), kGet);
        QCOMPARE(call.value(QStringLiteral("path")).toString(), kTeams);
        QCOMPARE(call.value(QStringLiteral("count")).toInt(), 2);
        QCOMPARE(call.value(QStringLiteral("last")).toDateTime(), at(10, 1));
        QVERIFY2(call.value(QStringLiteral("needed")).toString().contains(QLatin1String("read:org")),
                 qPrintable(call.value(QStringLiteral("needed")).toString()));

        // The recommendation itself refuses nothing.
        c.replay(m_agent, c.recommended().join(QLatin1Char(' ')));
        QVERIFY(settled(c));
        QVERIFY(c.isSafe());
        QVERIFY(c.casualties().isEmpty());
        QCOMPARE(c.callsReplayed(), 5.0);

        // Not a scope list: said in words, and nothing runs.
        c.replay(m_agent, QStringLiteral("repo \"gist"));
        QVERIFY(!c.isReplaying());
        QVERIFY2(c.errorString().startsWith(QLatin1String("Those are not scopes")), qPrintable(c.errorString()));
    }

    void exposureComparesStandingGrantsWithMissions()
    {
        LeastPrivilegeController c(
            m_fx.instance().analysis(), m_fx.instance().usage(), m_fx.instance().tightener(), m_fx.instance().clock());
        c.exposure(30);
        QVERIFY(c.isExposureLoading());
        QVERIFY(settled(c));
        QVERIFY2(c.errorString().isEmpty(), qPrintable(c.errorString()));
        QVERIFY(c.hasExposure());
        QCOMPARE(c.exposureDays(), 30);
        // The mission held four scopes for two hours and used two of them in
        // one hour each; a standing grant holds its scopes all 720 hours.
        QCOMPARE(c.missionsHeld(), 8.0);
        QCOMPARE(c.missionsUnused(), 6.0);
        QVERIFY(c.standingHeld() >= 720.0);
        QVERIFY(c.standingUnused() > c.missionsUnused());
        QVERIFY(c.reductionPercent() > 99.0 && c.reductionPercent() <= 100.0);
    }

    void aTighteningNeedsScopesAndAReason()
    {
        LeastPrivilegeController c(
            m_fx.instance().analysis(), m_fx.instance().usage(), m_fx.instance().tightener(), m_fx.instance().clock());
        c.tighten(QStringLiteral("github"), QString(), QStringLiteral("least privilege"));
        QVERIFY(!c.isTightening());
        QVERIFY(c.errorString().contains(QLatin1String("at least one scope")));
        c.tighten(QStringLiteral("github"), QStringLiteral("repo"), QStringLiteral("  "));
        QVERIFY(!c.isTightening());
        QVERIFY(c.errorString().contains(QLatin1String("Say why")));
    }
};

QTEST_GUILESS_MAIN(TestLeastPrivilegeController)
#include "tst_leastprivilegecontroller.moc"
