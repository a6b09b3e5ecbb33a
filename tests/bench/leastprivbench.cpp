// Least-privilege analysis over a big history: 1,000,000 usage events of 500
// agents (by default) in the product's store, then, in the same run and on
// the same file:
//   analysis   LeastPrivilegeAnalyzer::analyze() of every agent (granted,
//              used, never used, denied, the recommended set)
//   replay     LeastPrivilegeAnalyzer::replay() of one agent's calls against
//              a trimmed set, and of the whole connection's
//   baseline   one plain sqlite3 `SELECT agent_id, scope, COUNT(*) ... GROUP
//              BY agent_id, scope` over the same window, the cheapest question
//              the store can be asked about these events
// and prints the medians and each one's ratio to the baseline.
//
//   sanctum-bench-leastpriv [--events N] [--agents N] [--rounds N]
#include "benchstats.h"
#include "benchsupport.h"
#include "domain/scopemapcatalog.h"
#include "domain/securerandom.h"
#include "domain/timeformat.h"
#include "services/leastprivilege/leastprivilegeanalyzer.h"
#include "store/agentstore.h"
#include "store/database.h"
#include "store/datadir.h"
#include "store/missionstore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <cstdio>
#include <random>
#include <stdexcept>

#include <sqlite3.h>

using namespace sanctum;
using namespace sanctum::benchkit;

