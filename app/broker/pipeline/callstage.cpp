#include "broker/pipeline/callstage.h"

namespace sanctum {

StageResult StageResult::respond(const HttpServerResponse &answer)
{
    return respond(answer, outcomeOf(answer.status));
}

StageResult StageResult::respond(const HttpServerResponse &answer, CallOutcome outcome)
{
    StageResult r(Kind::Respond);
    r.m_answer = answer;
    r.m_outcome = outcome;
    return r;
}

CallOutcome StageResult::outcomeOf(int status)
{
    return status < 400 ? CallOutcome::Allowed : CallOutcome::Denied;
}

void CallStage::answered(const CallContext &, int, CallOutcome) {}

} // namespace sanctum
