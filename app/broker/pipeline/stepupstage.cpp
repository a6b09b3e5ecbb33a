#include "broker/pipeline/stepupstage.h"

#include "broker/pipeline/callhandle.h"
#include "services/missions/stepupgate.h"

namespace sanctum {

StepUpStage::StepUpStage(StepUpGate &gate)
    : m_gate(gate)
{
}

StageResult StepUpStage::run(CallContext &call, const CallHandle &handle)
{
    if (!call.needsStepUp)
        return StageResult::next();
    StepUpRequest e;
    e.missionId = call.grant->missionId;
    e.agentId = call.grant->agentId;
    e.connection = call.grant->connection;
    e.scope = call.scope;
    e.method = call.ruleMethod;
    e.pathTemplate = call.rule->pathTemplate;
    const Expected<StepUpRequest> asked = m_gate.ask(e, handle.lifetime(), [handle](Status decided) {
        if (decided)
            return handle.resume();
        const int status = decided.error().httpStatus ? decided.error().httpStatus : 403;
        handle.respond(HttpServerResponse::error(status, decided.error().code, decided.error().message),
                       CallOutcome::StepUpDenied);
    });
    if (!asked) {
        const int status = asked.error().httpStatus ? asked.error().httpStatus : 503;
        return StageResult::respond(HttpServerResponse::error(status, asked.error().code, asked.error().message),
                                    CallOutcome::Denied);
    }
    return StageResult::suspend();
}

} // namespace sanctum
