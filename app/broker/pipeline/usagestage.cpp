#include "broker/pipeline/usagestage.h"

#include "domain/clock.h"
#include "store/usagerecorder.h"

namespace sanctum {

UsageStage::UsageStage(UsageRecorder &usage, const Clock &clock)
    : m_usage(usage)
    , m_clock(clock)
{
}

StageResult UsageStage::run(CallContext &call, const CallHandle &)
{
    call.admittedAt = m_clock.now();
    return StageResult::next();
}

void UsageStage::answered(const CallContext &call, int status, CallOutcome outcome)
{
    m_usage.record(eventFor(call, status, outcome));
}

UsageEvent UsageStage::eventFor(const CallContext &call, int status, CallOutcome outcome)
{
    UsageEvent event;
    event.at = call.admittedAt;
    if (call.grant) {
        event.agentId = call.grant->agentId;
        event.missionId = call.grant->missionId;
        event.connection = call.grant->connection;
    }
    event.method = QString::fromLatin1(call.method);
    if (call.rule)
        event.pathTemplate = call.rule->pathTemplate;
    else if (call.noRule)
        event.pathTemplate = QStringLiteral("(no rule)");
    else
        event.pathTemplate = QStringLiteral("(refused before matching)");
    event.scope = call.scope;
    event.acceptedScopes = call.acceptedScopes;
    event.status = status;
    event.outcome = outcome;
    return event;
}

} // namespace sanctum
