#pragma once

#include "broker/pipeline/callstage.h"

namespace sanctum {

class MissionRegistry;

// The live mission behind the call's mission token ("sm_…"), into
// CallContext::grant; a missing token, or one whose mission is not active
// (this very turn of the event loop), is refused with 401.
class MissionAuthStage : public CallStage {
public:
    explicit MissionAuthStage(MissionRegistry &missions);

    StageResult run(CallContext &call, const CallHandle &handle) override;

private:
    MissionRegistry &m_missions;
};

} // namespace sanctum
