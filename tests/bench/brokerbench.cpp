// What the broker adds to an agent's call, next to baselines in the same run,
// all on loopback against the sandbox's GitHub-like upstream:
//
// 1. Latency of one proxied call, three ways, each over one keep-alive client
//    connection and measured as sequential requests:
//      direct  the client straight to the upstream with the upstream token;
//      nginx   Debian's nginx as a plain reverse proxy in front of the
//              upstream (keep-alive to it), passing the Authorization through;
//      broker  /v1/proxy/github/… with a mission token: token lookup, rate
//              limit, scope check, usage event, the auth worker's upstream
//              call with the Token Vault token, the answer streamed back.
//    After a warm-up, rounds interleave the paths (the first path rotates
//    each round) so drift in the machine hits all three alike. Reported: p50
//    and p99 in microseconds, requests per second, what nginx and the broker
//    add over direct, and broker-added p50 / nginx-added p50. Goal: <= 2.
//    Done for GET /repos/acme/web/issues (a small answer), and for a ~64 KiB
//    answer (a file the benchmark writes into acme/web first). Requests per
//    second are those of one connection making sequential calls. Next to the
//    latencies, CPU time per call by party (from /proc, Linux): the client,
//    the upstream, nginx, and the broker's threads one by one, so a slow
//    path shows where its time goes.
// 2. Revoke to refusal: with a mission in use, the time from
//    MissionRegistry::revoke() returning to the next proxied call's 401
//    arriving at the client, median over several missions. Goal: < 1 ms.
//    Also the in-process cost of MissionRegistry::authorize() for a revoked
//    token (it must fail) and for a live one.
//
// The broker, the instance and the auth worker's owner run on the main
// thread as in the product; the HTTP client runs on a thread of its own so
// the client's event handling never queues behind the broker's (or the
// reverse). The sandbox (node) and nginx are separate processes.
//
// Usage: sanctum-bench-broker [--rounds 5] [--requests 400] [--warmup 50]
//        [--large-requests 100] [--revokes 9] [--nginx PATH]

#include "auth/authservice.h"
#include "benchstats.h"
#include "benchsupport.h"
#include "brokerfixture.h"
#include "services/missions/missionregistry.h"
#include "services/session/tenantsession.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>

using namespace sanctum;
using namespace sanctum::test;

using namespace sanctum::benchkit;
using sanctum::stats::median;
using sanctum::stats::percentile;

namespace {

// The HTTP client, on its own thread. Each path gets its own
// QNetworkAccessManager so each has exactly one keep-alive connection.
class ClientThread {
public:
    ClientThread()
    {
        m_thread.setObjectName(QStringLiteral("bench-client"));
        m_thread.start();
        m_context = new QObject;
        m_context->moveToThread(&m_thread);
    }

    ~ClientThread()
    {
        run([this](const std::function<void()> &finish) {
            for (auto &[name, nam] : m_managers)
                delete nam;
            m_managers.clear();
            finish();
        });
        m_context->deleteLater();
        m_thread.quit();
        m_thread.wait();
    }

    // Runs `job` on the client thread and keeps the main thread's event loop
    // (the broker's) running until the job calls its `finish`.
    template<typename Job>
    void run(Job job)
    {
        QEventLoop loop;
        const std::function<void()> finish = [&loop] {
            QMetaObject::invokeMethod(&loop, &QEventLoop::quit, Qt::QueuedConnection);
        };
        QMetaObject::invokeMethod(
            m_context, [&job, finish] { job(finish); }, Qt::QueuedConnection);
        loop.exec();
    }

