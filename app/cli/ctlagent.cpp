#include "cli/ctlagent.h"

#include "cli/agentsimulator.h"
#include "cli/brokerclient.h"
#include "cli/ctlargs.h"
#include "cli/ctlcontext.h"
#include "cli/texttable.h"
#include "domain/scopeset.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

namespace sanctum {

namespace {
const QUrl kDefaultBroker(QStringLiteral("http://127.0.0.1:8731"));

// Pending missions are polled in slices so the command can say it is still waiting.
constexpr int kPollSliceSeconds = 30;
} // namespace

QList<CtlOption> CtlAgent::sharedOptions() const
{
    return {{.name = QStringLiteral("broker"),
             .value = QStringLiteral("URL"),
             .help = QStringLiteral("the broker (default: $SANCTUM_BROKER, else the running instance's, else %1)")
                         .arg(kDefaultBroker.toString())}};
}

QString CtlAgent::heading() const
{
    return QStringLiteral("Agent side (speak the broker's HTTP API; the key comes from $SANCTUM_AGENT_KEY, the "
                          "mission token from $SANCTUM_MISSION_TOKEN):");
}

QList<CtlCommand> CtlAgent::commands()
{
    const CtlArgument id{QStringLiteral("ID")};
    return {
        {.name = QStringLiteral("agent request"),
         .options = {{.name = QStringLiteral("purpose"),
                      .value = QStringLiteral("TEXT"),
                      .help = QStringLiteral("what the mission is for"),
                      .required = true},
                     {.name = QStringLiteral("scope"),
                      .value = QStringLiteral("SCOPE"),
                      .help = QStringLiteral("the scopes it needs"),
                      .repeats = true,
                      .required = true},
                     {.name = QStringLiteral("connection"),
                      .value = QStringLiteral("NAME"),
                      .help = QStringLiteral("the upstream (default github)")},
                     {.name = QStringLiteral("ttl"),
                      .value = QStringLiteral("SECONDS"),
                      .help = QStringLiteral("how long it lasts once approved (default 600)")},
                     {.name = QStringLiteral("wait"),
                      .value = QStringLiteral("SECONDS"),
                      .help = QStringLiteral("wait this long for the operator's decision")}},
         .help = QStringLiteral("ask for a mission; prints its token once active"),
         .run = [this](const CtlArgs &a) { return request(a); }},
        {.name = QStringLiteral("agent status"),
         .arguments = {id},
         .options = {{.name = QStringLiteral("wait"),
                      .value = QStringLiteral("SECONDS"),
                      .help = QStringLiteral("wait up to 60 s for it to change")}},
         .help = QStringLiteral("a mission's state (long-polls up to 60 s)"),
         .run = [this](const CtlArgs &a) { return status(a); }},
        {.name = QStringLiteral("agent call"),
         .arguments = {{QStringLiteral("METHOD")}, {QStringLiteral("/CONNECTION/PATH")}},
         .options = {{.name = QStringLiteral("data"),
                      .value = QStringLiteral("JSON|@FILE|-"),
                      .help = QStringLiteral("the request body: text, a file, or standard input")}},
         .help = QStringLiteral("call the upstream with $SANCTUM_MISSION_TOKEN"),
         .run = [this](const CtlArgs &a) { return call(a); }},
        {.name = QStringLiteral("agent finish"),
         .arguments = {id},
         .help = QStringLiteral("end a mission early"),
         .run = [this](const CtlArgs &a) { return finish(a); }},
        {.name = QStringLiteral("agent simulate"),
         .options = {{.name = QStringLiteral("profile"),
                      .value = QStringLiteral("demo"),
                      .help = QStringLiteral("which agents (only demo, the default)")},
                     {.name = QStringLiteral("rounds"),
                      .value = QStringLiteral("N"),
                      .help = QStringLiteral("stop after N rounds (default: when stopped)")},
                     {.name = QStringLiteral("interval"),
                      .value = QStringLiteral("SECONDS"),
                      .help = QStringLiteral("the pause between rounds (default 3)")},
                     {.name = QStringLiteral("approve"),
                      .help = QStringLiteral("approve their missions over the admin socket")}},
         .help = QStringLiteral("run demo agents (re-created over the admin socket)"),
         .run = [this](const CtlArgs &a) { return simulate(a); }},
    };
}

QUrl CtlAgent::brokerUrl(const CtlArgs &args)
{
    if (args.hasOption(QStringLiteral("broker")))
        return QUrl(args.option(QStringLiteral("broker")));
    if (const QByteArray env = qgetenv("SANCTUM_BROKER"); !env.isEmpty())
        return QUrl(QString::fromUtf8(env));
    // Ask the instance of this data directory, quietly: an agent may well
    // have no access to the operator's socket.
    if (const Expected<QJsonObject> s = m_ctl.quietCall(QStringLiteral("status")); s) {
        const QUrl reported(s->value(QStringLiteral("broker_url")).toString());
        if (reported.isValid())
            return reported;
    }
    return kDefaultBroker;
}

bool CtlAgent::needKey(QByteArray *key)
{
    *key = qgetenv("SANCTUM_AGENT_KEY");
    if (!key->isEmpty())
        return true;
    m_ctl.err() << "sanctumctl: set SANCTUM_AGENT_KEY to the agent's key (from 'sanctumctl agents add')\n";
    return false;
}

int CtlAgent::printMission(const QJsonObject &m, bool waited)
{
    const QString status = m.value(QStringLiteral("status")).toString();
    if (m_ctl.json()) {
        m_ctl.printJson(m);
    } else {
        const QString id = m.value(QStringLiteral("id")).toString();
        if (status == QStringLiteral("pending")) {
            m_ctl.out() << "Mission " << id << " is pending: an operator decides (sanctumctl missions approve " << id
                        << ").\n";
        } else if (status == QStringLiteral("active")) {
            m_ctl.out() << "Mission " << id << " is active until "
                        << TextTable::cell(m.value(QStringLiteral("expires_at"))) << ".\n";
            const QString token = m.value(QStringLiteral("mission_token")).toString();
            if (!token.isEmpty())
                m_ctl.out() << "Mission token (for SANCTUM_MISSION_TOKEN; handed out until its first use):\n  " << token
                            << '\n';
        } else {
            m_ctl.out() << "Mission " << id << " is " << status;
            if (const QString reason = m.value(QStringLiteral("reason")).toString(); !reason.isEmpty())
                m_ctl.out() << ": " << reason;
            m_ctl.out() << ".\n";
        }
    }
    // Waiting for a decision that did not come, or one that went against the
    // agent, is a failure to a script.
    if (status == QStringLiteral("active") || (status == QStringLiteral("pending") && !waited))
        return CtlContext::Success;
    return CtlContext::Failed;
}

int CtlAgent::request(const CtlArgs &args)
{
    ScopeSet scopes;
    for (const QString &s : args.optionList(QStringLiteral("scope"))) {
        ScopeSet more;
        QString error;
        if (!ScopeSet::parse(s, &more, &error))
            return m_ctl.usage(error);
        scopes = scopes.united(more);
    }
    if (scopes.isEmpty())
        return m_ctl.usage(QStringLiteral("agent request needs at least one --scope"));
    bool ok = true;
    const int ttl = args.hasOption(QStringLiteral("ttl")) ? args.option(QStringLiteral("ttl")).toInt(&ok) : 600;
    if (!ok || ttl < 1)
        return m_ctl.usage(QStringLiteral("--ttl takes a whole number of seconds"));
    const int wait = args.hasOption(QStringLiteral("wait")) ? args.option(QStringLiteral("wait")).toInt(&ok) : 0;
    if (!ok || wait < 0)
        return m_ctl.usage(QStringLiteral("--wait takes a whole number of seconds"));
    QByteArray key;
    if (!needKey(&key))
        return CtlContext::Failed;

    BrokerClient broker(brokerUrl(args), key);
    const QJsonObject body{
        {QStringLiteral("purpose"), args.option(QStringLiteral("purpose"))},
        {QStringLiteral("connection"),
         args.hasOption(QStringLiteral("connection")) ? args.option(QStringLiteral("connection"))
                                                      : QStringLiteral("github")},
        {QStringLiteral("scopes"), scopes.toJson()},
        {QStringLiteral("ttl_seconds"), ttl},
    };
    const Expected<BrokerReply> asked =
        broker.send("POST", QStringLiteral("/v1/missions"), QJsonDocument(body).toJson(QJsonDocument::Compact));
    if (!asked)
        return m_ctl.failed(asked.error());
    if (asked->status != 201)
        return m_ctl.failed(asked->error());
    QJsonObject mission = asked->json;
    // Wait for the decision, a slice at a time, up to --wait seconds.
    for (int left = wait; left > 0 && mission.value(QStringLiteral("status")) == QStringLiteral("pending");) {
        const int slice = qMin(left, kPollSliceSeconds);
        const Expected<BrokerReply> r = broker.send(
            "GET",
            QStringLiteral("/v1/missions/%1?wait=%2").arg(mission.value(QStringLiteral("id")).toString()).arg(slice));
        if (!r)
            return m_ctl.failed(r.error());
        if (r->status != 200)
            return m_ctl.failed(r->error());
        mission = r->json;
        left -= slice;
    }
    return printMission(mission, wait > 0);
}

int CtlAgent::status(const CtlArgs &args)
{
    bool ok = true;
    const int wait = args.hasOption(QStringLiteral("wait")) ? args.option(QStringLiteral("wait")).toInt(&ok) : 0;
    if (!ok || wait < 0 || wait > 60)
        return m_ctl.usage(QStringLiteral("--wait takes a whole number of seconds up to 60"));
    QByteArray key;
    if (!needKey(&key))
        return CtlContext::Failed;
    BrokerClient broker(brokerUrl(args), key);
    const Expected<BrokerReply> r =
        broker.send("GET", QStringLiteral("/v1/missions/%1?wait=%2").arg(args.argument(0)).arg(wait));
    if (!r)
        return m_ctl.failed(r.error());
    if (r->status != 200)
        return m_ctl.failed(r->error());
    return printMission(r->json, wait > 0);
}

int CtlAgent::call(const CtlArgs &args)
{
    if (!args.argument(1).startsWith(QLatin1Char('/')))
        return m_ctl.usage(QStringLiteral("agent call takes METHOD /CONNECTION/PATH, e.g. "
                                          "agent call GET /github/repos/acme/web/issues"));
    const QByteArray token = qgetenv("SANCTUM_MISSION_TOKEN");
    if (token.isEmpty()) {
        m_ctl.err() << "sanctumctl: set SANCTUM_MISSION_TOKEN to the mission token (from 'agent request')\n";
        return CtlContext::Failed;
    }
    QByteArray body;
    if (args.hasOption(QStringLiteral("data"))) {
        const QString data = args.option(QStringLiteral("data"));
        if (data == QStringLiteral("-") || data.startsWith(QLatin1Char('@'))) {
            QFile f;
            const bool opened = data == QStringLiteral("-") ? f.open(stdin, QIODevice::ReadOnly)
                                                            : (f.setFileName(data.mid(1)), f.open(QIODevice::ReadOnly));
            if (!opened)
                return m_ctl.failed(Error{QStringLiteral("io"), QStringLiteral("cannot read %1").arg(data)});
            body = f.readAll();
        } else {
            body = data.toUtf8();
        }
    }
    BrokerClient broker(brokerUrl(args), token);
    const Expected<BrokerReply> r =
        broker.send(args.argument(0).toUpper().toLatin1(), QStringLiteral("/v1/proxy") + args.argument(1), body);
    if (!r)
        return m_ctl.failed(r.error());
    const bool success = r->status < 400;
    if (m_ctl.json()) {
        const QJsonDocument doc = QJsonDocument::fromJson(r->body);
        m_ctl.printJson(QJsonObject{{QStringLiteral("status"), r->status},
                                    {QStringLiteral("body"),
                                     doc.isArray()    ? QJsonValue(doc.array())
                                     : doc.isObject() ? QJsonValue(doc.object())
                                                      : QJsonValue(QString::fromUtf8(r->body))}});
        return success ? CtlContext::Success : CtlContext::Failed;
    }
    if (!success)
        return m_ctl.failed(r->error());
    m_ctl.out() << QString::fromUtf8(r->body);
    if (!r->body.endsWith('\n'))
        m_ctl.out() << '\n';
    return CtlContext::Success;
}

int CtlAgent::finish(const CtlArgs &args)
{
    QByteArray key;
    if (!needKey(&key))
        return CtlContext::Failed;
    BrokerClient broker(brokerUrl(args), key);
    const Expected<BrokerReply> r = broker.send("DELETE", QStringLiteral("/v1/missions/") + args.argument(0));
    if (!r)
        return m_ctl.failed(r.error());
    if (r->status != 200)
        return m_ctl.failed(r->error());
    if (m_ctl.json())
        m_ctl.printJson(r->json);
    else
        m_ctl.out() << "Mission " << args.argument(0) << " is finished; its token no longer works.\n";
    return CtlContext::Success;
}

int CtlAgent::simulate(const CtlArgs &args)
{
    const QString profile =
        args.hasOption(QStringLiteral("profile")) ? args.option(QStringLiteral("profile")) : QStringLiteral("demo");
    if (profile != QStringLiteral("demo"))
        return m_ctl.usage(QStringLiteral("the only profile is 'demo'"));
    bool ok = true;
    AgentSimulator::Options options;
    options.rounds = args.hasOption(QStringLiteral("rounds")) ? args.option(QStringLiteral("rounds")).toInt(&ok) : 0;
    if (!ok || options.rounds < 0)
        return m_ctl.usage(QStringLiteral("--rounds takes a whole number (0: until stopped)"));
    options.intervalMs = args.hasOption(QStringLiteral("interval"))
                             ? int(args.option(QStringLiteral("interval")).toDouble(&ok) * 1000)
                             : 3000;
    if (!ok || options.intervalMs < 0)
        return m_ctl.usage(QStringLiteral("--interval takes a number of seconds"));
    options.approve = args.has(QStringLiteral("approve"));
    options.json = m_ctl.json();
    AgentSimulator simulator(m_ctl, brokerUrl(args), options, m_ctl.out());
    return simulator.run();
}

} // namespace sanctum
