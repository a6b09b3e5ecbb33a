#pragma once

#include "domain/error.h"

#include <QString>

namespace sanctum {

// What an operator does that the audit log records with a reason.
enum class OperatorAction {
    DenyMission,
    RevokeMission,
    RevokeAgentMissions,
    RevokeAll,
    RemoveAgent,
    TightenConnection,
};

// When an operator must say why, and how much they may say. The window, the
// CLI and the admin socket all ask this, so one action has one rule
// wherever it is done.
//
// A reason is required where the action takes away more than one decision
// can give back (an agent and its key, every mission at once, a connection's
// scopes); it is optional for denying or ending one mission, whose state
// already says what happened. Reasons explain; they are not documents.
class ReasonRule {
public:
    static constexpr qsizetype kMaxLength = 1000;
    enum class Problem { None, Missing, TooLong };

    static bool isRequired(OperatorAction action);
    // `reason` as the operator typed it; surrounding space does not count.
    static Problem check(OperatorAction action, const QString &reason);
    // The refusal an adapter without translations gives (code invalid_argument).
    static Error error(OperatorAction action, Problem problem);
};

} // namespace sanctum
