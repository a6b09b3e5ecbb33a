#pragma once

#include "broker/pipeline/callhandle.h"

#include <QList>

#include <functional>

#include <memory>

namespace sanctum {

class CallReply;
class CallStage;
struct CallState;
class ThreadMailbox;

// Runs calls through a fixed list of stages, in order, like a filter chain:
// each stage lets the call go on, answers it (and the stages after it never
// see it), or holds it until something it waits for happens (an operator's
// approval, the upstream's answer) and then resumes or answers it through a
// CallHandle. Every stage a call reached hears how it was answered, which is
// how a stage early in the chain (the usage count) sees refusals made by the
// stages after it. A call whose caller went away is cancelled: it is never
// answered.
//
// The pipeline does not own its stages; several pipelines may share one (the
// rate limit, counting one agent's calls across endpoints). The stages must
// outlive the pipeline, and the pipeline every call whose caller is still there.
class CallPipeline {
public:
    // Calls run on the thread `home` posts to: the one that runs them. A
    // stage waiting on another thread's service is answered through it.
    explicit CallPipeline(QList<CallStage *> stages, std::shared_ptr<ThreadMailbox> home = {});

    // Takes the call through the stages; `reply` gets the answer, now or
    // later. The handle is the caller's, e.g. to look at what the stages found.
    CallHandle run(CallContext call, std::unique_ptr<CallReply> reply) const;

private:
    friend class CallHandle;
    void advance(const std::shared_ptr<CallState> &call) const;
    void resume(const std::shared_ptr<CallState> &call) const;
    void respond(CallState &call, const HttpServerResponse &answer, CallOutcome outcome) const;
    void beginStream(CallState &call, int status, const QList<std::pair<QByteArray, QByteArray>> &headers,
                     CallOutcome outcome) const;
    // False when the call cannot be answered (any more); otherwise tells the
    // stages it reached.
    bool announce(CallState &call, int status, CallOutcome outcome) const;

    QList<CallStage *> m_stages;
    std::shared_ptr<ThreadMailbox> m_home;
};

} // namespace sanctum
