#pragma once

#include "broker/pipeline/callstage.h"

namespace sanctum {

class Clock;
class UsageRecorder;

// Counts every mission call that gets this far, allowed or refused, as one
// usage event: it lets the call go on at once, and records it when it is
// answered (whichever stage after it answers), with what the stages found
// out by then: the route's template, the scope used or lacking, the status
// and outcome, the upstream's accepted scopes. A call whose caller went away
// before its answer is not counted.
class UsageStage : public CallStage {
public:
    UsageStage(UsageRecorder &usage, const Clock &clock);

    StageResult run(CallContext &call, const CallHandle &handle) override;
    void answered(const CallContext &call, int status, CallOutcome outcome) override;

    // The event for `call`, answered with `status`.
    static UsageEvent eventFor(const CallContext &call, int status, CallOutcome outcome);

private:
    UsageRecorder &m_usage;
    const Clock &m_clock;
};

} // namespace sanctum