    // Only on the client thread.
    QNetworkAccessManager *manager(const QString &path)
    {
        QNetworkAccessManager *&nam = m_managers[path];
        if (!nam)
            nam = new QNetworkAccessManager;
        return nam;
    }

private:
    QThread m_thread;
    QObject *m_context;
    std::map<QString, QNetworkAccessManager *> m_managers;
};

struct Target {
    QString name;
    QUrl url;
    QByteArray bearer;
};

QNetworkRequest requestFor(const Target &t)
{
    QNetworkRequest r(t.url);
    r.setRawHeader("Authorization", "Bearer " + t.bearer);
    r.setRawHeader("Accept", "application/vnd.github+json");
    r.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    return r;
}

struct Series {
    std::vector<double> us; // one latency per request
    qint64 ns = 0;          // wall time of the whole series
    qint64 bodyBytes = 0;   // of the last answer
    QString error;
};

// `n` sequential GETs of `t` over the path's one connection; each latency runs
// from handing the request to QNetworkAccessManager to having its whole body.
Series sequence(ClientThread &client, const Target &t, int n, int expectStatus = 200)
{
    Series s;
    s.us.reserve(size_t(n));
    const QNetworkRequest request = requestFor(t);
    client.run([&](const std::function<void()> &finish) {
        QNetworkAccessManager *nam = client.manager(t.name);
        auto next = std::make_shared<std::function<void()>>();
        const qint64 begin = nowNs();
        *next = [&, nam, next, finish, begin] {
            const qint64 t0 = nowNs();
            QNetworkReply *reply = nam->get(request);
            QObject::connect(reply, &QNetworkReply::finished, nam, [&, reply, t0, next, finish, begin] {
                const QByteArray body = reply->readAll();
                const qint64 t1 = nowNs();
                const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                reply->deleteLater();
                if (status != expectStatus) {
                    s.error = QStringLiteral("%1 answered %2 (%3): %4")
                                  .arg(t.name)
                                  .arg(status)
                                  .arg(reply->errorString(), QString::fromUtf8(body.left(300)));
                    *next = nullptr; // breaks the cycle through the captured `next`
                    return finish();
                }
                s.us.push_back(double(t1 - t0) / 1000.0);
                s.bodyBytes = body.size();
                if (int(s.us.size()) < n)
                    return (*next)();
                s.ns = nowNs() - begin;
                *next = nullptr;
                finish();
            });
        };
        (*next)();
    });
    if (!s.error.isEmpty())
        fail(s.error);
    return s;
}

// nginx as a reverse proxy on a free loopback port, as an unprivileged user
// could run it: every file it writes (pid, logs, temp bodies) is in a
// temporary directory, nothing is daemonised, and one process does the work.
class Nginx {
public:
    ~Nginx() { stop(); }

    static QString find(const QString &given)
    {
        if (!given.isEmpty())
            return QFileInfo(given).isExecutable() ? given : QString();
        // /usr/sbin is often not on an unprivileged user's PATH.
        QString bin = QStandardPaths::findExecutable(QStringLiteral("nginx"));
        if (bin.isEmpty())
            bin = QStandardPaths::findExecutable(QStringLiteral("nginx"), {QStringLiteral("/usr/sbin")});
        return bin;
    }

    bool start(const QString &binary, const QUrl &upstream, QString *why)
    {
        if (!m_dir.isValid()) {
            *why = QStringLiteral("no temporary directory");
            return false;
        }
        // A port the system just handed out is almost surely still free;
        // when another process takes it meanwhile, nginx exits and we retry.
        for (int attempt = 0; attempt < 3; ++attempt) {
            QTcpServer probe;
            if (!probe.listen(QHostAddress::LocalHost, 0)) {
                *why = QStringLiteral("no free loopback port");
                return false;
            }
            m_port = probe.serverPort();
            probe.close();
            if (launch(binary, upstream, why))
                return true;
        }
        return false;
    }

    QUrl url(const QString &path) const { return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path)); }

    QString version() const { return m_version; }
    qint64 pid() const { return m_process.processId(); }

    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.terminate(); // SIGTERM: nginx's fast shutdown
        if (!m_process.waitForFinished(3000)) {
            m_process.kill();
            m_process.waitForFinished(1000);
        }
    }

