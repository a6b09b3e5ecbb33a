// UsageStats: the granted-versus-used aggregates, against numbers worked out
// by hand from a small history on a real store.
#include "store/database.h"
#include "store/usagestats.h"
#include "uifixture.h"

#include <QSqlQuery>
#include <QTest>

using namespace sanctum;
using namespace sanctum::test;

namespace {
const QString kRepo = QStringLiteral("repo");
const QString kReadOrg = QStringLiteral("read:org");
const QString kGist = QStringLiteral("gist");

QHash<std::pair<QString, QString>, ScopeUsage> byKey(const QList<ScopeUsage> &rows)
{
    QHash<std::pair<QString, QString>, ScopeUsage> out;
    for (const ScopeUsage &u : rows)
        out.insert({u.agentId, u.scope}, u);
    return out;
}

QStringList listOf(const QHash<QString, ScopeSet> &granted, const QString &agentId)
{
    return granted.value(agentId).toList();
}
} // namespace

class TestUsageStats : public QObject {
    Q_OBJECT

    std::unique_ptr<UiFixture> m_fx;
    QString m_a;
    QString m_b;
    QList<Mission> m_missions;

    UsageStats stats() { return UsageStats(m_fx->instance().database()); }

    // The history every test below computes from (times on 2026-11-28, UTC).
    void recordHistory()
    {
        using O = UsageEvent::Outcome;
        QVERIFY(m_fx->record({
            UiFixture::usage(m_a, kRepo, at(11, 30)),                     // before 12:00
            UiFixture::usage(m_a, kRepo, at(12, 10)),                     //
            UiFixture::usage(m_a, kRepo, at(12, 20)),                     //
            UiFixture::usage(m_a, kRepo, at(12, 30), O::Denied),          //
            UiFixture::usage(m_a, kRepo, at(13, 10)),                     //
            UiFixture::usage(m_a, kReadOrg, at(13, 15), O::StepUpDenied), // a refusal too
            UiFixture::usage(m_a, kGist, at(13, 20), O::Failed),          // neither used nor refused
            UiFixture::usage(m_a, QString(), at(13, 40), O::Denied),      // no scope: left out
            UiFixture::usage(m_a, kRepo, at(14, 0)),                      // exactly at a window's end
            UiFixture::usage(m_b, kRepo, at(12, 15)),                     //
            UiFixture::usage(m_b, QStringLiteral("user:email"), at(13, 30), O::Denied),
        }));
    }

    void insertMissions()
    {
        UiFixture &fx = *m_fx;
        using S = MissionState;
        m_missions = {
            // A: active 12:01–13:01.
            fx.insertMission(m_a, S::Active, {kRepo, kReadOrg}, at(12, 0), 3600),
            // A: active 09:01–09:02, long before.
            fx.insertMission(m_a, S::Completed, {kGist}, at(9, 0), 600),
            // A: never granted: pending, denied, lapsed undecided.
            fx.insertMission(m_a, S::Pending, {QStringLiteral("notifications")}, at(12, 5)),
            fx.insertMission(m_a, S::Denied, {QStringLiteral("user")}, at(12, 10)),
            fx.insertMission(m_a, S::Expired, {QStringLiteral("workflow")}, at(12, 20), 600, {}, false),
            // A: active 11:01–11:02, with a step-up scope.
            fx.insertMission(m_a, S::Revoked, {kRepo}, at(11, 0), 3600, {QStringLiteral("delete_repo")}),
            // A: requested 13:59, active from 14:00.
            fx.insertMission(m_a, S::Active, {QStringLiteral("write:org")}, at(13, 59), 3600),
            // B: active 10:01 until it expired at 12:01.
            fx.insertMission(m_b, S::Expired, {QStringLiteral("read:user")}, at(10, 0), 7200),
            // B: active 13:31–13:41.
            fx.insertMission(m_b, S::Active, {QStringLiteral("project")}, at(13, 30), 600),
        };
        for (const Mission &m : std::as_const(m_missions))
            QVERIFY(!m.id.isEmpty());
    }

private Q_SLOTS:
    void init()
    {
        m_fx = std::make_unique<UiFixture>();
        QString why;
        QVERIFY2(m_fx->open(&why), qPrintable(why));
        m_a = m_fx->addAgent(QStringLiteral("alice-bot"));
        m_b = m_fx->addAgent(QStringLiteral("bob-bot"));
        QVERIFY(!m_a.isEmpty() && !m_b.isEmpty());
    }

