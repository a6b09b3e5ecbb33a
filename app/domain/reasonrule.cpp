#include "domain/reasonrule.h"

namespace sanctum {

bool ReasonRule::isRequired(OperatorAction action)
{
    switch (action) {
    case OperatorAction::DenyMission:
    case OperatorAction::RevokeMission:
    case OperatorAction::RevokeAgentMissions:
        return false;
    case OperatorAction::RevokeAll:
    case OperatorAction::RemoveAgent:
    case OperatorAction::TightenConnection:
        return true;
    }
    return true;
}

ReasonRule::Problem ReasonRule::check(OperatorAction action, const QString &reason)
{
    const QString why = reason.trimmed();
    if (why.isEmpty() && isRequired(action))
        return Problem::Missing;
    if (why.size() > kMaxLength)
        return Problem::TooLong;
    return Problem::None;
}

Error ReasonRule::error(OperatorAction action, Problem problem)
{
    switch (problem) {
    case Problem::None:
        return {};
    case Problem::Missing: {
        const char *what = action == OperatorAction::RemoveAgent         ? "the agent is removed"
                           : action == OperatorAction::TightenConnection ? "the connection is tightened"
                                                                         : "every mission is revoked";
        return Error{
            QStringLiteral("invalid_argument"),
            QStringLiteral("say why %1 (--reason): the reason goes to the audit log").arg(QLatin1String(what))};
    }
    case Problem::TooLong:
        return Error{QStringLiteral("invalid_argument"),
                     QStringLiteral("a reason may be at most %1 characters").arg(kMaxLength)};
    }
    return {};
}

} // namespace sanctum