private:
    bool launch(const QString &binary, const QUrl &upstream, QString *why)
    {
        const QString prefix = m_dir.path();
        const QString conf = prefix + QStringLiteral("/nginx.conf");
        // keepalive_requests is raised on both sides: the default (1000)
        // would make nginx reconnect mid-run, a cost neither other path pays.
        // proxy_max_temp_file_size 0 keeps a large answer off the disk.
        const QString text = QStringLiteral("worker_processes 1;\n"
                                            "pid %1/nginx.pid;\n"
                                            "error_log %1/error.log warn;\n"
                                            "events { worker_connections 64; }\n"
                                            "http {\n"
                                            "    access_log off;\n"
                                            "    client_body_temp_path %1/client_body;\n"
                                            "    proxy_temp_path %1/proxy;\n"
                                            "    fastcgi_temp_path %1/fastcgi;\n"
                                            "    uwsgi_temp_path %1/uwsgi;\n"
                                            "    scgi_temp_path %1/scgi;\n"
                                            "    keepalive_requests 1000000;\n"
                                            "    upstream sandbox {\n"
                                            "        server 127.0.0.1:%2;\n"
                                            "        keepalive 16;\n"
                                            "        keepalive_requests 1000000;\n"
                                            "    }\n"
                                            "    server {\n"
                                            "        listen 127.0.0.1:%3;\n"
                                            "        location / {\n"
                                            "            proxy_pass http://sandbox;\n"
                                            "            proxy_http_version 1.1;\n"
                                            "            proxy_set_header Connection \"\";\n"
                                            "            proxy_max_temp_file_size 0;\n"
                                            "        }\n"
                                            "    }\n"
                                            "}\n")
                                 .arg(prefix)
                                 .arg(upstream.port())
                                 .arg(m_port);
        QFile f(conf);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(text.toUtf8()) < 0) {
            *why = QStringLiteral("cannot write %1").arg(conf);
            return false;
        }
        f.close();
        QProcess probe;
        probe.start(binary, {QStringLiteral("-v")});
        probe.waitForFinished(5000);
        m_version = QString::fromUtf8(probe.readAllStandardError()).trimmed().section(QLatin1Char('/'), 1);
        // -e: nginx opens its compiled-in error log before reading the config,
        // which an unprivileged user may not write.
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.start(binary,
                        {QStringLiteral("-p"),
                         prefix + QLatin1Char('/'),
                         QStringLiteral("-c"),
                         conf,
                         QStringLiteral("-e"),
                         prefix + QStringLiteral("/error.log"),
                         QStringLiteral("-g"),
                         QStringLiteral("daemon off; master_process off;")});
        if (!m_process.waitForStarted(5000)) {
            *why = QStringLiteral("%1 did not start: %2").arg(binary, m_process.errorString());
            return false;
        }
        QElapsedTimer waited;
        waited.start();
        while (waited.elapsed() < 5000) {
            if (m_process.state() == QProcess::NotRunning)
                break;
            QTcpSocket s;
            s.connectToHost(QHostAddress::LocalHost, m_port);
            if (s.waitForConnected(100))
                return true;
            QThread::msleep(10);
        }
        stop();
        QFile log(m_dir.path() + QStringLiteral("/error.log"));
        const QByteArray logText = log.open(QIODevice::ReadOnly) ? log.readAll() : QByteArray();
        *why = QStringLiteral("nginx did not accept connections on port %1: %2%3")
                   .arg(m_port)
                   .arg(QString::fromUtf8(m_process.readAll()).trimmed(), QString::fromUtf8(logText).trimmed());
        return false;
    }

    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_port = 0;
    QString m_version;
};

// CPU time per thread, from /proc (Linux only; elsewhere all zero), to show
// where a path's time goes: the client, the upstream, nginx, or which of the
// broker's threads.
class CpuAccount {
public:
    enum Group { Client, Upstream, Nginx, BrokerLoop, AuthWorker, WorkerHttp, Usage, Other, Groups };

    static const char *name(int g)
    {
        static const char *const names[] = {
            "client", "upstream", "nginx", "broker loop", "auth worker", "worker QNAM", "usage", "other"};
        return names[g];
    }

