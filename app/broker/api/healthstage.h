#pragma once

#include "broker/pipeline/callstage.h"

namespace sanctum {

// GET|HEAD /v1/health: liveness and version, without authentication.
class HealthStage : public CallStage {
public:
    StageResult run(CallContext &call, const CallHandle &handle) override;
};

} // namespace sanctum