namespace {
// Routes of GitHub's scope map with what each accepts, and the held scope
// the broker would have named for it.
struct Route {
    const char *method;
    const char *path;
    const char *accepted;
    const char *scope;
};
const Route kRoutes[] = {
    {"GET", "/repos/{owner}/{repo}/issues", "repo", "repo"},
    {"POST", "/repos/{owner}/{repo}/issues", "repo", "repo"},
    {"GET", "/repos/{owner}/{repo}/pulls", "repo", "repo"},
    {"GET", "/repos/{owner}/{repo}/commits/{ref}/status", "repo:status", "repo"},
    {"POST", "/repos/{owner}/{repo}/statuses/{sha}", "repo:status", "repo:status"},
    {"GET", "/orgs/{org}/teams", "read:org", "admin:org"},
    {"GET", "/notifications", "notifications, repo", "notifications"},
    {"POST", "/gists", "gist", "gist"},
    {"GET", "/user/emails", "user:email", "user"},
    {"GET", "/user", "", "read:org"},
};
constexpr int kRouteCount = int(sizeof(kRoutes) / sizeof(kRoutes[0]));
const char *const kGrants[] = {"repo", "admin:org", "notifications", "gist", "user", "repo:status", "workflow"};

struct Fill {
    QStringList agentIds;
    UsageWindow window;
    qint64 events = 0;
    qint64 ms = 0;
};

// The product's schema (Database runs the migrations), agents and missions
// through the product's row writers, events through one prepared statement,
// all in one transaction.
Fill fill(const QString &dir, int agents, qint64 events)
{
    QElapsedTimer timer;
    timer.start();
    check(DataDir::prepare(dir), QStringLiteral("preparing the data directory"));
    Database db(DataDir::databasePath(dir));
    check(db.open(), QStringLiteral("opening the store"));
    check(db.exec(QStringLiteral("PRAGMA cache_size = -262144"), QStringLiteral("sizing the cache")),
          QStringLiteral("filling"));
    std::mt19937 rng(20261128);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    Fill out;
    out.window = LeastPrivilegeAnalyzer::lastDays(now);
    const QDateTime start = out.window.from.addSecs(3600);
    const qint64 span = start.secsTo(now) - 3600;
    check(db.transaction([&]() -> Status {
        AgentStore agentStore(db);
        MissionStore missionStore(db);
        QSqlQuery q(db.handle());
        q.prepare(QStringLiteral("INSERT INTO usage_events (at, agent_id, mission_id, connection, scope,"
                                 " method, path_template, status, outcome, accepted_scopes)"
                                 " VALUES (?, ?, ?, 'github', ?, ?, ?, ?, ?, ?)"));
        std::uniform_int_distribution<int> routeOf(0, kRouteCount - 1);
        std::uniform_int_distribution<int> percent(0, 99);
        const qint64 perAgent = events / agents;
        for (int i = 0; i < agents; ++i) {
            Agent a;
            a.id = SecureRandom::identifier(QStringLiteral("ag_"));
            a.name = QStringLiteral("agent-%1").arg(i, 3, 10, QLatin1Char('0'));
            a.keyHash =
                QString::fromLatin1(QCryptographicHash::hash(a.id.toUtf8(), QCryptographicHash::Sha256).toHex());
            a.keyPrefix = QStringLiteral("sa_") + a.id.right(6);
            a.createdAt = out.window.from;
            if (Status s = agentStore.insert(a); !s)
                return s;
            out.agentIds << a.id;
            // Each agent: a few routes it keeps calling, under one
            // mission a day with a broad grant.
            QList<int> routes;
            for (int k = 0; k < 4; ++k)
                routes << routeOf(rng);
            QList<QString> missionIds;
            for (int d = 0; d < 30; ++d) {
                Mission m;
                m.id = SecureRandom::identifier(QStringLiteral("ms_"));
                m.agentId = a.id;
                m.request.purpose = QStringLiteral("daily triage");
                m.request.connection = QStringLiteral("github");
                m.request.ttlSeconds = 86'400;
                for (const char *g : kGrants)
                    m.request.scopes.insert(QString::fromLatin1(g));
                m.state = MissionState::Completed;
                m.requestedAt = start.addDays(d).addSecs(-60);
                m.requestExpiresAt = m.requestedAt.addSecs(300);
                m.decidedAt = start.addDays(d);
                m.expiresAt = m.decidedAt.addSecs(86'400);
                m.endedAt = m.expiresAt;
                m.tokenHash = m.id;
                if (Status s = missionStore.insert(m); !s)
                    return s;
                missionIds << m.id;
            }
            q.bindValue(1, a.id);
            for (qint64 k = 0; k < perAgent; ++k) {
                const Route &r = kRoutes[routes.at(int(k % routes.size()))];
                const qint64 offset = span * k / perAgent;
                const int p = percent(rng);
                q.bindValue(0, TimeFormat::toString(start.addSecs(offset)));
                q.bindValue(2, missionIds.at(int(offset / 86'400) % missionIds.size()));
                q.bindValue(3, QString::fromLatin1(r.scope));
                q.bindValue(4, QString::fromLatin1(r.method));
                q.bindValue(5, QString::fromLatin1(r.path));
                q.bindValue(6, p < 95 ? 200 : 403);
                q.bindValue(
                    7, UsageEvent::outcomeName(p < 95 ? UsageEvent::Outcome::Allowed : UsageEvent::Outcome::Denied));
                q.bindValue(8, *r.accepted ? QVariant(QString::fromLatin1(r.accepted)) : QVariant());
                if (Status s = Database::exec(q, QStringLiteral("writing usage events")); !s)
                    return s;
                ++out.events;
            }
        }
        return Done{};
    }),
          QStringLiteral("filling the store"));
    check(db.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"), QStringLiteral("checkpointing")),
          QStringLiteral("filling"));
    db.close();
    out.ms = timer.elapsed();
    return out;
}

// The baseline, through the sqlite3 C API and nothing else.
qint64 plainGroupBy(const QString &path, const UsageWindow &w, double *ms)
{
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
        throw Failure("opening the store with sqlite3");
    QElapsedTimer timer;
    timer.start();
    sqlite3_stmt *st = nullptr;
    sqlite3_prepare_v2(db,
                       "SELECT agent_id, scope, COUNT(*) FROM usage_events WHERE at >= ? AND at < ?"
                       " GROUP BY agent_id, scope",
                       -1,
                       &st,
                       nullptr);
    const QByteArray from = TimeFormat::toString(w.from).toUtf8();
    const QByteArray to = TimeFormat::toString(w.to).toUtf8();
    sqlite3_bind_text(st, 1, from.constData(), int(from.size()), SQLITE_STATIC);
    sqlite3_bind_text(st, 2, to.constData(), int(to.size()), SQLITE_STATIC);
    qint64 total = 0;
    while (sqlite3_step(st) == SQLITE_ROW)
        total += sqlite3_column_int64(st, 2);
    sqlite3_finalize(st);
    *ms = double(timer.nsecsElapsed()) / 1e6;
    sqlite3_close(db);
    return total;
}

template<class F>
double timed(F &&f)
{
    QElapsedTimer timer;
    timer.start();
    f();
    return double(timer.nsecsElapsed()) / 1e6;
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Least-privilege analysis next to a plain GROUP BY"));
    parser.addHelpOption();
    const QCommandLineOption eventsOpt(
        QStringLiteral("events"), QStringLiteral("usage events"), QStringLiteral("N"), QStringLiteral("1000000"));
    const QCommandLineOption agentsOpt(
        QStringLiteral("agents"), QStringLiteral("agents"), QStringLiteral("N"), QStringLiteral("500"));
    const QCommandLineOption roundsOpt(
        QStringLiteral("rounds"), QStringLiteral("timed rounds"), QStringLiteral("N"), QStringLiteral("5"));
    parser.addOptions({eventsOpt, agentsOpt, roundsOpt});
    parser.process(app);
    const qint64 events = parser.value(eventsOpt).toLongLong();
    const int agents = parser.value(agentsOpt).toInt();
    const int rounds = parser.value(roundsOpt).toInt();
    if (events < 1 || agents < 1 || rounds < 1 || events < agents) {
        std::fprintf(stderr,
                     "sanctum-bench-leastpriv: --events, --agents and --rounds must be positive, "
                     "with at least one event per agent\n");
        return 2;
    }

    try {
        QTemporaryDir tmp;
        if (!tmp.isValid())
            throw Failure("no temporary directory");
        const Fill f = fill(tmp.path(), agents, events);
        std::printf("store: %lld events, %d agents, filled in %lld ms\n", qlonglong(f.events), agents, qlonglong(f.ms));

        Database db(DataDir::databasePath(tmp.path()));
        check(db.open(), QStringLiteral("opening the store"));
        ScopeMapCatalog maps;
        const LeastPrivilegeAnalyzer analyzer(db, maps);
        std::vector<double> analysis, agentReplay, connectionReplay, baseline;
        qint64 analysed = 0;
        qint64 refused = 0;
        qint64 counted = 0;
        for (int r = 0; r < rounds; ++r) {
            double ms = 0;
            counted = plainGroupBy(DataDir::databasePath(tmp.path()), f.window, &ms);
            baseline.push_back(ms);
            analysis.push_back(timed([&] {
                const auto all = analyzer.analyze(f.window);
                check(all ? Status(Done{}) : Status(all.error()), QStringLiteral("analysing"));
                analysed = all->size();
            }));
            // Trimmed to repo:status and gist: most agents' calls break.
            const ReplayRequest trimmed{
                f.agentIds.first(), QString(), ScopeSet{QStringLiteral("repo:status"), QStringLiteral("gist")}};
            agentReplay.push_back(timed([&] {
                const auto result = analyzer.replay(trimmed, f.window);
                check(result ? Status(Done{}) : Status(result.error()), QStringLiteral("replaying"));
            }));
            const ReplayRequest standing{QString(), QStringLiteral("github"), trimmed.scopes};
            connectionReplay.push_back(timed([&] {
                const auto result = analyzer.replay(standing, f.window);
                check(result ? Status(Done{}) : Status(result.error()), QStringLiteral("replaying"));
                refused = result->callsRefused;
            }));
        }
        if (analysed != agents)
            throw Failure("the analysis did not cover every agent");
        if (counted != f.events)
            throw Failure("the baseline did not count every event");
        const double base = stats::median(baseline);
        const auto line = [&](const char *what, const std::vector<double> &v) {
            const double m = stats::median(v);
            std::printf("%-34s median %9.1f ms   %6.2fx baseline\n", what, m, base > 0 ? m / base : 0.0);
        };
        std::printf("%d rounds, window %s .. %s\n",
                    rounds,
                    qPrintable(TimeFormat::toString(f.window.from)),
                    qPrintable(TimeFormat::toString(f.window.to)));
        line("baseline: sqlite3 GROUP BY", baseline);
        line("analyze, every agent", analysis);
        line("replay, one agent", agentReplay);
        line("replay, whole connection", connectionReplay);
        std::printf("(%lld agents analysed; the connection replay refused %lld calls)\n",
                    qlonglong(analysed),
                    qlonglong(refused));
        return 0;
    } catch (const Failure &e) {
        std::fprintf(stderr, "sanctum-bench-leastpriv: %s\n", e.what());
        return 1;
    }
}