    // Every thread of this process that exists now is the broker's (the
    // client thread comes later); sandbox and nginx are whole processes.
    CpuAccount(qint64 sandboxPid, qint64 nginxPid)
        : m_self(QCoreApplication::applicationPid())
        , m_sandbox(sandboxPid)
        , m_nginx(nginxPid)
    {
        for (const auto &[tid, task] : tasks(m_self))
            m_brokerThreads.insert({tid, groupOf(tid, task.first)});
    }

    using Sample = std::array<qint64, Groups>;

    Sample sample() const
    {
        Sample s{};
        for (const auto &[tid, task] : tasks(m_self)) {
            const auto b = m_brokerThreads.find(tid);
            s[b == m_brokerThreads.end() ? Client : b->second] += task.second;
        }
        for (const auto &[tid, task] : tasks(m_sandbox))
            s[Upstream] += task.second;
        if (m_nginx > 0)
            for (const auto &[tid, task] : tasks(m_nginx))
                s[Nginx] += task.second;
        return s;
    }

private:
    Group groupOf(qint64 tid, const QByteArray &comm) const
    {
        if (tid == m_self)
            return BrokerLoop;
        if (comm == "sanctum-auth")
            return AuthWorker;
        // Qt 6 runs each QNetworkAccessManager's HTTP on a thread of its
        // own; before the client exists the busy one is the auth worker's.
        if (comm.startsWith("QNetworkAccess"))
            return WorkerHttp;
        if (comm == "sanctum-usage")
            return Usage;
        return Other;
    }

    // tid -> {comm, nanoseconds on a CPU so far}
    static std::map<qint64, std::pair<QByteArray, qint64>> tasks(qint64 pid)
    {
        std::map<qint64, std::pair<QByteArray, qint64>> out;
        const QDir dir(QStringLiteral("/proc/%1/task").arg(pid));
        for (const QString &tid : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            QFile stat(dir.filePath(tid + QStringLiteral("/schedstat")));
            QFile comm(dir.filePath(tid + QStringLiteral("/comm")));
            if (!stat.open(QIODevice::ReadOnly) || !comm.open(QIODevice::ReadOnly))
                continue; // the thread ended meanwhile
            out[tid.toLongLong()] = {comm.readAll().trimmed(), stat.readAll().split(' ').value(0).toLongLong()};
        }
        return out;
    }

    qint64 m_self, m_sandbox, m_nginx;
    std::map<qint64, Group> m_brokerThreads;
};

struct PathStats {
    std::vector<double> us;
    qint64 ns = 0;
    std::vector<double> roundP50;
    CpuAccount::Sample cpu{};
};

