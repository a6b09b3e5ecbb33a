#include "leastprivilegecommands.h"

#include "admincommands.h"
#include "adminreply.h"
#include "agentregistry.h"
#include "clock.h"
#include "exposureanalyzer.h"
#include "instance.h"
#include "leastprivilegeanalyzer.h"
#include "timeformat.h"
#include "usagerecorder.h"

#include <QJsonArray>

namespace sanctum {

using namespace AdminReply;

namespace {
constexpr qint64 kMaxDays = 3650;

// The agent's name beside its id; a removed agent's history still names it.
QString agentName(Instance &instance, const QString &agentId)
{
    const Expected<std::optional<Agent>> agent = instance.agents().find(agentId);
    return agent && agent->has_value() ? agent->value().name : agentId;
}

std::optional<UsageWindow> windowArg(Instance &instance, const QJsonObject &args, QJsonObject *error)
{
    const auto days = intArg(args, QStringLiteral("days"), LeastPrivilegeAnalyzer::kDefaultDays, 1, kMaxDays, error);
    if (!days)
        return std::nullopt;
    return LeastPrivilegeAnalyzer::lastDays(instance.clock().now(), int(*days));
}

// The agent named by `agent` (id or name), or an empty id when none is named.
std::optional<QString> agentArg(Instance &instance, const QJsonObject &args, QJsonObject *error)
{
    const auto agent = stringArg(args, QStringLiteral("agent"), false, error);
    if (!agent || agent->isEmpty())
        return agent;
    const Expected<Agent> found = instance.agents().get(*agent);
    if (!found) {
        *error = fail(found.error());
        return std::nullopt;
    }
    return found->id;
}

std::optional<ScopeSet> scopesArg(const QJsonObject &args, QJsonObject *error)
{
    const QJsonValue v = args.value(QStringLiteral("scopes"));
    ScopeSet scopes;
    QString bad;
    const bool parsed = v.isArray()    ? ScopeSet::fromJson(v.toArray(), &scopes, &bad)
                        : v.isString() ? ScopeSet::parse(v.toString(), &scopes, &bad)
                                       : false;
    if (!parsed) {
        *error = fail(QStringLiteral("invalid_argument"),
                      v.isUndefined() ? QStringLiteral("name the proposed scopes (\"scopes\")")
                                      : QStringLiteral("not a valid scope list: %1").arg(bad.left(100)));
        return std::nullopt;
    }
    return scopes;
}

void withWindow(QJsonObject *json, const UsageWindow &w)
{
    json->insert(QStringLiteral("from"), TimeFormat::toJson(w.from));
    json->insert(QStringLiteral("to"), TimeFormat::toJson(w.to));
}
} // namespace

void LeastPrivilegeCommands::registerInto(AdminCommands &commands, Instance &instance)
{
    Instance *in = &instance;

    commands.addAsyncCommand(
        QStringLiteral("leastprivilege.analyze"), [in](const QJsonObject &args, const AdminCommands::Reply &reply) {
            QJsonObject error;
            const auto window = windowArg(*in, args, &error);
            const auto agent = window ? agentArg(*in, args, &error) : std::nullopt;
            if (!agent)
                return reply(error);
            in->usage().whenCommitted([in, window = *window, agent = *agent, reply](Status) {
                const auto analyses = LeastPrivilegeAnalyzer(in->database(), in->scopeMaps()).analyze(window, agent);
                if (!analyses)
                    return reply(fail(analyses.error()));
                QJsonArray list;
                for (const PrivilegeAnalysis &a : *analyses) {
                    QJsonObject json = a.toJson();
                    json.insert(QStringLiteral("agent"), agentName(*in, a.agentId));
                    list.append(json);
                }
                QJsonObject result{{QStringLiteral("analyses"), list}};
                withWindow(&result, window);
                reply(ok(result));
            });
        });

    commands.addAsyncCommand(
        QStringLiteral("leastprivilege.replay"), [in](const QJsonObject &args, const AdminCommands::Reply &reply) {
            QJsonObject error;
            const auto window = windowArg(*in, args, &error);
            const auto agent = window ? agentArg(*in, args, &error) : std::nullopt;
            const auto connection = agent ? stringArg(args, QStringLiteral("connection"), false, &error) : std::nullopt;
            const auto scopes = connection ? scopesArg(args, &error) : std::nullopt;
            if (!scopes)
                return reply(error);
            if (agent->isEmpty() && connection->isEmpty())
                return reply(fail(QStringLiteral("invalid_argument"),
                                  QStringLiteral("name the agent or the connection whose calls to replay")));
            const ReplayRequest request{*agent, *connection, *scopes};
            in->usage().whenCommitted([in, window = *window, request, reply](Status) {
                const auto result = LeastPrivilegeAnalyzer(in->database(), in->scopeMaps()).replay(request, window);
                if (!result)
                    return reply(fail(result.error()));
                QJsonObject json = result->toJson();
                if (!request.agentId.isEmpty())
                    json.insert(QStringLiteral("agent"), agentName(*in, request.agentId));
                QJsonArray refused;
                for (const RefusedCall &r : result->refused) {
                    QJsonObject call = r.toJson();
                    call.insert(QStringLiteral("agent"), agentName(*in, r.agentId));
                    refused.append(call);
                }
                json.insert(QStringLiteral("refused"), refused);
                withWindow(&json, window);
                reply(ok(json));
            });
        });

    commands.addAsyncCommand(QStringLiteral("report.exposure"),
                             [in](const QJsonObject &args, const AdminCommands::Reply &reply) {
                                 QJsonObject error;
                                 const auto window = windowArg(*in, args, &error);
                                 if (!window)
                                     return reply(error);
                                 in->usage().whenCommitted([in, window = *window, reply](Status) {
                                     const auto report = ExposureAnalyzer(in->database()).report(window);
                                     if (!report)
                                         return reply(fail(report.error()));
                                     QJsonObject json = report->toJson();
                                     QJsonArray agents;
                                     for (const AgentExposure &a : report->agents) {
                                         QJsonObject o = a.toJson();
                                         o.insert(QStringLiteral("agent"), agentName(*in, a.agentId));
                                         agents.append(o);
                                     }
                                     json.insert(QStringLiteral("agents"), agents);
                                     reply(ok(json));
                                 });
                             });
}

} // namespace sanctum
