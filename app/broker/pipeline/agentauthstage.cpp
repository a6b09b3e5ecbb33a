#include "broker/pipeline/agentauthstage.h"

#include "broker/pipeline/callhandle.h"

#include "broker/pipeline/callanswers.h"
#include "domain/logging.h"
#include "services/agents/agentregistry.h"

namespace sanctum {

AgentAuthStage::AgentAuthStage(AgentRegistry &agents)
    : m_agents(agents)
{
}

StageResult AgentAuthStage::run(CallContext &call, const CallHandle &handle)
{
    const QByteArray &key = call.credential;
    if (key.isEmpty())
        return StageResult::respond(CallAnswers::unauthorized(
            QStringLiteral("unauthorized"), QStringLiteral("send the agent key: Authorization: Bearer sa_…")));
    if (key.startsWith("sm_"))
        return StageResult::respond(
            CallAnswers::unauthorized(QStringLiteral("unauthorized"),
                                      QStringLiteral("a mission token only works on /v1/proxy; missions are asked "
                                                     "for with the agent key")));
    if (!key.startsWith("sa_") || key.size() > 128)
        return StageResult::respond(
            CallAnswers::unauthorized(QStringLiteral("unauthorized"), QStringLiteral("the agent key is not valid")));
    // The registry reads the store on its own thread.
    handle.ask(
        &m_agents,
        [agents = &m_agents, key = QString::fromLatin1(key)] { return agents->authenticate(key); },
        [handle](Expected<std::optional<Agent>> agent) {
            if (!agent) {
                qCWarning(lcBroker) << "agent lookup failed:" << agent.error().message;
                return handle.respond(HttpServerResponse::error(
                    503, QStringLiteral("unavailable"), QStringLiteral("Sanctum cannot read its store right now")));
            }
            if (!agent->has_value())
                return handle.respond(CallAnswers::unauthorized(QStringLiteral("unauthorized"),
                                                                QStringLiteral("the agent key is not valid")));
            handle.context().agent = agent->value();
            handle.resume();
        });
    return StageResult::suspend();
}

} // namespace sanctum