// Warm-up, then `rounds` rounds of `n` requests per path, interleaved.
// `settle` runs after each series, before its CPU is sampled.
void compare(ClientThread &client, const CpuAccount &cpu, const std::function<void()> &settle, const QString &title,
             const std::vector<Target> &targets, int rounds, int n, int warmup, const QString &key)
{
    for (const Target &t : targets)
        (void)sequence(client, t, warmup);
    std::map<QString, PathStats> stats;
    const qint64 bytes = sequence(client, targets.front(), 1).bodyBytes;
    std::printf("\n%s (%lld-byte answer), %d rounds x %d sequential requests per path\n  round",
                qPrintable(title),
                static_cast<long long>(bytes),
                rounds,
                n);
    for (const Target &t : targets)
        std::printf("   %8s p50 us", qPrintable(t.name));
    std::printf("\n");
    for (int r = 0; r < rounds; ++r) {
        for (size_t i = 0; i < targets.size(); ++i) {
            const Target &t = targets[(i + size_t(r)) % targets.size()];
            const CpuAccount::Sample before = cpu.sample();
            const Series s = sequence(client, t, n);
            settle();
            const CpuAccount::Sample after = cpu.sample();
            PathStats &p = stats[t.name];
            p.us.insert(p.us.end(), s.us.begin(), s.us.end());
            p.ns += s.ns;
            p.roundP50.push_back(median(s.us));
            for (int g = 0; g < CpuAccount::Groups; ++g)
                p.cpu[size_t(g)] += after[size_t(g)] - before[size_t(g)];
        }
        std::printf("  %-5d", r + 1);
        for (const Target &t : targets)
            std::printf("   %15.1f", stats[t.name].roundP50.back());
        std::printf("\n");
    }

    const PathStats &direct = stats[QStringLiteral("direct")];
    const double d50 = percentile(direct.us, 0.5), d99 = percentile(direct.us, 0.99);
    QByteArray results;
    std::printf("  path        p50 us     p99 us      req/s   added p50 us   added p99 us\n");
    std::map<QString, double> addedP50;
    for (const Target &t : targets) {
        const PathStats &p = stats[t.name];
        const double p50 = percentile(p.us, 0.5), p99 = percentile(p.us, 0.99);
        const double rps = double(p.us.size()) * 1e9 / double(p.ns);
        addedP50[t.name] = p50 - d50;
        if (t.name == QStringLiteral("direct"))
            std::printf(
                "  %-8s %9.1f  %9.1f  %9.0f              -              -\n", qPrintable(t.name), p50, p99, rps);
        else
            std::printf("  %-8s %9.1f  %9.1f  %9.0f   %12.1f   %12.1f\n",
                        qPrintable(t.name),
                        p50,
                        p99,
                        rps,
                        p50 - d50,
                        p99 - d99);
        results += QStringLiteral("RESULT %1_%2_p50_us=%3 p99_us=%4 rps=%5\n")
                       .arg(key, t.name)
                       .arg(p50, 0, 'f', 1)
                       .arg(p99, 0, 'f', 1)
                       .arg(rps, 0, 'f', 0)
                       .toUtf8();
    }
    if (addedP50.count(QStringLiteral("nginx"))) {
        const double nginxAdded = addedP50[QStringLiteral("nginx")];
        const double brokerAdded = addedP50[QStringLiteral("broker")];
        // nginx adds a few tens of microseconds, about the rounds' noise;
        // when it measured nothing at all, a ratio to it means nothing.
        const bool meaningful = nginxAdded > 0;
        const double ratio = meaningful ? brokerAdded / nginxAdded : 0;
        if (meaningful)
            std::printf("  broker-added p50 / nginx-added p50 = %.1f / %.1f = %.2f   (goal <= 2: %s)\n",
                        brokerAdded,
                        nginxAdded,
                        ratio,
                        ratio <= 2 ? "met" : "NOT met");
        else
            std::printf("  broker-added p50 / nginx-added p50 = %.1f / %.1f: no ratio, nginx added nothing "
                        "measurable in this run (more --rounds or --requests)\n",
                        brokerAdded,
                        nginxAdded);
        results += QStringLiteral("RESULT %1_added_p50_ratio=%2 broker_added_p50_us=%3 nginx_added_p50_us=%4\n")
                       .arg(key,
                            meaningful ? QString::number(ratio, 'f', 2) : QStringLiteral("n/a"),
                            QString::number(brokerAdded, 'f', 1),
                            QString::number(nginxAdded, 'f', 1))
                       .toUtf8();
    }

    // Where the time went: CPU per call of each party while that path ran.
    std::printf("  CPU us per call:");
    for (int g = 0; g < CpuAccount::Groups; ++g)
        std::printf(" %12s", CpuAccount::name(g));
    std::printf("\n");
    for (const Target &t : targets) {
        const PathStats &p = stats[t.name];
        std::printf("  %-15s", qPrintable(t.name));
        for (int g = 0; g < CpuAccount::Groups; ++g)
            std::printf(" %12.1f", double(p.cpu[size_t(g)]) / 1000.0 / double(p.us.size()));
        std::printf("\n");
    }
    std::printf("%s", results.constData());
}

