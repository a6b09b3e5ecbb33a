#include "admin/agentcommands.h"

#include "admin/admincommands.h"
#include "admin/adminreply.h"
#include "domain/actor.h"
#include "services/agents/agentregistry.h"

#include <QJsonArray>

namespace sanctum {

using namespace AdminReply;

void AgentCommands::registerInto(AdminCommands &commands, AgentRegistry &registry)
{
    AgentRegistry *agents = &registry;
    commands.addCommand(QStringLiteral("agents.add"), [agents](const QJsonObject &args) {
        QJsonObject error;
        const auto name = stringArg(args, QStringLiteral("name"), true, &error);
        if (!name)
            return error;
        Expected<NewAgent> created = agents->add(*name, Actor::operatorCli());
        if (!created)
            return fail(created.error());
        QJsonObject result = created->agent.toJson();
        // The one and only time the key leaves this process.
        result.insert(QStringLiteral("key"), created->key);
        return ok(result);
    });
    commands.addCommand(QStringLiteral("agents.list"), [agents](const QJsonObject &args) {
        const Expected<QList<Agent>> all = agents->list(args.value(QStringLiteral("all")).toBool());
        if (!all)
            return fail(all.error());
        QJsonArray list;
        for (const Agent &a : *all)
            list.append(a.toJson());
        return ok(QJsonObject{{QStringLiteral("agents"), list}});
    });
    commands.addCommand(QStringLiteral("agents.show"), [agents](const QJsonObject &args) {
        QJsonObject error;
        const auto agent = stringArg(args, QStringLiteral("agent"), true, &error);
        if (!agent)
            return error;
        const Expected<Agent> found = agents->get(*agent);
        return found ? ok(found->toJson()) : fail(found.error());
    });
    commands.addCommand(QStringLiteral("agents.remove"), [agents](const QJsonObject &args) {
        QJsonObject error;
        const auto agent = stringArg(args, QStringLiteral("agent"), true, &error);
        const auto reason = agent ? reasonArg(args, OperatorAction::RemoveAgent, &error) : std::nullopt;
        if (!agent || !reason)
            return error;
        const Expected<Agent> removed = agents->remove(*agent, Actor::operatorCli(), *reason);
        if (!removed)
            return fail(removed.error());
        return ok(QJsonObject{{QStringLiteral("id"), removed->id},
                              {QStringLiteral("name"), removed->name},
                              {QStringLiteral("removed"), true}});
    });
    commands.addCommand(QStringLiteral("agents.rotate_key"), [agents](const QJsonObject &args) {
        QJsonObject error;
        const auto agent = stringArg(args, QStringLiteral("agent"), true, &error);
        if (!agent)
            return error;
        Expected<NewAgent> rotated = agents->rotateKey(*agent, Actor::operatorCli());
        if (!rotated)
            return fail(rotated.error());
        QJsonObject result = rotated->agent.toJson();
        // Like agents.add: the new key is shown this once.
        result.insert(QStringLiteral("key"), rotated->key);
        return ok(result);
    });
}

} // namespace sanctum