    void cleanup() { m_fx.reset(); }

    void anEmptyStoreHasNoNumbers()
    {
        UsageStats s = stats();
        const Expected<QList<ScopeUsage>> usage = s.byAgentAndScope({});
        QVERIFY(usage.ok());
        QVERIFY(usage->isEmpty());
        const Expected<QHash<QString, ScopeSet>> granted = s.grantedScopes({at(12), at(13)});
        QVERIFY(granted.ok());
        QVERIFY(granted->isEmpty());
        const Expected<QList<HourlyUsage>> hourly = s.hourly(m_a, {});
        QVERIFY(hourly.ok());
        QVERIFY(hourly->isEmpty());
    }

    void countsAllowedDeniedAndFailedPerAgentAndScope()
    {
        recordHistory();
        const Expected<QList<ScopeUsage>> rows = stats().byAgentAndScope({});
        QVERIFY(rows.ok());
        QCOMPARE(rows->size(), 5); // the scope-less refusal belongs to no scope
        const auto u = byKey(*rows);

        const ScopeUsage aRepo = u.value({m_a, kRepo});
        QCOMPARE(aRepo.allowed, 5);
        QCOMPARE(aRepo.denied, 1);
        QCOMPARE(aRepo.failed, 0);
        QCOMPARE(aRepo.lastUsed, at(14, 0));
        QCOMPARE(aRepo.lastDenied, at(12, 30));

        const ScopeUsage aReadOrg = u.value({m_a, kReadOrg});
        QCOMPARE(aReadOrg.allowed, 0);
        QCOMPARE(aReadOrg.denied, 1); // a step-up refusal is a refusal
        QVERIFY(!aReadOrg.lastUsed.isValid());
        QCOMPARE(aReadOrg.lastDenied, at(13, 15));

        const ScopeUsage aGist = u.value({m_a, kGist});
        QCOMPARE(aGist.allowed, 0);
        QCOMPARE(aGist.denied, 0);
        QCOMPARE(aGist.failed, 1);

        QCOMPARE(u.value({m_b, kRepo}).allowed, 1);
        QCOMPARE(u.value({m_b, QStringLiteral("user:email")}).denied, 1);
    }

    void windowsIncludeTheirStartAndExcludeTheirEnd()
    {
        recordHistory();
        UsageStats s = stats();

        auto aRepoIn = [&](const UsageWindow &w) {
            const Expected<QList<ScopeUsage>> rows = s.byAgentAndScope(w);
            return rows ? byKey(*rows).value({m_a, kRepo}) : ScopeUsage{};
        };
        // [12:00, 14:00): 12:10, 12:20, 13:10 allowed; 12:30 refused; not 11:30, not 14:00.
        ScopeUsage r = aRepoIn({at(12), at(14)});
        QCOMPARE(r.allowed, 3);
        QCOMPARE(r.denied, 1);
        QCOMPARE(r.lastUsed, at(13, 10));
        // Open end: 14:00 comes in.
        r = aRepoIn({at(12), {}});
        QCOMPARE(r.allowed, 4);
        QCOMPARE(r.lastUsed, at(14, 0));
        // Open start: only 11:30.
        r = aRepoIn({{}, at(12)});
        QCOMPARE(r.allowed, 1);
        QCOMPARE(r.denied, 0);
        // A window starting exactly at an event includes it.
        r = aRepoIn({at(14), at(15)});
        QCOMPARE(r.allowed, 1);

        const Expected<QList<ScopeUsage>> hour13 = s.byAgentAndScope({at(13), at(14)});
        QVERIFY(hour13.ok());
        const auto u = byKey(*hour13);
        QCOMPARE(hour13->size(), 4); // A: repo, read:org, gist; B: user:email
        QCOMPARE(u.value({m_a, kRepo}).allowed, 1);
        QCOMPARE(u.value({m_a, kReadOrg}).denied, 1);
        QCOMPARE(u.value({m_a, kGist}).failed, 1);
        QCOMPARE(u.value({m_b, QStringLiteral("user:email")}).denied, 1);
        QVERIFY(!u.contains({m_b, kRepo}));

        const Expected<QList<ScopeUsage>> none = s.byAgentAndScope({at(15), at(16)});
        QVERIFY(none.ok() && none->isEmpty());
    }