// The GitHub-like upstream token, as the auth worker holds it for the broker.
QByteArray upstreamToken(BrokerFixture &f)
{
    QByteArray token;
    QString error;
    bool done = false;
    f.instance().session().auth().upstreamToken(QStringLiteral("github"), qApp, [&](Expected<UpstreamToken> t) {
        if (t)
            token = t->accessToken;
        else
            error = t.error().message;
        done = true;
    });
    (void)QTest::qWaitFor([&] { return done; }, 20000);
    if (token.isEmpty())
        fail(QStringLiteral("no upstream token: %1").arg(done ? error : QStringLiteral("timed out")));
    return token;
}

// Writes a file into acme/web whose contents answer is about 64 KiB (the
// upstream sends files base64-encoded in JSON). False when it could not.
bool writeLargeFile(BrokerFixture &f, SandboxTenant &sandbox, const QByteArray &token, const QString &path)
{
    QByteArray content;
    const QByteArray line = QByteArrayLiteral("Sanctum broker benchmark: a line of a larger file.\n");
    while (content.size() + line.size() <= 48 * 1024)
        content += line;
    content += QByteArray(48 * 1024 - content.size(), '.');
    const HttpResponse r = f.http().sendJson("PUT",
                                             sandbox.upstreamUrl(path),
                                             {{QStringLiteral("message"), QStringLiteral("benchmark data")},
                                              {QStringLiteral("content"), QString::fromLatin1(content.toBase64())}},
                                             bearer(QString::fromLatin1(token)));
    if (r.status != 201 && r.status != 200) {
        std::printf("  (could not write the large file: %s)\n", r.describe().constData());
        return false;
    }
    return true;
}

void benchRevoke(BrokerFixture &f, ClientThread &client, const QString &agentKey, int missions, int authorizeCalls)
{
    std::vector<double> revokeUs, refusalUs, authorizeDeadNs, authorizeLiveNs;
    for (int i = 0; i < missions; ++i) {
        QString why;
        const auto [id, token] = f.activeMission(agentKey, {QStringLiteral("repo")}, 3600, &why);
        if (token.isEmpty())
            fail(QStringLiteral("no mission for the revoke measurement: %1").arg(why));
        const Target t{QStringLiteral("broker"),
                       f.url(QStringLiteral("/v1/proxy/github/repos/acme/web/issues")),
                       token.toLatin1()};
        // The mission is in use and the client's connection is open, as
        // when an operator cuts off a busy agent.
        (void)sequence(client, t, 3);

        // The live token's lookup, for comparison with the refused one below.
        const QByteArray bearerBytes = token.toLatin1();
        qint64 a0 = nowNs();
        for (int k = 0; k < authorizeCalls; ++k)
            if (!f.instance().missions().authorize(bearerBytes))
                fail(QStringLiteral("authorize() refused a live mission token"));
        authorizeLiveNs.push_back(double(nowNs() - a0) / authorizeCalls);

        const qint64 r0 = nowNs();
        const Expected<Mission> revoked =
            f.instance().missions().revoke(id, QStringLiteral("operator:bench"), QStringLiteral("benchmark"));
        const qint64 returned = nowNs();
        if (!revoked)
            fail(QStringLiteral("revoke failed: %1").arg(revoked.error().message));
        qint64 arrived = 0;
        int status = 0;
        const QNetworkRequest request = requestFor(t);
        client.run([&](const std::function<void()> &finish) {
            QNetworkReply *reply = client.manager(t.name)->get(request);
            QObject::connect(reply, &QNetworkReply::finished, reply, [&, reply, finish] {
                reply->readAll();
                arrived = nowNs();
                status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                reply->deleteLater();
                finish();
            });
        });
        if (status != 401)
            fail(QStringLiteral("the call after revoke answered %1, not 401").arg(status));
        revokeUs.push_back(double(returned - r0) / 1000.0);
        refusalUs.push_back(double(arrived - returned) / 1000.0);

        a0 = nowNs();
        for (int k = 0; k < authorizeCalls; ++k)
            if (f.instance().missions().authorize(bearerBytes))
                fail(QStringLiteral("authorize() accepted a revoked mission's token"));
        authorizeDeadNs.push_back(double(nowNs() - a0) / authorizeCalls);
    }
    const double refusal = median(refusalUs);
    std::printf("\nRevoke to refusal, %d missions (each in use, then revoked by the operator)\n", missions);
    std::printf("  revoke() call itself (durable audit + store write): median %.1f us, max %.1f us\n",
                median(revokeUs),
                percentile(revokeUs, 1.0));
    std::printf("  revoke() returned -> next proxied call's 401 at the client: median %.1f us, max %.1f us   "
                "(goal < 1000 us: %s)\n",
                refusal,
                percentile(refusalUs, 1.0),
                refusal < 1000 ? "met" : "NOT met");
    std::printf("  authorize(token) in process: revoked %.0f ns (refused every time), live %.0f ns  (mean of %d "
                "calls, median over missions)\n",
                median(authorizeDeadNs),
                median(authorizeLiveNs),
                authorizeCalls);
    std::printf("RESULT revoke_to_401_us=%.1f revoke_call_us=%.1f authorize_revoked_ns=%.0f authorize_live_ns=%.0f\n",
                refusal,
                median(revokeUs),
                median(authorizeDeadNs),
                median(authorizeLiveNs));
}

