#include "cli/agentsimulator.h"

#include "cli/ctlcontext.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <signal.h>

namespace sanctum {

namespace {

// Set from a signal handler: SIGTERM or Ctrl+C ends the run at the next
// pause, so the missions still running are finished rather than left to
// their TTL (the control panel stops its demo agents this way).
std::atomic<bool> s_stopRequested{false};

extern "C" void requestStop(int)
{
    s_stopRequested.store(true);
}

void sleepUnlessStopped(int ms)
{
    constexpr int kSliceMs = 100;
    for (int slept = 0; slept < ms && !s_stopRequested.load(); slept += kSliceMs)
        QThread::msleep(ulong(std::min(kSliceMs, ms - slept)));
}

QJsonObject commentBody(const QString &text)
{
    return {{QStringLiteral("body"), text}};
}
} // namespace

AgentSimulator::AgentSimulator(CtlContext &ctl, const QUrl &broker, const Options &options, QTextStream &out)
    : m_ctl(ctl)
    , m_broker(broker)
    , m_options(options)
    , m_out(out)
    , m_bots(demoProfile())
{
}

AgentSimulator::~AgentSimulator() = default;

std::vector<AgentSimulator::Bot> AgentSimulator::demoProfile()
{
    std::vector<Bot> bots;
    Bot triage;
    triage.name = QStringLiteral("demo-triage-bot");
    triage.purpose = QStringLiteral("triage new issues in acme/web and ping the owning team");
    // Everything the connected account holds, as a broad standing grant
    // would: the heatmap shows it uses three.
    triage.scopes = {QStringLiteral("repo"),
                     QStringLiteral("read:org"),
                     QStringLiteral("workflow"),
                     QStringLiteral("gist"),
                     QStringLiteral("notifications"),
                     QStringLiteral("user"),
                     QStringLiteral("delete_repo"),
                     QStringLiteral("write:discussion"),
                     QStringLiteral("read:packages"),
                     QStringLiteral("admin:repo_hook"),
                     QStringLiteral("project"),
                     QStringLiteral("admin:public_key")};
    triage.steps = {
        {"GET", QStringLiteral("/github/repos/acme/web/issues"), {}},
        {"GET", QStringLiteral("/github/orgs/acme/teams"), {}},
        {"GET", QStringLiteral("/github/notifications"), {}},
        {"POST",
         QStringLiteral("/github/repos/acme/web/issues/1/comments"),
         commentBody(QStringLiteral("Triaged: routed to @acme/frontend."))},
        {"GET", QStringLiteral("/github/repos/acme/web/issues/1"), {}},
    };
    bots.push_back(std::move(triage));

    Bot release;
    release.name = QStringLiteral("demo-release-bot");
    release.purpose = QStringLiteral("cut the weekly release of acme/web");
    release.scopes = {QStringLiteral("repo"), QStringLiteral("workflow"), QStringLiteral("read:org")};
    release.steps = {
        {"GET", QStringLiteral("/github/repos/acme/web/pulls"), {}},
        {"GET", QStringLiteral("/github/repos/acme/web/commits/main/status"), {}},
        {"POST",
         QStringLiteral("/github/repos/acme/web/statuses/0123456789abcdef"),
         {{QStringLiteral("state"), QStringLiteral("success")},
          {QStringLiteral("context"), QStringLiteral("release")}}},
        {"PUT",
         QStringLiteral("/github/repos/acme/web/contents/.github/workflows/release.yml"),
         {{QStringLiteral("message"), QStringLiteral("Update the release workflow")},
          {QStringLiteral("content"), QStringLiteral("bmFtZTogcmVsZWFzZQo=")}}},
    };
    bots.push_back(std::move(release));

    Bot reckless;
    reckless.name = QStringLiteral("demo-reckless-bot");
    reckless.purpose = QStringLiteral("summarise the open issues of acme/web");
    reckless.scopes = {QStringLiteral("repo")};
    reckless.steps = {
        {"GET", QStringLiteral("/github/repos/acme/web/issues"), {}},
        {"GET", QStringLiteral("/github/user/emails"), {}},           // user:email: never granted
        {"DELETE", QStringLiteral("/github/repos/acme/web"), {}},     // delete_repo: never granted
        {"GET", QStringLiteral("/github/repos/acme/api/issues"), {}}, // a private repository: repo covers it
    };
    bots.push_back(std::move(reckless));
    return bots;
}

bool AgentSimulator::enrol(Bot &bot)
{
    // A demo agent from an earlier run has a key nobody knows any more: it
    // gets a new one, so its history (and its heatmap row) carries on.
    const bool known =
        static_cast<bool>(m_ctl.quietCall(QStringLiteral("agents.show"), {{QStringLiteral("agent"), bot.name}}));
    const auto added = known ? m_ctl.call(QStringLiteral("agents.rotate_key"), {{QStringLiteral("agent"), bot.name}})
                             : m_ctl.call(QStringLiteral("agents.add"), {{QStringLiteral("name"), bot.name}});
    if (!added)
        return false;
    bot.key = added->value(QStringLiteral("key")).toString().toLatin1();
    bot.client = std::make_unique<BrokerClient>(m_broker, bot.key);
    report(bot, QStringLiteral("enrolled"), 0, added->value(QStringLiteral("id")).toString());
    return true;
}

int AgentSimulator::run()
{
    struct sigaction action {};
    action.sa_handler = requestStop;
    sigemptyset(&action.sa_mask);
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);
    for (Bot &bot : m_bots)
        if (!enrol(bot))
            return CtlContext::Failed;
    for (int round = 1; (m_options.rounds == 0 || round <= m_options.rounds) && !s_stopRequested.load(); ++round) {
        for (Bot &bot : m_bots)
            tick(bot);
        m_out.flush();
        if (m_options.rounds == 0 || round < m_options.rounds)
            sleepUnlessStopped(m_options.intervalMs);
    }
    // Done: finish what is still running rather than leave it to the clock.
    for (Bot &bot : m_bots) {
        if (bot.missionId.isEmpty())
            continue;
        bot.client->setBearer(bot.key);
        bot.client->send("DELETE", QStringLiteral("/v1/missions/") + bot.missionId);
        report(bot, QStringLiteral("finished"), 0, bot.missionId);
    }
    if (!m_options.json)
        for (const Bot &bot : m_bots)
            m_out << bot.name << ": " << bot.calls << " calls, " << bot.refused << " refused\n";
    m_out.flush();
    return CtlContext::Success;
}

