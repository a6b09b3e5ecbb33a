#include "admin/missioncommands.h"

#include "admin/admincommands.h"
#include "admin/adminreply.h"
#include "domain/actor.h"
#include "services/agents/agentregistry.h"
#include "services/missions/missionregistry.h"
#include "services/missions/stepupgate.h"
#include "services/services.h"
#include "store/usagerecorder.h"
#include "store/usagestore.h"

#include <QJsonArray>

namespace sanctum {

using namespace AdminReply;

namespace {
// The mission as the operator sees it: with its agent's name.
QJsonObject withAgentName(const Services &services, const Mission &m)
{
    QJsonObject json = m.toJson();
    const Expected<std::optional<Agent>> agent = services.agents.find(m.agentId);
    // A removed agent is no longer "live" but its missions still name it.
    json.insert(QStringLiteral("agent"), agent && agent->has_value() ? agent->value().name : m.agentId);
    return json;
}

QJsonArray missionsJson(const Services &services, const QList<Mission> &missions)
{
    QJsonArray out;
    for (const Mission &m : missions)
        out.append(withAgentName(services, m));
    return out;
}
} // namespace

void MissionCommands::registerInto(AdminCommands &commands, const Services &services)
{
    const Services *in = &services;

    commands.addCommand(QStringLiteral("missions.list"), [in](const QJsonObject &args) {
        QJsonObject error;
        const auto status = stringArg(args, QStringLiteral("status"), false, &error);
        const auto agent = status ? stringArg(args, QStringLiteral("agent"), false, &error) : std::nullopt;
        const auto limit = agent ? intArg(args, QStringLiteral("limit"), 100, 1, 10'000, &error) : std::nullopt;
        if (!limit)
            return error;
        MissionFilter filter;
        filter.limit = int(*limit);
        if (!status->isEmpty()) {
            filter.state = Mission::stateFromName(*status);
            if (!filter.state)
                return fail(QStringLiteral("invalid_argument"),
                            QStringLiteral("status must be pending, active, completed, expired, revoked or denied"));
        }
        if (!agent->isEmpty()) {
            const Expected<std::optional<Agent>> a = in->agents.find(*agent);
            if (!a)
                return fail(a.error());
            if (!a->has_value())
                return fail(QStringLiteral("not_found"), QStringLiteral("no agent %1").arg(*agent));
            filter.agentId = a->value().id;
        }
        const Expected<QList<Mission>> missions = in->missions.list(filter);
        if (!missions)
            return fail(missions.error());
        return ok(QJsonObject{{QStringLiteral("missions"), missionsJson(*in, *missions)}});
    });

    commands.addAsyncCommand(QStringLiteral("missions.show"),
                             [in](const QJsonObject &args, const AdminCommands::Reply &reply) {
                                 QJsonObject error;
                                 const auto id = stringArg(args, QStringLiteral("id"), true, &error);
                                 if (!id)
                                     return reply(error);
                                 const Expected<Mission> m = in->missions.get(*id);
                                 if (!m)
                                     return reply(fail(m.error()));
                                 // The calls made a moment ago are still in the recorder's batch.
                                 in->usage.whenCommitted([in, mission = *m, reply](Status) {
                                     QJsonObject json = withAgentName(*in, mission);
                                     UsageFilter usage;
                                     usage.missionId = mission.id;
                                     usage.limit = 50;
                                     const Expected<QList<UsageEvent>> events = UsageStore(in->database).list(usage);
                                     QJsonArray calls;
                                     if (events)
                                         for (const UsageEvent &e : *events)
                                             calls.append(e.toJson());
                                     json.insert(QStringLiteral("recent_calls"), calls);
                                     QJsonArray waiting;
                                     for (const StepUpRequest &e : in->stepUp.pending())
                                         if (e.missionId == mission.id)
                                             waiting.append(e.toJson());
                                     json.insert(QStringLiteral("waiting_calls"), waiting);
                                     reply(ok(json));
                                 });
                             });

    commands.addAsyncCommand(
        QStringLiteral("missions.approve"), [in](const QJsonObject &args, const AdminCommands::Reply &reply) {
            QJsonObject error;
            const auto id = stringArg(args, QStringLiteral("id"), true, &error);
            if (!id)
                return reply(error);
            if (id->startsWith(QStringLiteral("el_"))) {
                const Status s = in->stepUp.approve(*id, Actor::operatorCli());
                return reply(s ? ok(QJsonObject{{QStringLiteral("id"), *id}, {QStringLiteral("approved"), true}})
                               : fail(s.error()));
            }
            in->missions.approve(*id, Actor::operatorCli(), [in, reply](Expected<Mission> m) {
                reply(m ? ok(withAgentName(*in, *m)) : fail(m.error()));
            });
        });

    commands.addCommand(QStringLiteral("missions.deny"), [in](const QJsonObject &args) {
        QJsonObject error;
        const auto id = stringArg(args, QStringLiteral("id"), true, &error);
        const auto reason = id ? reasonArg(args, OperatorAction::DenyMission, &error) : std::nullopt;
        if (!reason)
            return error;
        if (id->startsWith(QStringLiteral("el_"))) {
            const Status s = in->stepUp.deny(*id, Actor::operatorCli(), *reason);
            return s ? ok(QJsonObject{{QStringLiteral("id"), *id}, {QStringLiteral("approved"), false}})
                     : fail(s.error());
        }
        const Expected<Mission> m = in->missions.deny(*id, Actor::operatorCli(), *reason);
        return m ? ok(withAgentName(*in, *m)) : fail(m.error());
    });

    commands.addCommand(QStringLiteral("missions.revoke"), [in](const QJsonObject &args) {
        QJsonObject error;
        const auto id = stringArg(args, QStringLiteral("id"), false, &error);
        const auto agent = id ? stringArg(args, QStringLiteral("agent"), false, &error) : std::nullopt;
        const auto reason =
            agent ? reasonArg(args,
                              agent->isEmpty() ? OperatorAction::RevokeMission : OperatorAction::RevokeAgentMissions,
                              &error)
                  : std::nullopt;
        if (!reason)
            return error;
        if (id->isEmpty() == agent->isEmpty())
            return fail(QStringLiteral("invalid_argument"), QStringLiteral("name either a mission id or an agent"));
        if (!id->isEmpty()) {
            const Expected<Mission> m = in->missions.revoke(*id, Actor::operatorCli(), *reason);
            return m ? ok(QJsonObject{{QStringLiteral("revoked"), QJsonArray{withAgentName(*in, *m)}}})
                     : fail(m.error());
        }
        const Expected<Agent> a = in->agents.get(*agent);
        if (!a)
            return fail(a.error());
        const Expected<QList<Mission>> revoked = in->missions.revokeAgent(a->id, Actor::operatorCli(), *reason);
        return revoked ? ok(QJsonObject{{QStringLiteral("revoked"), missionsJson(*in, *revoked)}})
                       : fail(revoked.error());
    });

    commands.addCommand(QStringLiteral("missions.revoke_all"), [in](const QJsonObject &args) {
        QJsonObject error;
        const auto reason = reasonArg(args, OperatorAction::RevokeAll, &error);
        if (!reason)
            return error;
        const Expected<QList<Mission>> revoked = in->missions.revokeAll(Actor::operatorCli(), *reason);
        return revoked ? ok(QJsonObject{{QStringLiteral("revoked"), missionsJson(*in, *revoked)}})
                       : fail(revoked.error());
    });

    commands.addCommand(QStringLiteral("missions.step_ups"), [in](const QJsonObject &) {
        QJsonArray out;
        for (const StepUpRequest &e : in->stepUp.pending())
            out.append(e.toJson());
        return ok(QJsonObject{{QStringLiteral("step_ups"), out}});
    });
}

} // namespace sanctum
