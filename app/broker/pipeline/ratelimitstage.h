#pragma once

#include "broker/pipeline/callstage.h"
#include "broker/pipeline/inflightlimiter.h"
#include "broker/pipeline/ratelimiter.h"

namespace sanctum {

// Holds each agent to a steady rate with a burst above it, across all its
// calls: the pipelines of every endpoint share one of these. A call over
// the limit is refused with 429 and Retry-After.
class RateLimitStage : public CallStage {
public:
    // The limiters are shared by every broker thread.
    RateLimitStage(RateLimiter &rate, InFlightLimiter &inFlight);

    StageResult run(CallContext &call, const CallHandle &handle) override;

private:
    RateLimiter &m_limiter;
    InFlightLimiter &m_inFlight;
};

} // namespace sanctum
