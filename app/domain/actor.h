#pragma once

#include <QString>

namespace sanctum {

// Who did something, as the audit log names them. The log is tamper-evident,
// so a wrong name there is a lie nobody can edit away: every adapter takes
// its name from here.
namespace Actor {
// The operator, through the window.
inline QString operatorGui()
{
    return QStringLiteral("operator:gui");
}
// The operator, through sanctumctl (the owner-only admin socket).
inline QString operatorCli()
{
    return QStringLiteral("operator:cli");
}
// A mission policy that approved on its own.
inline QString policy()
{
    return QStringLiteral("policy");
}
// Sanctum itself: expiry, lapsed requests, anomalies, the log's own markers.
inline QString system()
{
    return QStringLiteral("system");
}
// An agent, by its id.
inline QString agent(const QString &agentId)
{
    return QStringLiteral("agent:") + agentId;
}
} // namespace Actor

} // namespace sanctum
