#include "broker/pipeline/callpipeline.h"

#include "broker/http/httpserverresponse.h"
#include "broker/pipeline/callreply.h"
#include "broker/pipeline/callstage.h"
#include "broker/pipeline/callstate.h"
#include "broker/pipeline/threadmailbox.h"
#include "domain/logging.h"

namespace sanctum {

using Phase = CallState::Phase;

CallPipeline::CallPipeline(QList<CallStage *> stages, std::shared_ptr<ThreadMailbox> home)
    : m_stages(std::move(stages))
    , m_home(home ? std::move(home) : ThreadMailbox::application())
{
}

CallHandle CallPipeline::run(CallContext call, std::unique_ptr<CallReply> reply) const
{
    auto state = std::make_shared<CallState>();
    state->pipeline = this;
    state->home = m_home;
    state->context = std::move(call);
    state->reply = std::move(reply);
    advance(state);
    return CallHandle(state);
}

void CallPipeline::advance(const std::shared_ptr<CallState> &call) const
{
    while (call->stage + 1 < m_stages.size()) {
        ++call->stage;
        call->phase = Phase::Running;
        call->inStage = true;
        call->resumedInStage = false;
        const StageResult result = m_stages.at(call->stage)->run(call->context, CallHandle(call));
        call->inStage = false;
        if (call->phase != Phase::Running)
            return; // answered through its handle from inside the stage
        switch (result.kind()) {
        case StageResult::Kind::Continue:
            continue;
        case StageResult::Kind::Respond:
            respond(*call, result.answer(), result.outcome());
            return;
        case StageResult::Kind::Suspend:
            if (call->resumedInStage)
                continue;
            call->phase = Phase::Suspended;
            return;
        }
    }
    // Every pipeline ends in a stage that answers; leaving the caller
    // waiting for nothing would be worse than dropping it.
    qCCritical(lcBroker) << "a call went through every stage without an answer";
    call->phase = Phase::Done;
    call->reply->abort();
}

void CallPipeline::resume(const std::shared_ptr<CallState> &call) const
{
    if (call->isCancelled()) {
        call->phase = Phase::Done;
        return;
    }
    if (call->phase == Phase::Running && call->inStage) {
        call->resumedInStage = true;
        return;
    }
    if (call->phase != Phase::Suspended) {
        qCWarning(lcBroker) << "a call resumed that was not waiting; ignored";
        return;
    }
    advance(call);
}

bool CallPipeline::announce(CallState &call, int status, CallOutcome outcome) const
{
    if (call.isCancelled()) {
        call.phase = Phase::Done;
        return false;
    }
    if (call.phase == Phase::Done || call.phase == Phase::Streaming) {
        qCWarning(lcBroker) << "a call answered twice; the second answer is dropped";
        return false;
    }
    for (qsizetype i = call.stage; i >= 0; --i)
        m_stages.at(i)->answered(call.context, status, outcome);
    return true;
}

void CallPipeline::respond(CallState &call, const HttpServerResponse &answer, CallOutcome outcome) const
{
    if (!announce(call, answer.status, outcome))
        return;
    call.phase = Phase::Done;
    call.reply->send(answer);
}

void CallPipeline::beginStream(CallState &call, int status, const QList<std::pair<QByteArray, QByteArray>> &headers,
                               CallOutcome outcome) const
{
    if (!announce(call, status, outcome))
        return;
    call.phase = Phase::Streaming;
    call.reply->beginStream(status, headers);
}

} // namespace sanctum
