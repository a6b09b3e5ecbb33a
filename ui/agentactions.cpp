#include "ui/agentactions.h"

#include "domain/actor.h"
#include "ui/reasontext.h"

#include "domain/error.h"
#include "services/agents/agentregistry.h"
#include "services/missions/missionregistry.h"
#include "ui/uilogging.h"

namespace sanctum {

AgentActions::AgentActions(AgentRegistry &agents, MissionRegistry &missions, QObject *parent)
    : QObject(parent)
    , m_agents(agents)
    , m_missions(missions)
{
}

QString AgentActions::add(const QString &name)
{
    const QString trimmed = name.trimmed();
    Expected<NewAgent> created = m_agents.add(trimmed, Actor::operatorGui());
    if (!created) {
        setError(describe(created.error(), trimmed));
        return {};
    }
    setError({});
    Q_EMIT notice(tr("Added agent %1").arg(created->agent.name));
    Q_EMIT agentAdded(created->agent.id);
    return created->key;
}

QString AgentActions::rotateKey(const QString &agentId)
{
    Expected<NewAgent> rotated = m_agents.rotateKey(agentId, Actor::operatorGui());
    if (!rotated) {
        setError(describe(rotated.error(), agentId));
        return {};
    }
    setError({});
    Q_EMIT notice(tr("New key for %1; the old one no longer works").arg(rotated->agent.name));
    return rotated->key;
}

bool AgentActions::remove(const QString &agentId, const QString &reason)
{
    if (const QString problem = ReasonText::problem(OperatorAction::RemoveAgent, reason); !problem.isEmpty()) {
        setError(problem);
        return false;
    }
    const QString why = reason.trimmed();
    const Expected<Agent> agent = m_agents.get(agentId);
    if (!agent) {
        setError(describe(agent.error(), agentId));
        return false;
    }
    // Its live missions end with it (MissionRegistry), in the operator's name and
    // for the operator's reason; counted first for the notice.
    int live = 0;
    for (const MissionState state : {MissionState::Pending, MissionState::Active}) {
        MissionFilter filter;
        filter.agentId = agent->id;
        filter.state = state;
        filter.limit = 10'000;
        if (const Expected<QList<Mission>> missions = m_missions.list(filter))
            live += int(missions->size());
    }
    const Expected<Agent> removed = m_agents.remove(agent->id, Actor::operatorGui(), why);
    if (!removed) {
        setError(describe(removed.error(), agent->name));
        return false;
    }
    setError({});
    Q_EMIT notice(live == 0
                      ? tr("Removed agent %1").arg(removed->name)
                      : tr("Removed agent %1 and ended its %n live mission(s)", nullptr, live).arg(removed->name));
    return true;
}

QString AgentActions::describe(const Error &error, const QString &subject) const
{
    if (error.code == QLatin1String("invalid_name")) {
        if (subject.isEmpty())
            return tr("Give the agent a name.");
        return tr("“%1” cannot be an agent name. Use 1 to 64 letters, digits, dots, underscores or hyphens, "
                  "starting with a letter or digit.")
            .arg(subject);
    }
    if (error.code == QLatin1String("conflict"))
        return tr("There is already an agent named “%1”. Choose another name.").arg(subject);
    if (error.code == QLatin1String("not_found"))
        return tr("That agent no longer exists; it may have been removed from the command line.");
    // Store and other failures: the core's sentence, which names the cause.
    return tr("The change did not go through: %1").arg(error.message);
}

void AgentActions::setError(const QString &error)
{
    if (error == m_error)
        return;
    m_error = error;
    if (!error.isEmpty())
        qCInfo(lcUi).noquote() << "agent action failed:" << error;
    Q_EMIT errorStringChanged();
}

} // namespace sanctum
