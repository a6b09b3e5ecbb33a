#pragma once

#include "broker/pipeline/callcontext.h"
#include "broker/pipeline/callreply.h"

#include <memory>

namespace sanctum {

class CallPipeline;
class ThreadMailbox;

// Where one call stands in its pipeline; shared by the pipeline and every
// CallHandle of the call, and gone with the last of them. Only CallPipeline
// and CallHandle look inside.
struct CallState {
    enum class Phase {
        Running,   // a stage is at work on it
        Suspended, // a stage holds it
        Streaming, // the head of the answer is out, the body on its way
        Done,      // answered, aborted or cancelled: nothing more happens
    };

    const CallPipeline *pipeline = nullptr;
    std::shared_ptr<ThreadMailbox> home; // the thread the call runs on
    CallContext context;
    std::unique_ptr<CallReply> reply;
    qsizetype stage = -1; // the stage it is at
    Phase phase = Phase::Running;
    // A stage's run() is on the stack, and it resumed the call from there
    // (an answer that came at once): the pipeline goes on when run() returns.
    bool inStage = false;
    bool resumedInStage = false;

    // The caller has gone: whatever was to happen for it does not.
    bool isCancelled() const { return !reply->lifetime(); }
};

} // namespace sanctum