struct Options {
    int rounds = 5;
    int requests = 400;
    int warmup = 50;
    int largeRequests = 100;
    int revokes = 9;
    QString nginx;
    bool nginxGiven = false;
};

void bench(const Options &o)
{
    qputenv("SANCTUM_BROWSER", SANDBOXBROWSER_BIN);
    // No keychain: nothing of this run may reach the user's.
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/sanctum-bench-bus");

    SandboxTenant sandbox;
    if (!sandbox.start())
        fail(QStringLiteral("cannot start the sandbox tenant: %1").arg(sandbox.errorString()));

    // The fixture's clock is manual, so the per-agent token bucket would never
    // refill and the broker would answer 429 after its burst; the limiter
    // still runs on every call, it just never says no.
    BrokerOptions options = BrokerFixture::testOptions();
    options.callsPerSecond = 1e9;
    options.burst = 1e9;
    BrokerFixture f(sandbox, options);
    QString why;
    if (!f.start(&why))
        fail(QStringLiteral("cannot start the broker: %1").arg(why));
    const QString agentKey = f.addAgent(QStringLiteral("bench-bot"));
    const auto [missionId, missionToken] = f.activeMission(agentKey, {QStringLiteral("repo")}, 3600, &why);
    if (missionToken.isEmpty())
        fail(QStringLiteral("no active mission: %1").arg(why));
    const QByteArray upstream = upstreamToken(f);

    Nginx nginx;
    QString nginxSkipped;
    const QString nginxBin = Nginx::find(o.nginx);
    if (nginxBin.isEmpty())
        nginxSkipped = o.nginxGiven ? QStringLiteral("%1 is not an executable").arg(o.nginx)
                                    : QStringLiteral("nginx is not installed (neither on PATH nor in /usr/sbin; "
                                                     "packaging/install-deps.sh installs it)");
    else if (!nginx.start(nginxBin, sandbox.upstream(), &why))
        fail(QStringLiteral("nginx is installed but would not run: %1").arg(why));

    std::printf("Broker overhead on loopback against the sandbox's GitHub-like upstream (node)\n");
    std::printf("  client: its own thread, one QNetworkAccessManager (one keep-alive connection) per path;\n"
                "  broker: main thread of this process, scope check and usage recording on\n");
    if (nginxSkipped.isEmpty())
        std::printf("  nginx %s: reverse proxy, 1 worker, keepalive 16 to the upstream\n", qPrintable(nginx.version()));
    else
        std::printf("  nginx baseline SKIPPED: %s\n", qPrintable(nginxSkipped));
    std::printf("  CPU columns: client = the client thread and its QNAM threads; upstream = the sandbox (node);\n"
                "  broker loop = main thread; auth worker = sanctum-auth thread; worker QNAM = the HTTP thread of\n"
                "  the auth worker's QNetworkAccessManager; usage = usage writer thread\n");

    const CpuAccount cpu(sandbox.process()->processId(), nginxSkipped.isEmpty() ? nginx.pid() : 0);
    ClientThread client;
    const auto targetsFor = [&](const QString &path) {
        std::vector<Target> t{{QStringLiteral("direct"), sandbox.upstreamUrl(path), upstream}};
        if (nginxSkipped.isEmpty())
            t.push_back({QStringLiteral("nginx"), nginx.url(path), upstream});
        t.push_back(
            {QStringLiteral("broker"), f.url(QStringLiteral("/v1/proxy/github") + path), missionToken.toLatin1()});
        return t;
    };

    // Usage events are committed in batches up to 100 ms later; committing
    // what is left after each series (outside any timing) keeps the usage
    // writer's CPU on the row of the path that caused it.
    const auto settle = [&f] { f.flushUsage(); };
    compare(client,
            cpu,
            settle,
            QStringLiteral("GET /repos/acme/web/issues"),
            targetsFor(QStringLiteral("/repos/acme/web/issues")),
            o.rounds,
            o.requests,
            o.warmup,
            QStringLiteral("issues"));

    const QString largePath = QStringLiteral("/repos/acme/web/contents/bench/large.txt");
    if (o.largeRequests > 0 && writeLargeFile(f, sandbox, upstream, largePath))
        compare(client,
                cpu,
                settle,
                QStringLiteral("GET ") + largePath,
                targetsFor(largePath),
                o.rounds,
                o.largeRequests,
                qMin(o.warmup, o.largeRequests),
                QStringLiteral("large"));

    // The benchmark's own mission stays active throughout, so revoking these
    // never releases the connection's upstream token.
    benchRevoke(f, client, agentKey, o.revokes, 1000);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption roundsOpt(
        QStringLiteral("rounds"), QStringLiteral("Rounds per path."), QStringLiteral("n"), QStringLiteral("5"));
    const QCommandLineOption requestsOpt(QStringLiteral("requests"),
                                         QStringLiteral("Sequential requests per path and round."),
                                         QStringLiteral("n"),
                                         QStringLiteral("400"));
    const QCommandLineOption warmupOpt(QStringLiteral("warmup"),
                                       QStringLiteral("Warm-up requests per path."),
                                       QStringLiteral("n"),
                                       QStringLiteral("50"));
    const QCommandLineOption largeOpt(QStringLiteral("large-requests"),
                                      QStringLiteral("Requests per path and round for the ~64 KiB answer; 0 skips it."),
                                      QStringLiteral("n"),
                                      QStringLiteral("100"));
    const QCommandLineOption revokesOpt(QStringLiteral("revokes"),
                                        QStringLiteral("Missions revoked for the revoke-to-refusal figure."),
                                        QStringLiteral("n"),
                                        QStringLiteral("9"));
    const QCommandLineOption nginxOpt(QStringLiteral("nginx"),
                                      QStringLiteral("The nginx binary (default: nginx on PATH, or /usr/sbin/nginx)."),
                                      QStringLiteral("path"));
    parser.addOptions({roundsOpt, requestsOpt, warmupOpt, largeOpt, revokesOpt, nginxOpt});
    parser.process(app);
    Options o;
    o.rounds = qMax(1, parser.value(roundsOpt).toInt());
    o.requests = qMax(1, parser.value(requestsOpt).toInt());
    o.warmup = qMax(1, parser.value(warmupOpt).toInt());
    o.largeRequests = qMax(0, parser.value(largeOpt).toInt());
    o.revokes = qMax(1, parser.value(revokesOpt).toInt());
    o.nginx = parser.value(nginxOpt);
    o.nginxGiven = parser.isSet(nginxOpt);
    try {
        bench(o);
    } catch (const Failure &e) {
        std::fprintf(stderr, "sanctum-bench-broker: %s\n", e.what());
        return 1;
    }
    return 0;
}
