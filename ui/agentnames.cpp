#include "ui/agentnames.h"

#include "services/agents/agentregistry.h"
#include "ui/uilogging.h"

namespace sanctum {

AgentNames::AgentNames(AgentRegistry &agents, QObject *parent)
    : QObject(parent)
{
    if (const Expected<QList<Agent>> all = agents.list(true); all) {
        for (const Agent &a : *all)
            m_names.insert(a.id, a.name);
    } else {
        qCWarning(lcUi) << "could not read the agents' names:" << all.error().message;
    }
    connect(&agents, &AgentRegistry::agentAdded, this, [this](const Agent &a) {
        m_names.insert(a.id, a.name);
        Q_EMIT added(a);
    });
}

QString AgentNames::name(const QString &id) const
{
    return m_names.value(id, id);
}

} // namespace sanctum
