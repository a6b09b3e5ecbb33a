#pragma once

#include "broker/pipeline/callstage.h"

#include <QJsonObject>

namespace sanctum {

class MissionRegistry;
struct Mission;

// The mission endpoints themselves, for the authenticated agent
// (CallContext::agent), after MissionRouteStage let the method through:
//   POST   /v1/missions               ask for a mission
//   GET    /v1/missions[?status=S]    the agent's own missions
//   GET    /v1/missions/{id}[?wait=N] status, long-polling up to N seconds
//   DELETE /v1/missions/{id}          finish early
// Another agent's mission is "not found", exactly like one that does not exist.
class MissionEndpointStage : public CallStage {
public:
    MissionEndpointStage(MissionRegistry &missions, int maxWaitSeconds);

    StageResult run(CallContext &call, const CallHandle &handle) override;

private:
    StageResult create(const CallContext &call, const CallHandle &handle);
    StageResult list(const CallContext &call, const CallHandle &handle);
    StageResult show(const CallContext &call, const QString &id, const CallHandle &handle);
    StageResult finish(const CallContext &call, const QString &id, const CallHandle &handle);
    // On the registry's thread: answers with the mission now, or once it is
    // decided, or after `wait` seconds.
    static void watch(MissionRegistry &missions, const QString &agentId, const QString &id, int wait,
                      const CallHandle &handle);
    // The mission as its agent sees it: with the mission token until that is
    // used. On the registry's thread.
    static QJsonObject missionForAgent(const MissionRegistry &missions, const Mission &mission);

    MissionRegistry &m_missions;
    int m_maxWaitSeconds;
};

} // namespace sanctum