    void grantedScopesComeFromMissionsThatWereGranted()
    {
        insertMissions();
        UsageStats s = stats();

        // All of time: every mission that was ever active, step-up scopes too;
        // pending, denied and lapsed requests grant nothing.
        Expected<QHash<QString, ScopeSet>> g = s.grantedScopes({});
        QVERIFY(g.ok());
        QCOMPARE(listOf(*g, m_a),
                 QStringList({QStringLiteral("delete_repo"), kGist, kReadOrg, kRepo, QStringLiteral("write:org")}));
        QCOMPARE(listOf(*g, m_b), QStringList({QStringLiteral("project"), QStringLiteral("read:user")}));

        // [12:00, 14:00): A's 12:00 mission, and the one requested at 13:59
        // though it only became active at 14:00; B's mission that was still
        // active until 12:01, and the one requested at 13:30.
        g = s.grantedScopes({at(12), at(14)});
        QVERIFY(g.ok());
        QCOMPARE(listOf(*g, m_a), QStringList({kReadOrg, kRepo, QStringLiteral("write:org")}));
        QCOMPARE(listOf(*g, m_b), QStringList({QStringLiteral("project"), QStringLiteral("read:user")}));

        // [11:00, 11:30): A's revoked mission, requested at 11:00 exactly,
        // with its step-up scope; B's, active all along.
        g = s.grantedScopes({at(11), at(11, 30)});
        QVERIFY(g.ok());
        QCOMPARE(listOf(*g, m_a), QStringList({QStringLiteral("delete_repo"), kRepo}));
        QCOMPARE(listOf(*g, m_b), QStringList({QStringLiteral("read:user")}));

        // [09:30, 10:00): the 09:00 mission ended at 09:02; B's was decided at 10:01.
        g = s.grantedScopes({at(9, 30), at(10)});
        QVERIFY(g.ok());
        QVERIFY(g->isEmpty());

        // [14:00, …): only the mission active from 14:00.
        g = s.grantedScopes({at(14), {}});
        QVERIFY(g.ok());
        QCOMPARE(listOf(*g, m_a), QStringList({QStringLiteral("write:org")}));
        QVERIFY(!g->contains(m_b));

        // […, 09:01): requested at 09:00.
        g = s.grantedScopes({{}, at(9, 1)});
        QVERIFY(g.ok());
        QCOMPARE(listOf(*g, m_a), QStringList({kGist}));
    }

    void grantsWithinAsksWhatTheStoreAsks()
    {
        // The UI's incremental updates use grantsWithin(); a reload uses the
        // query. They must agree on every mission and window.
        insertMissions();
        UsageStats s = stats();
        const QList<UsageWindow> windows = {
            {},
            {at(12), at(14)},
            {at(11), at(11, 30)},
            {at(9, 30), at(10)},
            {at(14), {}},
            {{}, at(9, 1)},
            {at(12, 1), at(12, 2)},
            {at(13, 41), at(13, 59)},
        };
        for (const UsageWindow &w : windows) {
            QHash<QString, ScopeSet> expected;
            for (const Mission &m : std::as_const(m_missions))
                if (UsageStats::grantsWithin(m, w))
                    expected[m.agentId] = expected[m.agentId].united(m.request.scopes).united(m.stepUpScopes);
            const Expected<QHash<QString, ScopeSet>> g = s.grantedScopes(w);
            QVERIFY(g.ok());
            QCOMPARE(*g, expected);
        }
    }

