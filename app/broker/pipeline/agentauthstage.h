#pragma once

#include "broker/pipeline/callstage.h"

namespace sanctum {

class AgentRegistry;

// The agent behind the call's agent key ("sa_…"), into CallContext::agent;
// anything else is refused with 401, and a store that cannot be read with 503.
class AgentAuthStage : public CallStage {
public:
    explicit AgentAuthStage(AgentRegistry &agents);

    StageResult run(CallContext &call, const CallHandle &handle) override;

private:
    AgentRegistry &m_agents;
};

} // namespace sanctum
