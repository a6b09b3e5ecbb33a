// Least privilege from recorded usage (LeastPrivilegeAnalyzer, ScopeCover,
// ExposureAnalyzer) on a real store, against answers worked out by hand from
// GitHub's scope map (resources/scopes/github.json).
#include "domain/clock.h"
#include "domain/scopemapcatalog.h"
#include "root/instance.h"
#include "services/agents/agentregistry.h"
#include "services/leastprivilege/exposureanalyzer.h"
#include "services/leastprivilege/leastprivilegeanalyzer.h"
#include "services/leastprivilege/scopecover.h"
#include "store/connectionstore.h"
#include "store/datadir.h"
#include "usagehistory.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace sanctum;
using namespace sanctum::test;

namespace {
using O = UsageEvent::Outcome;

QDateTime at(int hour, int minute = 0, int day = 28)
{
    return QDateTime(QDate(2026, 11, day), QTime(hour, minute), Qt::UTC);
}

// 2026-11-28, the whole UTC day: the window most tests ask about.
const UsageWindow kDay{at(0), at(0, 0, 29)};

const QString kGet = QStringLiteral("GET");
const QString kStatus = QStringLiteral("/repos/{owner}/{repo}/commits/{ref}/status"); // repo:status
const QString kIssues = QStringLiteral("/repos/{owner}/{repo}/issues");               // repo (public: none)
const QString kTeams = QStringLiteral("/orgs/{org}/teams");                           // read:org
const QString kNotifications = QStringLiteral("/notifications");                      // notifications | repo
const QString kWorkflow = QStringLiteral("/repos/{owner}/{repo}/contents/.github/workflows/{path*}"); // + workflow
const QString kGists = QStringLiteral("/gists");                                                      // gist
const QString kUser = QStringLiteral("/user");                                                        // nothing
const QString kEmails = QStringLiteral("/user/emails");                                               // user:email

ScopeSet set(std::initializer_list<const char *> scopes)
{
    ScopeSet s;
    for (const char *x : scopes)
        s.insert(QString::fromUtf8(x));
    return s;
}

ScopeRequirement needs(std::initializer_list<ScopeSet> clauses)
{
    return ScopeRequirement{QList<ScopeSet>(clauses)};
}

// A core on a temporary data directory; time stands still at 2026-11-29 00:00.
struct Core {
    QTemporaryDir dir;
    ManualClock clock{at(0, 0, 29)};
    std::unique_ptr<Instance> instance;

    bool open()
    {
        if (!dir.isValid() || !DataDir::prepare(dir.path()))
            return false;
        instance = std::make_unique<Instance>(dir.path(), clock);
        return bool(instance->open());
    }
    Database &db() { return instance->database(); }
    QString addAgent(const QString &name)
    {
        const Expected<NewAgent> a = instance->agents().add(name, QStringLiteral("operator:test"));
        return a ? a->agent.id : QString();
    }
    LeastPrivilegeAnalyzer analyzer() { return LeastPrivilegeAnalyzer(db(), instance->scopeMaps()); }
    // The one analysis of `agentId` on github in `window`.
    PrivilegeAnalysis analysisOf(const QString &agentId, const UsageWindow &window = kDay)
    {
        const auto all = analyzer().analyze(window, agentId);
        if (!all || all->size() != 1) {
            qWarning("expected one analysis, got %lld", all ? qlonglong(all->size()) : -1LL);
            return {};
        }
        return all->first();
    }
};

qint64 countOf(const QList<ScopeCallCount> &counts, const QString &scope)
{
    for (const ScopeCallCount &c : counts)
        if (c.scope == scope)
            return c.count;
    return 0;
}
} // namespace

class TestLeastPrivilege : public QObject {
    Q_OBJECT