    void hourlyBucketsOneAgentsCalls()
    {
        recordHistory();
        UsageStats s = stats();
        Expected<QList<HourlyUsage>> h = s.hourly(m_a, {});
        QVERIFY(h.ok());
        // By scope, then hour. Only failed calls in an hour (gist) make no bucket.
        QCOMPARE(h->size(), 5);
        const QList<std::tuple<QString, QDateTime, qint64, qint64>> expected = {
            {kReadOrg, at(13), 0, 1},
            {kRepo, at(11), 1, 0},
            {kRepo, at(12), 2, 1},
            {kRepo, at(13), 1, 0},
            {kRepo, at(14), 1, 0},
        };
        for (int i = 0; i < expected.size(); ++i) {
            const auto &[scope, hour, allowed, denied] = expected.at(i);
            QCOMPARE(h->at(i).scope, scope);
            QCOMPARE(h->at(i).hour, hour);
            QCOMPARE(h->at(i).allowed, allowed);
            QCOMPARE(h->at(i).denied, denied);
        }

        h = s.hourly(m_a, {at(12), at(14)});
        QVERIFY(h.ok());
        QCOMPARE(h->size(), 3);
        QCOMPARE(h->at(1).hour, at(12));
        QCOMPARE(h->at(1).allowed, 2);

        h = s.hourly(m_b, {});
        QVERIFY(h.ok());
        QCOMPARE(h->size(), 2);
        QCOMPARE(h->at(0).scope, kRepo);
        QCOMPARE(h->at(1).scope, QStringLiteral("user:email"));
        QCOMPARE(h->at(1).denied, 1);

        QCOMPARE(UsageStats::hourOf(at(13, 59).addSecs(59)), at(13));
        QCOMPARE(UsageStats::hourOf(at(13)), at(13));
    }

    void outcomesAreClassifiedOnce()
    {
        QCOMPARE(UsageStats::kindOf(UsageEvent::Outcome::Allowed), UsageStats::Kind::Used);
        QCOMPARE(UsageStats::kindOf(UsageEvent::Outcome::Denied), UsageStats::Kind::Denied);
        QCOMPARE(UsageStats::kindOf(UsageEvent::Outcome::StepUpDenied), UsageStats::Kind::Denied);
        QCOMPARE(UsageStats::kindOf(UsageEvent::Outcome::Failed), UsageStats::Kind::Failed);
    }

    void theStoreHasAnIndexForTheAggregate()
    {
        // One scan of the covering index, no visit to the table, no sort:
        // what keeps a million events fast.
        QSqlQuery q(m_fx->instance().database().handle());
        QVERIFY(q.exec(QStringLiteral("EXPLAIN QUERY PLAN SELECT agent_id, scope,"
                                      " SUM(CASE WHEN outcome = 'allowed' THEN 1 ELSE 0 END), MAX(at)"
                                      " FROM usage_events WHERE scope IS NOT NULL GROUP BY agent_id, scope")));
        QStringList plan;
        while (q.next())
            plan << q.value(3).toString();
        QVERIFY2(plan.join(QLatin1Char(' ')).contains(QStringLiteral("COVERING INDEX usage_events_stats")),
                 qPrintable(plan.join(QLatin1Char('\n'))));
        QVERIFY2(!plan.join(QLatin1Char(' ')).contains(QStringLiteral("TEMP B-TREE")),
                 qPrintable(plan.join(QLatin1Char('\n'))));
    }
};

QTEST_GUILESS_MAIN(TestUsageStats)
#include "tst_usagestats.moc"
