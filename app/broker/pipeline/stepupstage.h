#pragma once

#include "broker/pipeline/callstage.h"

namespace sanctum {

class StepUpGate;

// A call the scope check allowed only with a step-up scope waits here for
// the operator's one-off approval (StepUpGate): approved, it goes on and
// spends the approval; refused, lapsed or its mission ended, it is answered
// with the gate's error. A caller that goes away withdraws its request.
// Every other call passes straight through.
class StepUpStage : public CallStage {
public:
    explicit StepUpStage(StepUpGate &gate);

    StageResult run(CallContext &call, const CallHandle &handle) override;

private:
    StepUpGate &m_gate;
};

} // namespace sanctum