void AgentSimulator::tick(Bot &bot)
{
    if (bot.missionId.isEmpty())
        return ask(bot);
    if (bot.token.isEmpty())
        return poll(bot);
    work(bot);
}

void AgentSimulator::ask(Bot &bot)
{
    bot.client->setBearer(bot.key);
    const QJsonObject body{{QStringLiteral("purpose"), bot.purpose},
                           {QStringLiteral("connection"), QStringLiteral("github")},
                           {QStringLiteral("scopes"), QJsonArray::fromStringList(bot.scopes)},
                           {QStringLiteral("ttl_seconds"), bot.ttlSeconds}};
    const Expected<BrokerReply> r =
        bot.client->send("POST", QStringLiteral("/v1/missions"), QJsonDocument(body).toJson(QJsonDocument::Compact));
    if (!r || r->status != 201)
        return report(
            bot, QStringLiteral("request failed"), r ? r->status : 0, r ? r->error().message : r.error().message);
    bot.missionId = r->json.value(QStringLiteral("id")).toString();
    bot.token = r->json.value(QStringLiteral("mission_token")).toString().toLatin1();
    report(bot, QStringLiteral("asked for a mission"), r->status, bot.missionId);
    if (bot.token.isEmpty() && m_options.approve) {
        if (m_ctl.call(QStringLiteral("missions.approve"), {{QStringLiteral("id"), bot.missionId}}))
            poll(bot);
    }
}

void AgentSimulator::poll(Bot &bot)
{
    bot.client->setBearer(bot.key);
    const Expected<BrokerReply> r = bot.client->send("GET", QStringLiteral("/v1/missions/") + bot.missionId);
    if (!r)
        return report(bot, QStringLiteral("status failed"), 0, r.error().message);
    const QString status = r->json.value(QStringLiteral("status")).toString();
    if (status == QStringLiteral("active")) {
        bot.token = r->json.value(QStringLiteral("mission_token")).toString().toLatin1();
        report(bot, QStringLiteral("mission active"), r->status, bot.missionId);
        if (bot.token.isEmpty())
            bot.missionId.clear(); // its token went to an earlier run: start over
    } else if (status != QStringLiteral("pending")) {
        report(bot, QStringLiteral("mission ") + status, r->status, bot.missionId);
        bot.missionId.clear();
    }
}

void AgentSimulator::work(Bot &bot)
{
    const Step &step = bot.steps.at(bot.next);
    bot.next = (bot.next + 1) % bot.steps.size();
    bot.client->setBearer(bot.token);
    const Expected<BrokerReply> r =
        bot.client->send(step.method,
                         QStringLiteral("/v1/proxy") + step.path,
                         step.body.isEmpty() ? QByteArray() : QJsonDocument(step.body).toJson(QJsonDocument::Compact));
    ++bot.calls;
    if (!r)
        return report(bot, QString::fromLatin1(step.method) + QLatin1Char(' ') + step.path, 0, r.error().message);
    if (r->status == 401) {
        // The mission ended (expired, revoked): ask for a new one next round.
        report(bot, QStringLiteral("mission over"), r->status, r->error().message);
        bot.missionId.clear();
        bot.token.clear();
        return;
    }
    if (r->status == 403)
        ++bot.refused;
    report(bot,
           QString::fromLatin1(step.method) + QLatin1Char(' ') + step.path,
           r->status,
           r->status == 403 ? r->error().message : QString());
}

void AgentSimulator::report(const Bot &bot, const QString &what, int status, const QString &detail)
{
    if (m_options.json) {
        QJsonObject line{{QStringLiteral("at"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
                         {QStringLiteral("agent"), bot.name},
                         {QStringLiteral("event"), what}};
        if (status)
            line.insert(QStringLiteral("status"), status);
        if (!detail.isEmpty())
            line.insert(QStringLiteral("detail"), detail);
        m_out << QJsonDocument(line).toJson(QJsonDocument::Compact) << '\n';
        return;
    }
    m_out << bot.name.leftJustified(18) << ' ' << what;
    if (status)
        m_out << " → " << status;
    if (!detail.isEmpty())
        m_out << "  " << detail;
    m_out << '\n';
}

} // namespace sanctum
