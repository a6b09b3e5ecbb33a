// The control panel's cost next to the least a Qt Quick application can be,
// both started in the same run on the same platform and scene graph backend:
//
// 1. Cold start to first frame: from spawning the process to reading the
//    line its first-frame probe writes when the window's first frame is out
//    (SANCTUM_REPORT_FIRST_FRAME, see ui/firstframeprobe.h), for
//      sanctum   `sanctum --data-dir DIR --broker-port 0` (the GUI, no sandbox)
//                on a store of 10,000 missions and 1,000,000 usage events
//                across ~500 agents and ~40 scopes;
//      no-usage  the same store without the usage events, so the difference
//                is what loading the usage statistics costs the start;
//      bare      a window with a rectangle and a text (barequickwindow.cpp);
//      controls  the same program showing a Qt Quick Controls window with a
//                label and a button: not a baseline, a marker of what the
//                Controls module alone costs.
//    Rounds launch the four in turn (the first rotates each round) after
//    one untimed launch of each that warms the page cache and the QML disk
//    cache. Reported: medians and sanctum / bare. Goal: <= 1.5.
// 2. Idle RSS of the same processes, VmRSS from /proc/PID/status after they
//    have sat idle a while past their first frame. Goal: sanctum / bare <= 1.5.
// 3. Heatmap update latency, in this process on the same store: the core
//    (Instance) and the control panel's models (UiController) as in the
//    product, no QML. From UsageRecorder::record() of one usage event to the
//    heatmap model's dataChanged for that event's cell, next to the baseline
//    from record() to the recorder's `committed` signal for the batch: the
//    ratio is the GUI thread's own overhead on top of the commit. Measured
//    as the broker records (the batch goes at the recorder's ~100 ms tick),
//    and with a flush() after each record() so the commit alone is the base. Also, what each model's initial load
//    costs on this store, which is part of sanctum's cold start.
//
// Every process this starts is stopped (SIGTERM, then SIGKILL) before it
// returns, also on failure. Exits non-zero when a process never reports its
// first frame or exits early.
//
// Usage: sanctum-bench-gui [--rounds 5] [--missions 10000] [--events 1000000]
//        [--agents 500] [--scopes 40] [--idle-ms 1500] [--heatmap-events 50]
//        [--platform offscreen|xcb] [--backend NAME] [--warmup 1]

#include "benchstats.h"
#include "benchsupport.h"
#include "domain/clock.h"
#include "domain/securerandom.h"
#include "domain/timeformat.h"
#include "root/instance.h"
#include "store/agentstore.h"
#include "store/database.h"
#include "store/datadir.h"
#include "store/missionstore.h"
#include "store/usagerecorder.h"
#include "ui/agentlistmodel.h"
#include "ui/missionlistmodel.h"
#include "ui/scopeheatmapmodel.h"
#include "ui/uicontroller.h"
#include "ui/usagesnapshotloader.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <stdexcept>
#include <vector>

#include <sys/types.h>

using namespace sanctum;
using namespace sanctum::benchkit;
using sanctum::stats::median;

