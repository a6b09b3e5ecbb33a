#include "cli/ctlagent.h"

#include "cli/agentsimulator.h"
#include "cli/brokerclient.h"
#include "cli/ctlapp.h"
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

int CtlAgent::agent()
{
    const QString sub = m_app.m_args.word(1);
    if (sub == QStringLiteral("request"))
        return request();
    if (sub == QStringLiteral("status"))
        return status();
    if (sub == QStringLiteral("call"))
        return call();
    if (sub == QStringLiteral("finish"))
        return finish();
    if (sub == QStringLiteral("simulate"))
        return simulate();
    return m_app.usage(sub.isEmpty() ? QStringLiteral("agent needs a subcommand: request, status, call, finish or "
                                                      "simulate")
                                     : QStringLiteral("unknown agent subcommand '%1'").arg(sub));
}

QUrl CtlAgent::brokerUrl()
{
    if (m_app.m_args.hasOption(QStringLiteral("broker")))
        return QUrl(m_app.m_args.option(QStringLiteral("broker")));
    if (const QByteArray env = qgetenv("SANCTUM_BROKER"); !env.isEmpty())
        return QUrl(QString::fromUtf8(env));
    // Ask the instance of this data directory, quietly: an agent may well
    // have no access to the operator's socket.
    if (const Expected<QJsonObject> s = m_app.quietCall(QStringLiteral("status")); s) {
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
    m_app.m_err << "sanctumctl: set SANCTUM_AGENT_KEY to the agent's key (from 'sanctumctl agents add')\n";
    return false;
}

int CtlAgent::printMission(const QJsonObject &m, bool waited)
{
    const QString status = m.value(QStringLiteral("status")).toString();
    if (m_app.m_args.has(QStringLiteral("json"))) {
        m_app.printJson(m);
    } else {
        const QString id = m.value(QStringLiteral("id")).toString();
        if (status == QStringLiteral("pending")) {
            m_app.m_out << "Mission " << id << " is pending: an operator decides (sanctumctl missions approve " << id
                        << ").\n";
        } else if (status == QStringLiteral("active")) {
            m_app.m_out << "Mission " << id << " is active until "
                        << TextTable::cell(m.value(QStringLiteral("expires_at"))) << ".\n";
            const QString token = m.value(QStringLiteral("mission_token")).toString();
            if (!token.isEmpty())
                m_app.m_out << "Mission token (for SANCTUM_MISSION_TOKEN; handed out until its first use):\n  " << token
                            << '\n';
        } else {
            m_app.m_out << "Mission " << id << " is " << status;
            if (const QString reason = m.value(QStringLiteral("reason")).toString(); !reason.isEmpty())
                m_app.m_out << ": " << reason;
            m_app.m_out << ".\n";
        }
    }
    // Waiting for a decision that did not come, or one that went against the
    // agent, is a failure to a script.
    if (status == QStringLiteral("active") || (status == QStringLiteral("pending") && !waited))
        return CtlApp::Success;
    return CtlApp::Failed;
}

int CtlAgent::request()
{
    const CtlArgs &args = m_app.m_args;
    if (args.words.size() != 2)
        return m_app.usage(QStringLiteral("agent request takes options only: --purpose TEXT --scope SCOPE... "
                                          "[--connection NAME] [--ttl SECONDS] [--wait SECONDS]"));
    if (!args.hasOption(QStringLiteral("purpose")))
        return m_app.usage(QStringLiteral("agent request needs --purpose TEXT: what the mission is for"));
    ScopeSet scopes;
    for (const QString &s : args.optionList(QStringLiteral("scope"))) {
        ScopeSet more;
        QString error;
        if (!ScopeSet::parse(s, &more, &error))
            return m_app.usage(error);
        scopes = scopes.united(more);
    }
    if (scopes.isEmpty())
        return m_app.usage(QStringLiteral("agent request needs at least one --scope"));
    bool ok = true;
    const int ttl = args.hasOption(QStringLiteral("ttl")) ? args.option(QStringLiteral("ttl")).toInt(&ok) : 600;
    if (!ok || ttl < 1)
        return m_app.usage(QStringLiteral("--ttl takes a whole number of seconds"));
    const int wait = args.hasOption(QStringLiteral("wait")) ? args.option(QStringLiteral("wait")).toInt(&ok) : 0;
    if (!ok || wait < 0)
        return m_app.usage(QStringLiteral("--wait takes a whole number of seconds"));
    QByteArray key;
    if (!needKey(&key))
        return CtlApp::Failed;

    BrokerClient broker(brokerUrl(), key);
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
        return m_app.failed(asked.error());
    if (asked->status != 201)
        return m_app.failed(asked->error());
    QJsonObject mission = asked->json;
    // Wait for the decision, a slice at a time, up to --wait seconds.
    for (int left = wait; left > 0 && mission.value(QStringLiteral("status")) == QStringLiteral("pending");) {
        const int slice = qMin(left, kPollSliceSeconds);
        const Expected<BrokerReply> r = broker.send(
            "GET",
            QStringLiteral("/v1/missions/%1?wait=%2").arg(mission.value(QStringLiteral("id")).toString()).arg(slice));
        if (!r)
            return m_app.failed(r.error());
        if (r->status != 200)
            return m_app.failed(r->error());
        mission = r->json;
        left -= slice;
    }
    return printMission(mission, wait > 0);
}

int CtlAgent::status()
{
    const CtlArgs &args = m_app.m_args;
    if (args.words.size() != 3)
        return m_app.usage(QStringLiteral("agent status takes one mission ID"));
    bool ok = true;
    const int wait = args.hasOption(QStringLiteral("wait")) ? args.option(QStringLiteral("wait")).toInt(&ok) : 0;
    if (!ok || wait < 0 || wait > 60)
        return m_app.usage(QStringLiteral("--wait takes a whole number of seconds up to 60"));
    QByteArray key;
    if (!needKey(&key))
        return CtlApp::Failed;
    BrokerClient broker(brokerUrl(), key);
    const Expected<BrokerReply> r =
        broker.send("GET", QStringLiteral("/v1/missions/%1?wait=%2").arg(args.word(2)).arg(wait));
    if (!r)
        return m_app.failed(r.error());
    if (r->status != 200)
        return m_app.failed(r->error());
    return printMission(r->json, wait > 0);
}

int CtlAgent::call()
{
    const CtlArgs &args = m_app.m_args;
    if (args.words.size() != 4 || !args.word(3).startsWith(QLatin1Char('/')))
        return m_app.usage(QStringLiteral("agent call takes METHOD /CONNECTION/PATH, e.g. "
                                          "agent call GET /github/repos/acme/web/issues"));
    const QByteArray token = qgetenv("SANCTUM_MISSION_TOKEN");
    if (token.isEmpty()) {
        m_app.m_err << "sanctumctl: set SANCTUM_MISSION_TOKEN to the mission token (from 'agent request')\n";
        return CtlApp::Failed;
    }
    QByteArray body;
    if (args.hasOption(QStringLiteral("data"))) {
        const QString data = args.option(QStringLiteral("data"));
        if (data == QStringLiteral("-") || data.startsWith(QLatin1Char('@'))) {
            QFile f;
            const bool opened = data == QStringLiteral("-") ? f.open(stdin, QIODevice::ReadOnly)
                                                            : (f.setFileName(data.mid(1)), f.open(QIODevice::ReadOnly));
            if (!opened)
                return m_app.failed(Error{QStringLiteral("io"), QStringLiteral("cannot read %1").arg(data)});
            body = f.readAll();
        } else {
            body = data.toUtf8();
        }
    }
    BrokerClient broker(brokerUrl(), token);
    const Expected<BrokerReply> r =
        broker.send(args.word(2).toUpper().toLatin1(), QStringLiteral("/v1/proxy") + args.word(3), body);
    if (!r)
        return m_app.failed(r.error());
    const bool success = r->status < 400;
    if (args.has(QStringLiteral("json"))) {
        const QJsonDocument doc = QJsonDocument::fromJson(r->body);
        m_app.printJson(QJsonObject{{QStringLiteral("status"), r->status},
                                    {QStringLiteral("body"),
                                     doc.isArray()    ? QJsonValue(doc.array())
                                     : doc.isObject() ? QJsonValue(doc.object())
                                                      : QJsonValue(QString::fromUtf8(r->body))}});
        return success ? CtlApp::Success : CtlApp::Failed;
    }
    if (!success)
        return m_app.failed(r->error());
    m_app.m_out << QString::fromUtf8(r->body);
    if (!r->body.endsWith('\n'))
        m_app.m_out << '\n';
    return CtlApp::Success;
}

int CtlAgent::finish()
{
    const CtlArgs &args = m_app.m_args;
    if (args.words.size() != 3)
        return m_app.usage(QStringLiteral("agent finish takes one mission ID"));
    QByteArray key;
    if (!needKey(&key))
        return CtlApp::Failed;
    BrokerClient broker(brokerUrl(), key);
    const Expected<BrokerReply> r = broker.send("DELETE", QStringLiteral("/v1/missions/") + args.word(2));
    if (!r)
        return m_app.failed(r.error());
    if (r->status != 200)
        return m_app.failed(r->error());
    if (args.has(QStringLiteral("json")))
        m_app.printJson(r->json);
    else
        m_app.m_out << "Mission " << args.word(2) << " is finished; its token no longer works.\n";
    return CtlApp::Success;
}

int CtlAgent::simulate()
{
    const CtlArgs &args = m_app.m_args;
    if (args.words.size() != 2)
        return m_app.usage(QStringLiteral("agent simulate takes options only: --profile demo [--rounds N] "
                                          "[--interval SECONDS] [--approve]"));
    const QString profile =
        args.hasOption(QStringLiteral("profile")) ? args.option(QStringLiteral("profile")) : QStringLiteral("demo");
    if (profile != QStringLiteral("demo"))
        return m_app.usage(QStringLiteral("the only profile is 'demo'"));
    bool ok = true;
    AgentSimulator::Options options;
    options.rounds = args.hasOption(QStringLiteral("rounds")) ? args.option(QStringLiteral("rounds")).toInt(&ok) : 0;
    if (!ok || options.rounds < 0)
        return m_app.usage(QStringLiteral("--rounds takes a whole number (0: until stopped)"));
    options.intervalMs = args.hasOption(QStringLiteral("interval"))
                             ? int(args.option(QStringLiteral("interval")).toDouble(&ok) * 1000)
                             : 3000;
    if (!ok || options.intervalMs < 0)
        return m_app.usage(QStringLiteral("--interval takes a number of seconds"));
    options.approve = args.has(QStringLiteral("approve"));
    options.json = args.has(QStringLiteral("json"));
    AgentSimulator simulator(m_app, brokerUrl(), options, m_app.m_out);
    return simulator.run();
}

} // namespace sanctum
