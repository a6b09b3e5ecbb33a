#include "broker/pipeline/agentauthstage.h"

#include "broker/pipeline/callanswers.h"
#include "domain/logging.h"
#include "services/agents/agentregistry.h"

namespace sanctum {

AgentAuthStage::AgentAuthStage(AgentRegistry &agents)
    : m_agents(agents)
{
}

StageResult AgentAuthStage::run(CallContext &call, const CallHandle &)
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
    const Expected<std::optional<Agent>> agent = m_agents.authenticate(QString::fromLatin1(key));
    if (!agent) {
        qCWarning(lcBroker) << "agent lookup failed:" << agent.error().message;
        return StageResult::respond(HttpServerResponse::error(
            503, QStringLiteral("unavailable"), QStringLiteral("Sanctum cannot read its store right now")));
    }
    if (!agent->has_value())
        return StageResult::respond(
            CallAnswers::unauthorized(QStringLiteral("unauthorized"), QStringLiteral("the agent key is not valid")));
    call.agent = agent->value();
    return StageResult::next();
}

} // namespace sanctum
