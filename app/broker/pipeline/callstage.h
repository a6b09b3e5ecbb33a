#pragma once

#include "broker/http/httpserverresponse.h"
#include "broker/pipeline/callcontext.h"

namespace sanctum {

class CallHandle;

// What a stage made of a call: go on to the next stage, answer it now (and
// no later stage runs), or hold it, to resume or answer it later through
// its CallHandle.
class StageResult {
public:
    enum class Kind { Continue, Respond, Suspend };

    static StageResult next() { return StageResult(Kind::Continue); }
    // The outcome follows from the status: below 400 allowed, else denied.
    static StageResult respond(const HttpServerResponse &answer);
    static StageResult respond(const HttpServerResponse &answer, CallOutcome outcome);
    static StageResult suspend() { return StageResult(Kind::Suspend); }

    Kind kind() const { return m_kind; }
    const HttpServerResponse &answer() const { return m_answer; }
    CallOutcome outcome() const { return m_outcome; }

    static CallOutcome outcomeOf(int status);

private:
    explicit StageResult(Kind kind)
        : m_kind(kind)
    {
    }

    Kind m_kind;
    HttpServerResponse m_answer;
    CallOutcome m_outcome = CallOutcome::Allowed;
};

// One step of a CallPipeline, e.g. authenticating the caller or checking a
// scope. A stage serves every call of its pipelines, so what it learns about
// one call goes into that call's CallContext, never into the stage.
class CallStage {
public:
    virtual ~CallStage() = default;

    // `handle` is what a stage that suspends keeps, to go on later.
    virtual StageResult run(CallContext &call, const CallHandle &handle) = 0;
    // The call is being answered (a complete answer, or the head of a
    // streamed one) with `status`. Every stage the call reached hears it,
    // the latest first, before the answer leaves; a cancelled call is never
    // answered, so it is never heard of here.
    virtual void answered(const CallContext &call, int status, CallOutcome outcome);
};

} // namespace sanctum
