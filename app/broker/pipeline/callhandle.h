#pragma once

#include "broker/pipeline/callcontext.h"

#include <QMetaObject>
#include <QObject>

#include <functional>
#include <memory>

namespace sanctum {

struct CallState;
struct HttpServerResponse;

// A suspended call, as the stage that holds it keeps it (a small value, for
// lambdas): it resumes the call with the next stage, or answers it, once
// whatever it waits for has happened. Once the caller has gone (its
// lifetime object destroyed) the call is cancelled, and nothing done through
// a handle has any effect: no later stage runs and no answer leaves.
class CallHandle {
public:
    CallHandle() = default; // refers to no call; does nothing

    CallContext &context() const;
    // The context for timers, signal connections and upstream calls made for
    // this call, so that they end when the caller goes; null once gone.
    QObject *lifetime() const;
    bool isCancelled() const;

    // Goes on with the stage after the one that suspended the call.
    void resume() const;
    // Answers the call; the outcome follows from the status unless given.
    void respond(const HttpServerResponse &answer) const;
    void respond(const HttpServerResponse &answer, CallOutcome outcome) const;
    // A streamed answer: its head now, then the body piece by piece.
    void beginStream(int status, const QList<std::pair<QByteArray, QByteArray>> &headers, CallOutcome outcome) const;
    void write(const QByteArray &chunk) const;
    void finish() const;
    // Breaks off the answer: the caller must not take what it has for complete.
    void abort() const;

    // Any thread: runs `task` on the call's own thread, unless the call has
    // been cancelled by then. Everything done to a call happens there.
    void post(std::function<void()> task) const;
    // Runs `work` on `service`'s thread, then `then` with its result back on
    // the call's thread (not at all when the call was cancelled meanwhile):
    // how a broker thread asks a service that lives on another thread.
    template<class Work, class Then>
    void ask(QObject *service, Work work, Then then) const
    {
        QMetaObject::invokeMethod(
            service,
            [handle = *this, work = std::move(work), then = std::move(then)]() mutable {
                auto result = work();
                handle.post(
                    [then = std::move(then), result = std::move(result)]() mutable { then(std::move(result)); });
            },
            Qt::QueuedConnection);
    }

private:
    friend class CallPipeline;
    explicit CallHandle(std::shared_ptr<CallState> call);

    std::shared_ptr<CallState> m_call;
};

} // namespace sanctum
