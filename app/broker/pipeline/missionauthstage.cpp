#include "broker/pipeline/missionauthstage.h"

#include "broker/pipeline/callanswers.h"
#include "services/missions/missionregistry.h"

namespace sanctum {

MissionAuthStage::MissionAuthStage(MissionRegistry &missions)
    : m_missions(missions)
{
}

StageResult MissionAuthStage::run(CallContext &call, const CallHandle &)
{
    if (call.credential.isEmpty())
        return StageResult::respond(CallAnswers::unauthorized(QStringLiteral("unauthorized"),
                                                              QStringLiteral("proxied calls need the mission token: "
                                                                             "Authorization: Bearer sm_…")));
    Expected<MissionGrant> grant = m_missions.authorize(call.credential);
    if (!grant)
        return StageResult::respond(CallAnswers::unauthorized(grant.error().code, grant.error().message));
    call.grant = std::move(grant).value();
    return StageResult::next();
}

} // namespace sanctum
