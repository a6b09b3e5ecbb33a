#include "admin/leastprivilegecommands.h"

#include "admin/admincommands.h"
#include "admin/adminreply.h"
#include "domain/clock.h"
#include "domain/scopemapcatalog.h"
#include "domain/timeformat.h"
#include "services/agents/agentregistry.h"
#include "services/leastprivilege/analysisworker.h"
#include "services/leastprivilege/exposureanalyzer.h"
#include "services/leastprivilege/leastprivilegeanalyzer.h"
#include "services/services.h"
#include "store/usagerecorder.h"

#include <QJsonArray>

namespace sanctum {

using namespace AdminReply;

namespace {
constexpr qint64 kMaxDays = 3650;

// The agent's name beside its id; a removed agent's history still names it.
QString agentName(const Services &services, const QString &agentId)
{
    const Expected<std::optional<Agent>> agent = services.agents.find(agentId);
    return agent && agent->has_value() ? agent->value().name : agentId;
}

std::optional<UsageWindow> windowArg(const Services &services, const QJsonObject &args, QJsonObject *error)
{
    const auto days = intArg(args, QStringLiteral("days"), LeastPrivilegeAnalyzer::kDefaultDays, 1, kMaxDays, error);
    if (!days)
        return std::nullopt;
    return LeastPrivilegeAnalyzer::lastDays(services.clock.now(), int(*days));
}

// The agent named by `agent` (id or name), or an empty id when none is named.
std::optional<QString> agentArg(const Services &services, const QJsonObject &args, QJsonObject *error)
{
    const auto agent = stringArg(args, QStringLiteral("agent"), false, error);
    if (!agent || agent->isEmpty())
        return agent;
    const Expected<Agent> found = services.agents.get(*agent);
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

// Runs `job` after the usage recorder's batch is committed, on the worker.
void analyse(const Services *in, AnalysisWorker *worker, const AdminCommands::Reply &reply, AnalysisWorker::Job job,
             std::function<QJsonObject(QJsonObject)> withNames)
{
    in->usage.whenCommitted([worker, reply, job = std::move(job), withNames = std::move(withNames)](Status) {
        worker->run(job, [reply, withNames](Expected<QJsonObject> result) {
            if (!result)
                return reply(fail(result.error().code, result.error().message));
            reply(ok(withNames(*result)));
        });
    });
}

// Each entry of result[key] with its agent's name beside its agent_id.
QJsonObject namesInto(const Services &services, QJsonObject result, const QString &key)
{
    QJsonArray list;
    for (const QJsonValue &v : result.value(key).toArray()) {
        QJsonObject o = v.toObject();
        o.insert(QStringLiteral("agent"), agentName(services, o.value(QStringLiteral("agent_id")).toString()));
        list.append(o);
    }
    result.insert(key, list);
    return result;
}
} // namespace

void LeastPrivilegeCommands::registerInto(AdminCommands &commands, const Services &services)
{
    const Services *in = &services;
    AnalysisWorker *worker = &services.analysis;

    commands.addAsyncCommand(
        QStringLiteral("leastprivilege.analyze"),
        [in, worker](const QJsonObject &args, const AdminCommands::Reply &reply) {
            QJsonObject error;
            const auto window = windowArg(*in, args, &error);
            const auto agent = window ? agentArg(*in, args, &error) : std::nullopt;
            if (!agent)
                return reply(error);
            analyse(
                in,
                worker,
                reply,
                [window = *window, agent = *agent](Database &db, ScopeMapCatalog &maps) -> Expected<QJsonObject> {
                    const auto analyses = LeastPrivilegeAnalyzer(db, maps).analyze(window, agent);
                    if (!analyses)
                        return analyses.error();
                    QJsonArray list;
                    for (const PrivilegeAnalysis &a : *analyses)
                        list.append(a.toJson());
                    QJsonObject result{{QStringLiteral("analyses"), list}};
                    withWindow(&result, window);
                    return result;
                },
                [in](QJsonObject result) { return namesInto(*in, result, QStringLiteral("analyses")); });
        });

    commands.addAsyncCommand(
        QStringLiteral("leastprivilege.replay"),
        [in, worker](const QJsonObject &args, const AdminCommands::Reply &reply) {
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
            analyse(
                in,
                worker,
                reply,
                [window = *window, request](Database &db, ScopeMapCatalog &maps) -> Expected<QJsonObject> {
                    const auto result = LeastPrivilegeAnalyzer(db, maps).replay(request, window);
                    if (!result)
                        return result.error();
                    QJsonObject json = result->toJson();
                    withWindow(&json, window);
                    return json;
                },
                [in, agentId = request.agentId](QJsonObject result) {
                    if (!agentId.isEmpty())
                        result.insert(QStringLiteral("agent"), agentName(*in, agentId));
                    return namesInto(*in, result, QStringLiteral("refused"));
                });
        });

    commands.addAsyncCommand(
        QStringLiteral("report.exposure"), [in, worker](const QJsonObject &args, const AdminCommands::Reply &reply) {
            QJsonObject error;
            const auto window = windowArg(*in, args, &error);
            if (!window)
                return reply(error);
            analyse(
                in,
                worker,
                reply,
                [window = *window](Database &db, ScopeMapCatalog &) -> Expected<QJsonObject> {
                    const auto report = ExposureAnalyzer(db).report(window);
                    if (!report)
                        return report.error();
                    return report->toJson();
                },
                [in](QJsonObject result) { return namesInto(*in, result, QStringLiteral("agents")); });
        });
}

} // namespace sanctum