namespace {

struct Options {
    int rounds = 5;
    int warmup = 1;
    int missions = 10'000;
    int events = 1'000'000;
    int agents = 500;
    int scopes = 40;
    int idleMs = 1500;
    int timeoutMs = 60'000;
    int heatmapEvents = 50;
    QString platform = QStringLiteral("offscreen");
    QString backend; // empty: software for offscreen, the platform's default otherwise
};

// ---------------------------------------------------------------------------
// The store: the product's schema (Database runs the migrations), filled
// with the product's own row writers for agents and missions and one
// prepared statement for the usage events, all in one transaction.

QString scopeName(int i)
{
    // GitHub-like names, then numbered ones when more are asked for.
    static const QStringList known =
        QStringLiteral("repo public_repo repo:status repo_deployment repo:invite security_events admin:org write:org "
                       "read:org admin:public_key write:public_key read:public_key admin:repo_hook write:repo_hook "
                       "read:repo_hook admin:org_hook gist notifications user read:user user:email user:follow "
                       "project read:project delete_repo write:packages read:packages delete:packages admin:gpg_key "
                       "write:gpg_key read:gpg_key codespace workflow write:discussion read:discussion "
                       "admin:enterprise manage_runners:enterprise audit_log read:audit_log copilot")
            .split(QLatin1Char(' '));
    return i < known.size() ? known.at(i) : QStringLiteral("scope_%1").arg(i);
}

struct FillResult {
    qint64 ms = 0;
    qint64 missions = 0;
    qint64 events = 0;
    qint64 bytes = 0;
};

FillResult fillStore(const QString &dir, const Options &o, int events)
{
    QElapsedTimer timer;
    timer.start();
    check(DataDir::prepare(dir), QStringLiteral("preparing %1").arg(dir));
    Database db(DataDir::databasePath(dir));
    check(db.open(), QStringLiteral("opening the store"));
    // Only for this connection: a cache the usage index fits in, so a million
    // inserts do not reread its pages.
    check(db.exec(QStringLiteral("PRAGMA cache_size = -262144"), QStringLiteral("sizing the cache")),
          QStringLiteral("filling the store"));

    std::mt19937 rng(20261128); // the same store every run
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDateTime historyStart = now.addDays(-30);
    QStringList scopes;
    for (int i = 0; i < o.scopes; ++i)
        scopes << scopeName(i);

    FillResult result;
    const Status filled = db.transaction([&]() -> Status {
        AgentStore agentStore(db);
        QStringList agentIds;
        for (int i = 0; i < o.agents; ++i) {
            Agent a;
            a.id = SecureRandom::identifier(QStringLiteral("ag_"));
            a.name = QStringLiteral("agent-%1").arg(i, 3, 10, QLatin1Char('0'));
            a.keyHash = Digest::sha256Hex(a.id.toUtf8());
            a.keyPrefix = QStringLiteral("sa_") + a.id.right(6);
            a.createdAt = historyStart.addSecs(-3600);
            if (Status s = agentStore.insert(a); !s)
                return s;
            agentIds << a.id;
        }

        // Each agent works with its own handful of scopes, the popular ones
        // more often, so the heatmap has hot, cold and wasted cells.
        std::geometric_distribution<int> popular(0.12);
        auto pickScope = [&] { return scopes.at(std::min(popular(rng), int(scopes.size()) - 1)); };
        std::uniform_int_distribution<int> scopeCount(2, 8);
        std::uniform_int_distribution<qint64> within(0, historyStart.secsTo(now) - 7200);
        std::uniform_int_distribution<int> ttl(600, 7200);
        std::uniform_int_distribution<int> percent(0, 99);

        struct Granted {
            QString id;
            QString agentId;
            QStringList scopes;
            QDateTime from;
            qint64 seconds;
        };
        std::vector<Granted> granted;
        MissionStore missionStore(db);
        const QString actor = QStringLiteral("operator:bench");
        for (int i = 0; i < o.missions; ++i) {
            Mission m;
            m.id = SecureRandom::identifier(QStringLiteral("ms_"));
            m.agentId = agentIds.at(i % agentIds.size());
            m.request.purpose = QStringLiteral("triage the issues of acme/repo-%1").arg(i % 97);
            m.request.connection = QStringLiteral("github");
            m.request.ttlSeconds = ttl(rng);
            const int n = scopeCount(rng);
            while (m.request.scopes.size() < n)
                m.request.scopes.insert(pickScope());
            // The last few are live: active (expiring after the run) or
            // pending, so the registry has missions to pick up again.
            const int fromEnd = o.missions - i;
            MissionState state;
            if (fromEnd <= 10)
                state = MissionState::Pending;
            else if (fromEnd <= 30)
                state = MissionState::Active;
            else {
                const int p = percent(rng);
                state = p < 70   ? MissionState::Completed
                        : p < 85 ? MissionState::Expired
                        : p < 95 ? MissionState::Revoked
                                 : MissionState::Denied;
            }
            if (state == MissionState::Pending || state == MissionState::Active) {
                m.request.ttlSeconds = 86'400;
                m.requestedAt = now.addSecs(-120);
            } else {
                m.requestedAt = historyStart.addSecs(within(rng));
            }
            m.requestExpiresAt = m.requestedAt.addSecs(300);
            const QDateTime decided = m.requestedAt.addSecs(60);
            if (state == MissionState::Denied) {
                (void)m.transition(state, decided, actor);
            } else if (state != MissionState::Pending) {
                (void)m.transition(MissionState::Active, decided, actor);
                m.tokenHash = Digest::sha256Hex(m.id.toUtf8());
                const QDateTime end =
                    state == MissionState::Expired ? m.expiresAt : decided.addSecs(m.request.ttlSeconds / 2);
                if (state != MissionState::Active)
                    (void)m.transition(state, end, actor);
                granted.push_back({m.id,
                                   m.agentId,
                                   m.request.scopes.toList(),
                                   decided,
                                   std::max<qint64>(1, decided.secsTo(state == MissionState::Active ? now : end))});
            }
            if (Status s = missionStore.insert(m); !s)
                return s;
            ++result.missions;
        }
        if (events == 0 || granted.empty())
            return Done{};

        // The events, oldest first as the recorder would have written them:
        // each granted mission gets a share, most calls allowed with one of
        // its scopes, some refused for a scope it lacked, a few failed.
        std::sort(granted.begin(), granted.end(), [](const Granted &a, const Granted &b) { return a.from < b.from; });
        std::uniform_real_distribution<double> weight(0.2, 1.8);
        std::vector<double> weights(granted.size());
        double total = 0;
        for (double &w : weights)
            total += (w = weight(rng));
        QSqlQuery q(db.handle());
        q.prepare(QStringLiteral("INSERT INTO usage_events (at, agent_id, mission_id, connection, scope, method,"
                                 " path_template, status, outcome, accepted_scopes)"
                                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        const QVariant connection = QStringLiteral("github");
        const QVariant noAccepted;
        const QVariant allowed = UsageEvent::outcomeName(UsageEvent::Outcome::Allowed);
        const QVariant denied = UsageEvent::outcomeName(UsageEvent::Outcome::Denied);
        const QVariant failed = UsageEvent::outcomeName(UsageEvent::Outcome::Failed);
        const QVariant paths[] = {QStringLiteral("/repos/{owner}/{repo}/issues"),
                                  QStringLiteral("/repos/{owner}/{repo}/pulls"),
                                  QStringLiteral("/orgs/{org}/members"),
                                  QStringLiteral("/user")};
        const QVariant get = QStringLiteral("GET");
        qint64 written = 0;
        for (size_t i = 0; i < granted.size(); ++i) {
            const Granted &g = granted[i];
            const qint64 share = i + 1 == granted.size()
                                     ? events - written
                                     : std::min<qint64>(events - written, qint64(events * weights[i] / total));
            if (share <= 0)
                continue;
            q.bindValue(1, g.agentId);
            q.bindValue(2, g.id);
            q.bindValue(3, connection);
            q.bindValue(5, get);
            std::uniform_int_distribution<int> ownScope(0, int(g.scopes.size()) - 1);
            const qint64 step = std::max<qint64>(1, g.seconds * 1000 / share);
            for (qint64 k = 0; k < share; ++k) {
                const int p = percent(rng);
                q.bindValue(0, TimeFormat::toString(g.from.addMSecs(k * step)));
                q.bindValue(4, p < 93 ? g.scopes.at(ownScope(rng)) : pickScope());
                q.bindValue(6, paths[p % 4]);
                q.bindValue(7, p < 90 ? 200 : p < 93 ? 502 : 403);
                q.bindValue(8, p < 90 ? allowed : p < 93 ? failed : denied);
                q.bindValue(9, noAccepted);
                if (Status s = Database::exec(q, QStringLiteral("writing usage events")); !s)
                    return s;
            }
            written += share;
        }
        result.events = written;
        return Done{};
    });
    check(filled, QStringLiteral("filling the store"));
    // Start every measured run from a checkpointed database, not a WAL to replay.
    check(db.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"), QStringLiteral("checkpointing")),
          QStringLiteral("filling the store"));
    db.close();
    result.bytes = QFileInfo(DataDir::databasePath(dir)).size();
    result.ms = timer.elapsed();
    return result;
}

// ---------------------------------------------------------------------------
// Launching, timing and measuring one process.

struct Launch {
    double firstFrameMs = 0;
    double rssMb = 0;
    double hwmMb = 0; // peak RSS
};

// kB from a "Name:   1234 kB" line of /proc/PID/status; 0 when absent.
qint64 statusKb(const QByteArray &status, const QByteArray &name)
{
    for (const QByteArray &line : status.split('\n')) {
        if (line.startsWith(name))
            return line.mid(name.size()).trimmed().split(' ').value(0).toLongLong();
    }
    return 0;
}

struct Variant {
    QString name;
    QString program;
    QStringList arguments;
};

Launch launch(const Variant &v, const QProcessEnvironment &env, const Options &o)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.setStandardOutputFile(QProcess::nullDevice());
    p.setReadChannel(QProcess::StandardError);
    QByteArray err;
    auto describe = [&] {
        return QStringLiteral("%1 (%2 %3): %4")
            .arg(v.name, v.program, v.arguments.join(QLatin1Char(' ')), QString::fromLocal8Bit(err.right(2000)));
    };

    QElapsedTimer t;
    t.start();
    p.start(v.program, v.arguments);
    if (!p.waitForStarted(10'000))
        fail(QStringLiteral("could not start %1: %2").arg(v.name, p.errorString()));
    Launch l;
    while (l.firstFrameMs == 0) {
        const qint64 left = o.timeoutMs - t.elapsed();
        if (left <= 0) {
            fail(QStringLiteral("no first frame within %1 ms from %2").arg(o.timeoutMs).arg(describe()));
        }
        p.waitForReadyRead(int(left));
        err += p.readAllStandardError();
        if (err.contains(": first frame\n"))
            l.firstFrameMs = double(t.nsecsElapsed()) / 1e6;
        else if (p.state() == QProcess::NotRunning)
            fail(QStringLiteral("exited (code %1) before its first frame: %2").arg(p.exitCode()).arg(describe()));
    }

    // Idle: nothing asked of it; stderr is drained so it never blocks.
    QElapsedTimer idle;
    idle.start();
    while (idle.elapsed() < o.idleMs) {
        p.waitForReadyRead(int(std::max<qint64>(1, o.idleMs - idle.elapsed())));
        err += p.readAllStandardError();
        if (p.state() == QProcess::NotRunning)
            fail(QStringLiteral("exited (code %1) while idle: %2").arg(p.exitCode()).arg(describe()));
    }
    QFile status(QStringLiteral("/proc/%1/status").arg(p.processId()));
    if (!status.open(QIODevice::ReadOnly))
        fail(QStringLiteral("cannot read %1").arg(status.fileName()));
    const QByteArray s = status.readAll();
    l.rssMb = double(statusKb(s, "VmRSS:")) / 1024.0;
    l.hwmMb = double(statusKb(s, "VmHWM:")) / 1024.0;

    ::kill(pid_t(p.processId()), SIGTERM);
    if (!p.waitForFinished(5'000)) {
        std::fprintf(stderr, "sanctum-bench-gui: %s did not stop on SIGTERM; killed\n", qPrintable(v.name));
        p.kill();
        p.waitForFinished(5'000);
    }
    return l;
}

// What every launched process gets: its own home and runtime directory (no
// settings, keychain or bus of the person running the benchmark), the
// platform and backend chosen, and the first-frame probe turned on. The
// probe also quits the process a minute after its first frame should this
// benchmark die without stopping it.
QProcessEnvironment childEnvironment(const QString &home, const QString &runtime, const Options &o)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"DBUS_SESSION_BUS_ADDRESS",
                             "SANCTUM_DATA_DIR",
                             "QT_QUICK_CONTROLS_STYLE",
                             "XDG_CONFIG_HOME",
                             "XDG_DATA_HOME",
                             "XDG_CACHE_HOME",
                             "QSG_RHI_BACKEND",
                             "QT_QUICK_BACKEND"})
        env.remove(QString::fromLatin1(name));
    env.insert(QStringLiteral("HOME"), home);
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtime);
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), o.platform);
    if (!o.backend.isEmpty())
        env.insert(QStringLiteral("QT_QUICK_BACKEND"), o.backend);
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("sanctum.*.info=false"));
    env.insert(QStringLiteral("SANCTUM_REPORT_FIRST_FRAME"), QStringLiteral("1"));
    env.insert(QStringLiteral("SANCTUM_QUIT_AFTER_MS"), QString::number(o.idleMs + 60'000));
    return env;
}

QString siblingBinary(const QString &name, const char *builtPath)
{
    const QString next = QCoreApplication::applicationDirPath() + QLatin1Char('/') + name;
    return QFileInfo(next).isExecutable() ? next : QString::fromLocal8Bit(builtPath);
}

// ---------------------------------------------------------------------------
// The heatmap, in process.

struct ModelLoads {
    double heatmapMs = 0;
    double agentsMs = 0;
    double missionsMs = 0;
    double controllerMs = 0;
    double heatmapReadyMs = 0; // until the aggregates are in, off the GUI thread
    double agentsReadyMs = 0;
};

double timeMs(const std::function<void()> &work)
{
    const qint64 t0 = nowNs();
    work();
    return double(nowNs() - t0) / 1e6;
}

template<class Model>
void waitLoaded(const Model &model)
{
    while (model.isLoading())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
}

// What each model costs the GUI thread (its constructor) and how long until
// its usage aggregates are in (read on the loader's thread meanwhile).
ModelLoads modelLoads(Instance &instance, int repeats)
{
    std::vector<double> heat, heatReady, agents, agentsReady, missions, controller;
    const QString path = instance.database().path();
    for (int i = 0; i < repeats; ++i) {
        {
            UsageSnapshotLoader loader(path, instance.usage());
            const qint64 t0 = nowNs();
            ScopeHeatmapModel m(instance.agents(), instance.missions(), instance.usage(), loader);
            heat.push_back(double(nowNs() - t0) / 1e6);
            waitLoaded(m);
            heatReady.push_back(double(nowNs() - t0) / 1e6);
        }
        {
            UsageSnapshotLoader loader(path, instance.usage());
            const qint64 t0 = nowNs();
            AgentListModel m(instance.agents(), instance.missions(), instance.usage(), loader);
            agents.push_back(double(nowNs() - t0) / 1e6);
            waitLoaded(m);
            agentsReady.push_back(double(nowNs() - t0) / 1e6);
        }
        missions.push_back(
            timeMs([&] { MissionListModel m(instance.missions(), instance.agents(), instance.clock()); }));
        // Its construction only: destroying it waits for the loader's read.
        std::unique_ptr<UiController> c;
        controller.push_back(timeMs([&] { c = std::make_unique<UiController>(instance.services()); }));
    }
    return {median(heat), median(agents), median(missions), median(controller), median(heatReady), median(agentsReady)};
}

struct Latencies {
    std::vector<double> committedUs;
    std::vector<double> heatmapUs;
    std::vector<double> overheadUs; // heatmap - committed, per event
};

// With `flush`, each event goes to the writer at once instead of at the
// recorder's next tick, so the baseline is the commit itself.
Latencies heatmapLatencies(Instance &instance, int events, bool flush)
{
    Latencies out;
    qint64 committedNs = 0;
    // Connected before the models exist, so it runs before their slots: the
    // moment the batch is announced. Through `listening`, it goes when this does.
    QObject listening;
    QObject::connect(&instance.usage(), &UsageRecorder::committed, &listening, [&] {
        if (committedNs == 0)
            committedNs = nowNs();
    });
    UiController controller(instance.services());
    ScopeHeatmapModel *heatmap = controller.heatmap();
    waitLoaded(*heatmap);
    if (heatmap->rowCount() == 0 || heatmap->columnCount() == 0)
        fail(QStringLiteral("the heatmap is empty on the benchmark's store"));

    // Cells that already have calls and are not the busiest, so one more call
    // touches one cell and leaves every other intensity alone.
    std::vector<std::pair<int, int>> cells;
    for (int r = 0; r < heatmap->rowCount(); ++r)
        for (int c = 0; c < heatmap->columnCount(); ++c) {
            const qint64 used = heatmap->data(heatmap->index(r, c), ScopeHeatmapModel::UsedRole).toLongLong();
            if (used > 0 && used < heatmap->maxUsed())
                cells.emplace_back(r, c);
        }
    if (cells.empty())
        fail(QStringLiteral("no heatmap cell with calls below the maximum"));
    std::mt19937 rng(7);
    std::uniform_int_distribution<size_t> pick(0, cells.size() - 1);

    QEventLoop loop;
    QModelIndex target;
    qint64 heatmapNs = 0;
    QObject::connect(
        heatmap,
        &QAbstractItemModel::dataChanged,
        &loop,
        [&](const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles) {
            const bool covers = topLeft.row() <= target.row() && target.row() <= bottomRight.row() &&
                                topLeft.column() <= target.column() && target.column() <= bottomRight.column();
            if (heatmapNs == 0 && covers && (roles.isEmpty() || roles.contains(ScopeHeatmapModel::UsedRole))) {
                heatmapNs = nowNs();
                loop.quit();
            }
        });
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);

    for (int i = 0; i < events; ++i) {
        const auto [r, c] = cells[pick(rng)];
        target = heatmap->index(r, c);
        UsageEvent e;
        e.at = QDateTime::currentDateTimeUtc();
        e.agentId = heatmap->agentIdAt(r);
        e.missionId = QStringLiteral("ms_bench");
        e.connection = QStringLiteral("github");
        e.scope = heatmap->scopeAt(c);
        e.method = QStringLiteral("GET");
        e.pathTemplate = QStringLiteral("/repos/{owner}/{repo}/issues");
        e.status = 200;
        e.outcome = UsageEvent::Outcome::Allowed;
        committedNs = 0;
        heatmapNs = 0;
        timeout.start(10'000);
        const qint64 t0 = nowNs();
        instance.usage().record(e);
        if (flush)
            instance.usage().flush();
        loop.exec();
        timeout.stop();
        if (heatmapNs == 0 || committedNs == 0)
            fail(QStringLiteral("the heatmap did not update within 10 s of a recorded usage event"));
        out.committedUs.push_back(double(committedNs - t0) / 1e3);
        out.heatmapUs.push_back(double(heatmapNs - t0) / 1e3);
        out.overheadUs.push_back(double(heatmapNs - committedNs) / 1e3);
    }
    return out;
}

// ---------------------------------------------------------------------------

void printRatio(const char *what, double value, double base, const char *unit)
{
    const double ratio = base > 0 ? value / base : 0;
    std::printf("  %-34s %9.1f / %9.1f %s = %.2f   (goal <= 1.5: %s)\n",
                what,
                value,
                base,
                unit,
                ratio,
                ratio > 0 && ratio <= 1.5 ? "met" : "NOT met");
}

// Prints one latency series; returns heatmap / committed (medians).
double printLatencies(const char *title, const Latencies &lat)
{
    const double committed = median(lat.committedUs);
    const double updated = median(lat.heatmapUs);
    const double ratio = committed > 0 ? updated / committed : 0;
    std::printf("  %s\n", title);
    std::printf("    %-46s median %10.1f us\n", "record() -> committed (baseline):", committed);
    std::printf(
        "    %-46s median %10.1f us   ratio %.3f\n", "record() -> heatmap dataChanged for the cell:", updated, ratio);
    std::printf("    %-46s median %10.1f us   max %.1f us\n",
                "committed -> dataChanged:",
                median(lat.overheadUs),
                *std::max_element(lat.overheadUs.begin(), lat.overheadUs.end()));
    return ratio;
}

void bench(const Options &o)
{
    if (o.platform == QLatin1String("xcb") && qEnvironmentVariableIsEmpty("DISPLAY"))
        fail(QStringLiteral("--platform xcb needs DISPLAY (run under xvfb-run -a)"));
    QTemporaryDir work;
    if (!work.isValid())
        fail(QStringLiteral("no temporary directory"));
    const QString home = work.filePath(QStringLiteral("home"));
    const QString runtime = work.filePath(QStringLiteral("runtime"));
    const QString full = work.filePath(QStringLiteral("store-full"));
    const QString noUsage = work.filePath(QStringLiteral("store-no-usage"));
    if (!QDir().mkpath(home) || !QDir().mkpath(runtime) ||
        !QFile::setPermissions(runtime, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner))
        fail(QStringLiteral("cannot make the children's home and runtime directories"));

    std::printf("Control panel start-up and heatmap latency next to a bare Qt Quick window\n");
    std::printf("  platform %s, Qt Quick backend %s, Qt %s, %d cores\n",
                qPrintable(o.platform),
                o.backend.isEmpty() ? "default" : qPrintable(o.backend),
                qVersion(),
                QThread::idealThreadCount());
    std::fflush(stdout);

    const FillResult filled = fillStore(full, o, o.events);
    const FillResult empty = fillStore(noUsage, o, 0);
    std::printf("  store: %lld missions, %lld usage events, %d agents, %d scopes; %.1f MB, filled in %.1f s\n",
                filled.missions,
                filled.events,
                o.agents,
                o.scopes,
                double(filled.bytes) / 1e6,
                double(filled.ms) / 1000.0);
    std::printf(
        "  store without usage: %.1f MB, filled in %.1f s\n", double(empty.bytes) / 1e6, double(empty.ms) / 1000.0);
    std::fflush(stdout);

    const QString sanctumBin = siblingBinary(QStringLiteral("sanctum"), SANCTUM_BIN);
    const QString bareBin = siblingBinary(QStringLiteral("sanctum-bench-barewindow"), BAREWINDOW_BIN);
    const QStringList common = {QStringLiteral("--broker-port"), QStringLiteral("0")};
    const std::vector<Variant> variants = {
        {QStringLiteral("sanctum"), sanctumBin, QStringList{QStringLiteral("--data-dir"), full} + common},
        {QStringLiteral("no-usage"), sanctumBin, QStringList{QStringLiteral("--data-dir"), noUsage} + common},
        {QStringLiteral("bare"), bareBin, {}},
        {QStringLiteral("controls"), bareBin, {QStringLiteral("--controls")}},
    };
    const QProcessEnvironment env = childEnvironment(home, runtime, o);

    for (int w = 0; w < o.warmup; ++w)
        for (const Variant &v : variants)
            launch(v, env, o);

    std::map<QString, std::vector<Launch>> results;
    std::printf("\nCold start, %d rounds (after %d untimed launch(es) of each); idle %d ms before reading RSS\n",
                o.rounds,
                o.warmup,
                o.idleMs);
    std::printf("  round   sanctum ms  no-usage ms   bare ms  controls ms   sanctum MB  no-usage MB   bare MB"
                "  controls MB\n");
    for (int r = 0; r < o.rounds; ++r) {
        std::map<QString, Launch> round;
        for (size_t i = 0; i < variants.size(); ++i) {
            const Variant &v = variants[(i + size_t(r)) % variants.size()];
            round[v.name] = launch(v, env, o);
            results[v.name].push_back(round[v.name]);
        }
        std::printf("  %-5d %11.1f %12.1f %9.1f %12.1f %12.1f %12.1f %9.1f %12.1f\n",
                    r + 1,
                    round[QStringLiteral("sanctum")].firstFrameMs,
                    round[QStringLiteral("no-usage")].firstFrameMs,
                    round[QStringLiteral("bare")].firstFrameMs,
                    round[QStringLiteral("controls")].firstFrameMs,
                    round[QStringLiteral("sanctum")].rssMb,
                    round[QStringLiteral("no-usage")].rssMb,
                    round[QStringLiteral("bare")].rssMb,
                    round[QStringLiteral("controls")].rssMb);
        std::fflush(stdout);
    }
    auto med = [&](const QString &name, double Launch::*field) {
        std::vector<double> v;
        for (const Launch &l : results[name])
            v.push_back(l.*field);
        return median(v);
    };
    const double ffSanctum = med(QStringLiteral("sanctum"), &Launch::firstFrameMs);
    const double ffNoUsage = med(QStringLiteral("no-usage"), &Launch::firstFrameMs);
    const double ffBare = med(QStringLiteral("bare"), &Launch::firstFrameMs);
    const double rssSanctum = med(QStringLiteral("sanctum"), &Launch::rssMb);
    const double rssNoUsage = med(QStringLiteral("no-usage"), &Launch::rssMb);
    const double rssBare = med(QStringLiteral("bare"), &Launch::rssMb);
    const double ffControls = med(QStringLiteral("controls"), &Launch::firstFrameMs);
    const double rssControls = med(QStringLiteral("controls"), &Launch::rssMb);
    std::printf("  median %10.1f %12.1f %9.1f %12.1f %12.1f %12.1f %9.1f %12.1f\n",
                ffSanctum,
                ffNoUsage,
                ffBare,
                ffControls,
                rssSanctum,
                rssNoUsage,
                rssBare,
                rssControls);
    std::printf("  peak RSS (VmHWM) medians: sanctum %.1f MB, no-usage %.1f MB, bare %.1f MB, controls %.1f MB\n",
                med(QStringLiteral("sanctum"), &Launch::hwmMb),
                med(QStringLiteral("no-usage"), &Launch::hwmMb),
                med(QStringLiteral("bare"), &Launch::hwmMb),
                med(QStringLiteral("controls"), &Launch::hwmMb));
    printRatio("first frame, sanctum / bare", ffSanctum, ffBare, "ms");
    printRatio("idle RSS, sanctum / bare", rssSanctum, rssBare, "MB");
    std::printf("  the usage events' share of sanctum's start: %.1f ms (sanctum - no-usage), %.1f MB RSS\n",
                ffSanctum - ffNoUsage,
                rssSanctum - rssNoUsage);
    std::printf("  for scale, the Controls window / bare: first frame %.2f, idle RSS %.2f\n",
                ffBare > 0 ? ffControls / ffBare : 0,
                rssBare > 0 ? rssControls / rssBare : 0);
    std::fflush(stdout);

    // In process, on the full store, with no sanctum running on it.
    SystemClock clock;
    Instance instance(full, clock);
    check(instance.open(), QStringLiteral("opening the benchmark's store in process"));
    const ModelLoads loads = modelLoads(instance, 3);
    std::printf("\nInitial loads on the GUI thread, in process on the same store (median of 3)\n");
    std::printf("  ScopeHeatmapModel %.1f ms, AgentListModel %.1f ms, MissionListModel %.1f ms;"
                " the whole UiController %.1f ms\n",
                loads.heatmapMs,
                loads.agentsMs,
                loads.missionsMs,
                loads.controllerMs);
    std::printf("  until the usage aggregates are in (read off the GUI thread): heatmap %.1f ms, agents %.1f ms\n",
                loads.heatmapReadyMs,
                loads.agentsReadyMs);
    std::fflush(stdout);

    // As the broker records (the group commit's tick decides), then flushed.
    const Latencies ticked = heatmapLatencies(instance, o.heatmapEvents, false);
    const Latencies flushed = heatmapLatencies(instance, o.heatmapEvents, true);
    std::printf("\nHeatmap update after one usage event, %d events each way, in a UiController as in the app\n",
                o.heatmapEvents);
    const double tickedRatio =
        printLatencies("record() as the broker calls it (commit at the next ~100 ms tick)", ticked);
    const double flushedRatio = printLatencies("record() then flush() (commit at once)", flushed);
    std::printf("  (committed -> dataChanged covers every GUI-thread slot on `committed` before the heatmap's,\n"
                "   e.g. AgentListModel's, and the heatmap's own; no QML delegates are attached here)\n");

    std::printf("RESULT first_frame_ratio=%.2f sanctum_first_frame_ms=%.1f bare_first_frame_ms=%.1f "
                "no_usage_first_frame_ms=%.1f\n",
                ffBare > 0 ? ffSanctum / ffBare : 0,
                ffSanctum,
                ffBare,
                ffNoUsage);
    std::printf("RESULT idle_rss_ratio=%.2f sanctum_rss_mb=%.1f bare_rss_mb=%.1f no_usage_rss_mb=%.1f\n",
                rssBare > 0 ? rssSanctum / rssBare : 0,
                rssSanctum,
                rssBare,
                rssNoUsage);
    std::printf("RESULT controls_window first_frame_ms=%.1f rss_mb=%.1f\n", ffControls, rssControls);
    std::printf("RESULT heatmap_latency_ratio=%.3f heatmap_us=%.1f committed_us=%.1f overhead_us=%.1f\n",
                tickedRatio,
                median(ticked.heatmapUs),
                median(ticked.committedUs),
                median(ticked.overheadUs));
    std::printf("RESULT heatmap_flushed_latency_ratio=%.3f heatmap_us=%.1f committed_us=%.1f overhead_us=%.1f\n",
                flushedRatio,
                median(flushed.heatmapUs),
                median(flushed.committedUs),
                median(flushed.overheadUs));
    std::printf("RESULT model_load_ms heatmap=%.1f agents=%.1f missions=%.1f controller=%.1f\n",
                loads.heatmapMs,
                loads.agentsMs,
                loads.missionsMs,
                loads.controllerMs);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    auto intOption = [](const char *name, const char *help, int value) {
        return QCommandLineOption(
            QString::fromLatin1(name), QString::fromLatin1(help), QStringLiteral("n"), QString::number(value));
    };
    const Options defaults;
    const QCommandLineOption roundsOpt = intOption("rounds", "Timed launches of each process.", defaults.rounds);
    const QCommandLineOption warmupOpt = intOption("warmup", "Untimed launches of each first.", defaults.warmup);
    const QCommandLineOption missionsOpt = intOption("missions", "Missions in the store.", defaults.missions);
    const QCommandLineOption eventsOpt = intOption("events", "Usage events in the store.", defaults.events);
    const QCommandLineOption agentsOpt = intOption("agents", "Agents in the store.", defaults.agents);
    const QCommandLineOption scopesOpt = intOption("scopes", "Distinct scopes.", defaults.scopes);
    const QCommandLineOption idleOpt = intOption("idle-ms", "Idle time before reading RSS.", defaults.idleMs);
    const QCommandLineOption timeoutOpt =
        intOption("timeout-ms", "Longest wait for a first frame.", defaults.timeoutMs);
    const QCommandLineOption heatmapOpt =
        intOption("heatmap-events", "Usage events timed through the heatmap.", defaults.heatmapEvents);
    const QCommandLineOption platformOpt(QStringLiteral("platform"),
                                         QStringLiteral("QT_QPA_PLATFORM of the launched processes: offscreen"
                                                        " (default) or xcb (needs DISPLAY)."),
                                         QStringLiteral("name"),
                                         defaults.platform);
    const QCommandLineOption backendOpt(QStringLiteral("backend"),
                                        QStringLiteral("QT_QUICK_BACKEND of the launched processes (default:"
                                                       " software for offscreen, the platform's own otherwise;"
                                                       " 'default' forces the platform's own)."),
                                        QStringLiteral("name"));
    parser.addOptions({roundsOpt,
                       warmupOpt,
                       missionsOpt,
                       eventsOpt,
                       agentsOpt,
                       scopesOpt,
                       idleOpt,
                       timeoutOpt,
                       heatmapOpt,
                       platformOpt,
                       backendOpt});
    parser.process(app);
    Options o;
    o.rounds = qMax(1, parser.value(roundsOpt).toInt());
    o.warmup = qMax(0, parser.value(warmupOpt).toInt());
    o.missions = qMax(40, parser.value(missionsOpt).toInt());
    o.events = qMax(0, parser.value(eventsOpt).toInt());
    o.agents = qMax(1, parser.value(agentsOpt).toInt());
    o.scopes = qMax(8, parser.value(scopesOpt).toInt());
    o.idleMs = qMax(0, parser.value(idleOpt).toInt());
    o.timeoutMs = qMax(1000, parser.value(timeoutOpt).toInt());
    o.heatmapEvents = qMax(1, parser.value(heatmapOpt).toInt());
    o.platform = parser.value(platformOpt);
    if (parser.isSet(backendOpt))
        o.backend = parser.value(backendOpt) == QLatin1String("default") ? QString() : parser.value(backendOpt);
    else if (o.platform == QLatin1String("offscreen"))
        o.backend = QStringLiteral("software");
    try {
        bench(o);
    } catch (const Failure &e) {
        std::fprintf(stderr, "sanctum-bench-gui: %s\n", e.what());
        return 1;
    }
    return 0;
}