    Core m_core;
    const ScopeMap *m_github = nullptr;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_core.open());
        const Expected<const ScopeMap *> map = m_core.instance->scopeMaps().find(QStringLiteral("github"));
        QVERIFY(map);
        m_github = *map;
    }

    // --- the set cover on its own -----------------------------------------

    void coverPrefersNarrowScopesOverOneBroadOne()
    {
        // repo covers both, but holds four more: two narrow scopes are less power.
        const auto r = ScopeCover::smallest(m_github, {needs({set({"public_repo"})}), needs({set({"repo:status"})})});
        QCOMPARE(r.scopes, set({"public_repo", "repo:status"}));
        QVERIFY(r.exact);
        // repo alone would meet both (one scope, not two), but holds six.
        const auto inbox = ScopeCover::smallest(
            m_github, {needs({set({"notifications", "repo"})}), needs({set({"repo:status", "repo"})})});
        QCOMPARE(inbox.scopes, set({"notifications", "repo:status"}));
    }

    void coverDropsScopesANamedOneImplies()
    {
        QCOMPARE(ScopeCover::smallest(m_github, {needs({set({"admin:org"})}), needs({set({"read:org"})})}).scopes,
                 set({"admin:org"}));
        QCOMPARE(ScopeCover::smallest(m_github, {needs({set({"repo"})}), needs({set({"public_repo"})})}).scopes,
                 set({"repo"}));
        // Either alternative meets [notifications | repo]; repo is needed anyway.
        QCOMPARE(
            ScopeCover::smallest(m_github, {needs({set({"notifications", "repo"})}), needs({set({"repo"})})}).scopes,
            set({"repo"}));
        // Alone, the narrower alternative wins.
        QCOMPARE(ScopeCover::smallest(m_github, {needs({set({"notifications", "repo"})})}).scopes,
                 set({"notifications"}));
    }

    void coverWithoutAMapTakesNamesAsTheyAre()
    {
        QCOMPARE(ScopeCover::smallest(nullptr, {needs({set({"repo"})}), needs({set({"public_repo"})})}).scopes,
                 set({"public_repo", "repo"}));
        QVERIFY(ScopeCover::smallest(m_github, {}).scopes.isEmpty());
    }

    void coverOutOfBudgetStillCovers()
    {
        // Ten clauses of two alternatives each: a budget of one step cannot
        // prove anything, but the greedy answer it keeps meets every clause.
        QList<ScopeRequirement> reqs;
        const QStringList pairs = {QStringLiteral("gist"),
                                   QStringLiteral("notifications"),
                                   QStringLiteral("read:org"),
                                   QStringLiteral("workflow"),
                                   QStringLiteral("read:user"),
                                   QStringLiteral("user:email"),
                                   QStringLiteral("read:packages"),
                                   QStringLiteral("read:project"),
                                   QStringLiteral("read:gpg_key"),
                                   QStringLiteral("delete_repo")};
        for (qsizetype i = 0; i < pairs.size(); ++i)
            reqs << needs({ScopeSet{pairs[i], pairs[(i + 1) % pairs.size()]}});
        const auto quick = ScopeCover::smallest(m_github, reqs, 1);
        QVERIFY(!quick.exact);
        for (const ScopeRequirement &r : reqs)
            QVERIFY(r.isMetBy(m_github->closure(quick.scopes)));
        const auto full = ScopeCover::smallest(m_github, reqs);
        QVERIFY(full.exact);
        QCOMPARE(full.scopes.size(), 5); // every other one of the ring
    }

    void requirementFromMapAndHeader()
    {
        // The rule's "also" is a requirement of its own.
        QCOMPARE(ScopeRequirement::of(
                     m_github, QStringLiteral("PUT"), kWorkflow, QStringLiteral("repo"), QStringLiteral("repo")),
                 needs({set({"repo"}), set({"workflow"})}));
        // Nothing recorded and no rule: the scope that worked stands in.
        QCOMPARE(
            ScopeRequirement::of(m_github, kGet, QStringLiteral("/no/such/route"), QString(), QStringLiteral("gist")),
            needs({set({"gist"})}));
        QVERIFY(ScopeRequirement::of(m_github, kGet, kUser, QString(), QStringLiteral("gist")).isEmpty());
        // A route the map has no rule for: the upstream's accepted list is
        // what it needed, not the broader scope that happened to allow it.
        QCOMPARE(ScopeRequirement::of(m_github,
                                      kGet,
                                      QStringLiteral("/repos/{owner}/{repo}/unmapped"),
                                      QStringLiteral("repo:status"),
                                      QStringLiteral("repo")),
                 needs({set({"repo:status"})}));
        // With both, both must hold: the upstream's list and the broker's rule.
        QCOMPARE(ScopeRequirement::of(
                     m_github, kGet, kTeams, QStringLiteral("admin:org, read:org"), QStringLiteral("admin:org")),
                 needs({set({"admin:org", "read:org"}), set({"read:org"})}));
    }

    // --- analyze ----------------------------------------------------------

    void callsThatNeedOnlyRepoStatus()
    {
        const QString a = m_core.addAgent(QStringLiteral("status-bot"));
        QVERIFY(insertMissionSpan(m_core.db(), a, {QStringLiteral("repo"), QStringLiteral("read:org")}, at(9), at(10)));
        QVERIFY(insertCalls(
            m_core.db(),
            repeated(
                call(a, QStringLiteral("repo"), kGet, kStatus, at(9, 10), O::Allowed, QStringLiteral("repo:status")),
                5)));
        const PrivilegeAnalysis r = m_core.analysisOf(a);
        QCOMPARE(r.connection, QStringLiteral("github"));
        QCOMPARE(r.granted, set({"read:org", "repo"}));
        QCOMPARE(r.used.size(), 1);
        QCOMPARE(countOf(r.used, QStringLiteral("repo")), 5);
        QCOMPARE(r.used.first().last, at(9, 14));
        QCOMPARE(r.neverUsed, set({"read:org"}));
        QCOMPARE(r.recommended, set({"repo:status"}));
        QCOMPARE(r.removable(), set({"read:org", "repo"}));
        QCOMPARE(r.allowedCalls, 5);
        // Replayed through the nesting: repo still covers repo:status, read:org does not.
        const auto viaRepo = m_core.analyzer().replay({a, QString(), set({"repo"})}, kDay);
        QVERIFY(viaRepo);
        QVERIFY(viaRepo->safe());
        QCOMPARE(viaRepo->callsReplayed, 5);
        const auto viaReadOrg = m_core.analyzer().replay({a, QString(), set({"read:org"})}, kDay);
        QVERIFY(viaReadOrg);
        QCOMPARE(viaReadOrg->callsRefused, 5);
        QCOMPARE(viaReadOrg->refused.first().needed, QList<ScopeSet>{set({"repo:status"})});
    }

    void callsThatNeedRepoAndReadOrg()
    {
        const QString a = m_core.addAgent(QStringLiteral("org-bot"));
        QVERIFY(
            insertMissionSpan(m_core.db(), a, {QStringLiteral("repo"), QStringLiteral("admin:org")}, at(9), at(11)));
        QList<UsageEvent> calls = repeated(call(a, QStringLiteral("repo"), kGet, kIssues, at(9, 5)), 3);
        calls += repeated(
            call(a, QStringLiteral("admin:org"), kGet, kTeams, at(10, 0), O::Allowed, QStringLiteral("read:org")), 2);
        QVERIFY(insertCalls(m_core.db(), calls));
        const PrivilegeAnalysis r = m_core.analysisOf(a);
        QCOMPARE(r.recommended, set({"read:org", "repo"}));
        QVERIFY(r.neverUsed.isEmpty());
        QCOMPARE(countOf(r.used, QStringLiteral("admin:org")), 2);
        QCOMPARE(countOf(r.used, QStringLiteral("repo")), 3);
    }

    void publicRepoIsNotWhatTheIssuesEndpointAccepts()
    {
        // A new issue in a public repository needs only public_repo upstream,
        // but the broker cannot tell a public repository from a private one
        // and asks for what GitHub's accepted list says: repo.
        const QString a = m_core.addAgent(QStringLiteral("issue-writer"));
        QVERIFY(insertMissionSpan(m_core.db(), a, {QStringLiteral("repo")}, at(9), at(10)));
        QVERIFY(insertCalls(m_core.db(),
                            repeated(call(a,
                                          QStringLiteral("repo"),
                                          QStringLiteral("POST"),
                                          kIssues,
                                          at(9, 30),
                                          O::Allowed,
                                          QStringLiteral("repo")),
                                     4)));
        QCOMPARE(m_core.analysisOf(a).recommended, set({"repo"}));

        const auto replay = m_core.analyzer().replay({a, QString(), set({"public_repo"})}, kDay);
        QVERIFY(replay);
        QCOMPARE(replay->refused.size(), 1);
        QCOMPARE(replay->refused.first().method, QStringLiteral("POST"));
        QCOMPARE(replay->refused.first().pathTemplate, kIssues);
        QCOMPARE(replay->refused.first().count, 4);
        QCOMPARE(replay->refused.first().last, at(9, 33));
        QCOMPARE(replay->refused.first().needed, QList<ScopeSet>{set({"repo"})});
    }

    void workflowFilesNeedWorkflowToo()
    {
        const QString a = m_core.addAgent(QStringLiteral("ci-fixer"));
        QVERIFY(insertMissionSpan(m_core.db(), a, {QStringLiteral("repo"), QStringLiteral("workflow")}, at(9), at(10)));
        QVERIFY(insertCalls(m_core.db(),
                            {call(a,
                                  QStringLiteral("repo"),
                                  QStringLiteral("PUT"),
                                  kWorkflow,
                                  at(9, 1),
                                  O::Allowed,
                                  QStringLiteral("repo"))}));
        QCOMPARE(m_core.analysisOf(a).recommended, set({"repo", "workflow"}));
        const auto replay = m_core.analyzer().replay({a, QString(), set({"repo"})}, kDay);
        QVERIFY(replay);
        QCOMPARE(replay->callsRefused, 1);
        QCOMPARE(replay->refused.first().needed, QList<ScopeSet>{set({"workflow"})});
    }

    void notificationsAloneOrWithRepo()
    {
        const QString alone = m_core.addAgent(QStringLiteral("inbox-reader"));
        const QString both = m_core.addAgent(QStringLiteral("inbox-and-issues"));
        QVERIFY(insertMissionSpan(m_core.db(), alone, {QStringLiteral("repo")}, at(9), at(10)));
        QVERIFY(insertMissionSpan(m_core.db(), both, {QStringLiteral("repo")}, at(9), at(10)));
        QVERIFY(insertCalls(m_core.db(),
                            {call(alone, QStringLiteral("repo"), kGet, kNotifications, at(9, 1)),
                             call(both, QStringLiteral("repo"), kGet, kNotifications, at(9, 1)),
                             call(both, QStringLiteral("repo"), kGet, kIssues, at(9, 2))}));
        QCOMPARE(m_core.analysisOf(alone).recommended, set({"notifications"}));
        QCOMPARE(m_core.analysisOf(both).recommended, set({"repo"}));
    }

    void partialUseAndRefusals()
    {
        const QString a = m_core.addAgent(QStringLiteral("gist-bot"));
        QVERIFY(insertMissionSpan(m_core.db(),
                                  a,
                                  {QStringLiteral("repo"), QStringLiteral("gist"), QStringLiteral("notifications")},
                                  at(9),
                                  at(12),
                                  {QStringLiteral("delete_repo")}));
        QList<UsageEvent> calls =
            repeated(call(a, QStringLiteral("gist"), QStringLiteral("POST"), kGists, at(9, 0)), 2);
        calls += repeated(call(a, QStringLiteral("user:email"), kGet, kEmails, at(10, 0), O::Denied), 3);
        calls << call(a,
                      QStringLiteral("delete_repo"),
                      QStringLiteral("DELETE"),
                      QStringLiteral("/repos/{owner}/{repo}"),
                      at(11, 0),
                      O::StepUpDenied);
        calls << call(a, QString(), kGet, QStringLiteral("(no rule)"), at(11, 5), O::Denied);
        calls << call(a, QStringLiteral("gist"), QStringLiteral("POST"), kGists, at(11, 10), O::Failed);
        QVERIFY(insertCalls(m_core.db(), calls));
        const PrivilegeAnalysis r = m_core.analysisOf(a);
        QCOMPARE(r.granted, set({"delete_repo", "gist", "notifications", "repo"}));
        QCOMPARE(r.used.size(), 1);
        QCOMPARE(countOf(r.used, QStringLiteral("gist")), 2); // the failed call is not a use
        QCOMPARE(r.neverUsed, set({"delete_repo", "notifications", "repo"}));
        QCOMPARE(r.denied.size(), 2);
        QCOMPARE(countOf(r.denied, QStringLiteral("user:email")), 3);
        QCOMPARE(countOf(r.denied, QStringLiteral("delete_repo")), 1);
        QCOMPARE(r.deniedCalls, 5); // the scopeless refusal counts as a call, under no scope
        QCOMPARE(r.recommended, set({"gist"}));
    }

    void noUseRecommendsNothing()
    {
        const QString idle = m_core.addAgent(QStringLiteral("idle-bot"));
        const QString profile = m_core.addAgent(QStringLiteral("profile-reader"));
        QVERIFY(insertMissionSpan(m_core.db(), idle, {QStringLiteral("repo"), QStringLiteral("gist")}, at(9), at(10)));
        QVERIFY(insertMissionSpan(m_core.db(), profile, {QStringLiteral("gist")}, at(9), at(10)));
        // GET /user needs no scope; the broker still names the held scope it ran under.
        QVERIFY(insertCalls(m_core.db(), repeated(call(profile, QStringLiteral("gist"), kGet, kUser, at(9, 1)), 3)));
        const PrivilegeAnalysis i = m_core.analysisOf(idle);
        QVERIFY(i.used.isEmpty());
        QCOMPARE(i.neverUsed, set({"gist", "repo"}));
        QVERIFY(i.recommended.isEmpty());
        QVERIFY(m_core.analysisOf(profile).recommended.isEmpty());
    }

    void onlyTheWindowCounts()
    {
        const QString a = m_core.addAgent(QStringLiteral("window-bot"));
        QVERIFY(insertMissionSpan(
            m_core.db(), a, {QStringLiteral("repo"), QStringLiteral("read:org")}, at(9, 0, 27), at(10)));
        QVERIFY(insertCalls(m_core.db(),
                            {call(a, QStringLiteral("read:org"), kGet, kTeams, at(9, 30, 27)),
                             call(a, QStringLiteral("repo"), kGet, kIssues, at(9, 30))}));
        QCOMPARE(m_core.analysisOf(a).recommended, set({"repo"}));
        QCOMPARE(m_core.analysisOf(a, {at(0, 0, 27), at(0, 0, 29)}).recommended, set({"read:org", "repo"}));
        // The default window is the last 30 days by the instance's clock.
        const UsageWindow last30 = LeastPrivilegeAnalyzer::lastDays(m_core.clock.now());
        QCOMPARE(last30.to, at(0, 0, 29));
        QCOMPARE(last30.from, at(0, 0, 29).addDays(-30));
    }

    // --- replay -----------------------------------------------------------

    void replayNamesTheCasualtiesOfAnEditedSet()
    {
        const QString a = m_core.addAgent(QStringLiteral("mixed-bot"));
        QVERIFY(
            insertMissionSpan(m_core.db(), a, {QStringLiteral("repo"), QStringLiteral("admin:org")}, at(10), at(12)));
        QList<UsageEvent> calls = repeated(call(a, QStringLiteral("repo"), kGet, kIssues, at(10, 0)), 3);
        calls += repeated(call(a, QStringLiteral("admin:org"), kGet, kTeams, at(10, 30)), 2);
        calls += repeated(call(a, QStringLiteral("repo"), kGet, kStatus, at(11, 0)), 4);
        calls << call(a, QStringLiteral("repo"), kGet, kIssues, at(11, 0), O::Denied); // not replayed
        QVERIFY(insertCalls(m_core.db(), calls));

        // The operator trims repo down to repo:status: the issue reads break.
        const auto r = m_core.analyzer().replay({a, QString(), set({"repo:status", "read:org"})}, kDay);
        QVERIFY(r);
        QCOMPARE(r->callsReplayed, 9);
        QCOMPARE(r->callsRefused, 3);
        QVERIFY(!r->safe());
        QCOMPARE(r->refused.size(), 1);
        const RefusedCall &c = r->refused.first();
        QCOMPARE(c.agentId, a);
        QCOMPARE(c.connection, QStringLiteral("github"));
        QCOMPARE(c.method, kGet);
        QCOMPARE(c.pathTemplate, kIssues);
        QCOMPARE(c.count, 3);
        QCOMPARE(c.last, at(10, 2));
        QCOMPARE(c.needed, QList<ScopeSet>{set({"repo"})});

        // Nothing at all: every call that needed a scope is named, most first.
        const auto none = m_core.analyzer().replay({a, QString(), ScopeSet()}, kDay);
        QVERIFY(none);
        QCOMPARE(none->refused.size(), 3);
        QCOMPARE(none->refused.first().pathTemplate, kStatus);
        QCOMPARE(none->refused.first().count, 4);
        QCOMPARE(none->callsRefused, 9);

        const PrivilegeAnalysis analysis = m_core.analysisOf(a);
        QCOMPARE(analysis.recommended, set({"read:org", "repo"}));
        const auto recommended = m_core.analyzer().replay({a, QString(), analysis.recommended}, kDay);
        QVERIFY(recommended);
        QVERIFY(recommended->safe());
        QCOMPARE(recommended->callsReplayed, 9);
    }

    void everyRecommendationReplaysClean()
    {
        // Over every agent the tests above recorded: the advice never breaks a call.
        const auto all = m_core.analyzer().analyze(kDay);
        QVERIFY(all);
        QVERIFY(all->size() >= 10);
        for (const PrivilegeAnalysis &a : *all) {
            const auto r = m_core.analyzer().replay({a.agentId, a.connection, a.recommended}, kDay);
            QVERIFY(r);
            QVERIFY2(r->safe(), qPrintable(a.agentId + QLatin1Char(' ') + a.recommended.toString()));
            // And no scope of it is spare: without any one, some call breaks.
            for (const QString &s : a.recommended) {
                ScopeSet fewer = a.recommended;
                fewer.remove(s);
                const auto without = m_core.analyzer().replay({a.agentId, a.connection, fewer}, kDay);
                QVERIFY(without);
                QVERIFY2(!without->safe(), qPrintable(s));
            }
        }
    }

    // --- exposure ---------------------------------------------------------

    void exposureOnAHandBuiltTimeline()
    {
        Core core;
        QVERIFY(core.open());
        const QString a = core.addAgent(QStringLiteral("alpha"));
        const QString b = core.addAgent(QStringLiteral("beta"));
        // alpha: repo and read:org from 10:01 to 12:01, touching hours 10, 11 and 12.
        QVERIFY(insertMissionSpan(
            core.db(), a, {QStringLiteral("repo"), QStringLiteral("read:org")}, at(10, 1), at(12, 1)));
        // beta: gist from 14:30 to 14:45 (hour 14), with delete_repo one call at a time.
        QVERIFY(insertMissionSpan(
            core.db(), b, {QStringLiteral("gist")}, at(14, 30), at(14, 45), {QStringLiteral("delete_repo")}));
        // A mission that ended the day before touches nothing of the window.
        QVERIFY(insertMissionSpan(core.db(), b, {QStringLiteral("user")}, at(10, 0, 27), at(11, 0, 27)));
        QVERIFY(insertCalls(core.db(),
                            {
                                call(a, QStringLiteral("repo"), kGet, kIssues, at(10, 15)), // repo, hour 10
                                call(a, QStringLiteral("repo"), kGet, kIssues, at(10, 45)), // same scope-hour
                                call(a, QStringLiteral("repo"), kGet, kIssues, at(11, 30)), // repo, hour 11
                                call(a, QStringLiteral("read:org"), kGet, kTeams, at(11, 0), O::Denied),
                                call(b, QStringLiteral("gist"), QStringLiteral("POST"), kGists, at(14, 40)),
                            }));
        const auto report = ExposureAnalyzer(core.db()).report(kDay);
        QVERIFY(report);
        QCOMPARE(report->windowHours, 24);
        QCOMPARE(report->agents.size(), 2);
        // No connection record: the standing grant is what the window granted
        // on github: delete_repo, gist, read:org, repo (4 scopes × 24 hours).
        const AgentExposure &ea = report->agents.at(report->agents.at(0).agentId == a ? 0 : 1);
        const AgentExposure &eb = report->agents.at(report->agents.at(0).agentId == a ? 1 : 0);
        QCOMPARE(ea.agentId, a);
        QCOMPARE(ea.standing.held, 96);
        QCOMPARE(ea.standing.used, 2);
        QCOMPARE(ea.missions.held, 6);
        QCOMPARE(ea.missions.used, 2);
        QCOMPARE(ea.reductionPercent(), 100.0 * (94 - 4) / 94);
        QCOMPARE(eb.standing.held, 96);
        QCOMPARE(eb.standing.used, 1);
        QCOMPARE(eb.missions.held, 1);
        QCOMPARE(eb.missions.used, 1);
        QCOMPARE(eb.reductionPercent(), 100.0);
        QCOMPARE(report->standing.held, 192);
        QCOMPARE(report->standing.unused(), 189);
        QCOMPARE(report->missions.held, 7);
        QCOMPARE(report->missions.unused(), 4);
        QCOMPARE(report->reductionPercent(), 100.0 * (189 - 4) / 189);

        // Once the connection's own scopes are known, they are the standing grant.
        Connection github;
        github.name = QStringLiteral("github");
        github.upstream = QStringLiteral("github");
        github.heldScopes = set({"repo", "read:org", "gist", "user", "workflow", "delete_repo"});
        QVERIFY(ConnectionStore(core.db()).save(github));
        const auto known = ExposureAnalyzer(core.db()).report(kDay);
        QVERIFY(known);
        QCOMPARE(known->standing.held, 2 * 6 * 24);
        QCOMPARE(known->standing.used, 3);
        QCOMPARE(known->missions.held, 7);

        // A window that starts mid-hour still counts the hour it starts in.
        const auto partial = ExposureAnalyzer(core.db()).report({at(10, 30), at(11, 15)});
        QVERIFY(partial);
        QCOMPARE(partial->windowHours, 2);
        QCOMPARE(partial->missions.held, 4); // alpha's two scopes, hours 10 and 11
        QCOMPARE(partial->missions.used, 1); // repo in hour 10 (10:45); 11:30 is past the window's end
        // A span that ends on the hour does not touch the hour it ends at.
        const auto onTheHour = ExposureAnalyzer(core.db()).report({at(10), at(12)});
        QVERIFY(onTheHour);
        QCOMPARE(onTheHour->windowHours, 2);
        QCOMPARE(onTheHour->missions.held, 4); // alpha's two scopes in hours 10 and 11, clipped at 12:00
        QCOMPARE(onTheHour->missions.used, 2);
    }
};

QTEST_GUILESS_MAIN(TestLeastPrivilege)
#include "tst_leastprivilege.moc"
