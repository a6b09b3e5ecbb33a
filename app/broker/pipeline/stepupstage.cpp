#include "broker/pipeline/stepupstage.h"

#include "broker/pipeline/callhandle.h"
#include "services/missions/stepupgate.h"

#include <QPointer>

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
    // The gate lives on the operator's side; its decision comes back here.
    // A call whose agent hangs up is withdrawn from the operator's list.
    auto waiter = std::make_shared<QPointer<QObject>>(); // the gate's thread only
    QObject::connect(handle.lifetime(), &QObject::destroyed, [gate = &m_gate, waiter] {
        QMetaObject::invokeMethod(
            gate, [waiter] { delete waiter->data(); }, Qt::QueuedConnection);
    });
    QMetaObject::invokeMethod(
        &m_gate,
        [gate = &m_gate, e, handle, waiter] {
            *waiter = new QObject(gate);
            const Expected<StepUpRequest> asked = gate->ask(e, *waiter, [handle, waiter](Status decided) {
                if (*waiter)
                    (*waiter)->deleteLater();
                handle.post([handle, decided] {
                    if (decided)
                        return handle.resume();
                    const int status = decided.error().httpStatus ? decided.error().httpStatus : 403;
                    handle.respond(HttpServerResponse::error(status, decided.error().code, decided.error().message),
                                   CallOutcome::StepUpDenied);
                });
            });
            if (asked)
                return;
            delete waiter->data();
            const Error error = asked.error();
            handle.post([handle, error] {
                const int status = error.httpStatus ? error.httpStatus : 503;
                handle.respond(HttpServerResponse::error(status, error.code, error.message), CallOutcome::Denied);
            });
        },
        Qt::QueuedConnection);
    return StageResult::suspend();
}

} // namespace sanctum
