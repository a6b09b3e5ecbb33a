#include "ui/reasontext.h"

namespace sanctum {

QString ReasonText::problem(OperatorAction action, const QString &reason)
{
    switch (ReasonRule::check(action, reason)) {
    case ReasonRule::Problem::None:
        return {};
    case ReasonRule::Problem::TooLong:
        return tr("The reason is too long: keep it under %n character(s).", nullptr, int(ReasonRule::kMaxLength));
    case ReasonRule::Problem::Missing:
        break;
    }
    switch (action) {
    case OperatorAction::RemoveAgent:
        return tr("Say why the agent is removed: the reason goes to the audit log.");
    case OperatorAction::TightenConnection:
        return tr("Say why the connection is tightened: the reason goes to the audit log.");
    case OperatorAction::RevokeAll:
        return tr("Say why every mission is revoked: the reason goes to the audit log.");
    case OperatorAction::DenyMission:
    case OperatorAction::RevokeMission:
    case OperatorAction::RevokeAgentMissions:
        break;
    }
    return tr("Say why: the reason goes to the audit log.");
}

} // namespace sanctum
