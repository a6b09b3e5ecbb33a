#include "broker/pipeline/callhandle.h"

#include "broker/http/httpserverresponse.h"
#include "broker/pipeline/callpipeline.h"
#include "broker/pipeline/callstage.h"
#include "broker/pipeline/callstate.h"
#include "broker/pipeline/threadmailbox.h"

namespace sanctum {

CallHandle::CallHandle(std::shared_ptr<CallState> call)
    : m_call(std::move(call))
{
}

CallContext &CallHandle::context() const
{
    return m_call->context;
}

QObject *CallHandle::lifetime() const
{
    return m_call ? m_call->reply->lifetime() : nullptr;
}

bool CallHandle::isCancelled() const
{
    return !m_call || m_call->isCancelled();
}

void CallHandle::post(std::function<void()> task) const
{
    if (!m_call)
        return;
    m_call->home->post([call = m_call, task = std::move(task)] {
        if (!call->isCancelled())
            task();
    });
}

void CallHandle::resume() const
{
    if (m_call)
        m_call->pipeline->resume(m_call);
}

void CallHandle::respond(const HttpServerResponse &answer) const
{
    respond(answer, StageResult::outcomeOf(answer.status));
}

void CallHandle::respond(const HttpServerResponse &answer, CallOutcome outcome) const
{
    if (m_call)
        m_call->pipeline->respond(*m_call, answer, outcome);
}

void CallHandle::beginStream(int status, const QList<std::pair<QByteArray, QByteArray>> &headers,
                             CallOutcome outcome) const
{
    if (m_call)
        m_call->pipeline->beginStream(*m_call, status, headers, outcome);
}

void CallHandle::write(const QByteArray &chunk) const
{
    if (m_call && m_call->phase == CallState::Phase::Streaming)
        m_call->reply->write(chunk);
}

void CallHandle::finish() const
{
    if (!m_call || m_call->phase != CallState::Phase::Streaming)
        return;
    m_call->phase = CallState::Phase::Done;
    m_call->reply->finish();
}

void CallHandle::abort() const
{
    if (!m_call || m_call->phase == CallState::Phase::Done)
        return;
    m_call->phase = CallState::Phase::Done;
    m_call->reply->abort();
}

} // namespace sanctum
