#include "mission.h"

#include "timeformat.h"

namespace sanctum {

QString Mission::stateName(MissionState s)
{
    switch (s) {
    case MissionState::Pending:
        return QStringLiteral("pending");
    case MissionState::Active:
        return QStringLiteral("active");
    case MissionState::Completed:
        return QStringLiteral("completed");
    case MissionState::Expired:
        return QStringLiteral("expired");
    case MissionState::Revoked:
        return QStringLiteral("revoked");
    case MissionState::Denied:
        return QStringLiteral("denied");
    }
    Q_UNREACHABLE();
    return {};
}

std::optional<MissionState> Mission::stateFromName(const QString &name)
{
    for (auto s : {MissionState::Pending,
                   MissionState::Active,
                   MissionState::Completed,
                   MissionState::Expired,
                   MissionState::Revoked,
                   MissionState::Denied})
        if (stateName(s) == name)
            return s;
    return std::nullopt;
}

bool Mission::canTransition(MissionState from, MissionState to)
{
    switch (from) {
    case MissionState::Pending:
        return to == MissionState::Active || to == MissionState::Denied || to == MissionState::Expired;
    case MissionState::Active:
        return to == MissionState::Completed || to == MissionState::Expired || to == MissionState::Revoked;
    default:
        return false; // terminal states stay terminal
    }
}

bool Mission::isTerminal() const
{
    return state != MissionState::Pending && state != MissionState::Active;
}

QDateTime Mission::nextDeadline() const
{
    if (state == MissionState::Pending)
        return requestExpiresAt;
    if (state == MissionState::Active)
        return expiresAt;
    return {};
}

Status Mission::transition(MissionState to, const QDateTime &now, const QString &actor, const QString &why)
{
    if (!canTransition(state, to))
        return Error{QStringLiteral("invalid_transition"),
                     QStringLiteral("mission %1 is %2 and cannot become %3").arg(id, stateName(state), stateName(to))};
    const MissionState from = state;
    state = to;
    if (from == MissionState::Pending) {
        decidedAt = now;
        decidedBy = actor;
    }
    if (to == MissionState::Active)
        expiresAt = now.addSecs(request.ttlSeconds);
    if (isTerminal())
        endedAt = now;
    if (!why.isEmpty())
        reason = why;
    return Done{};
}

QJsonObject Mission::toJson() const
{
    return {
        {QStringLiteral("id"), id},
        {QStringLiteral("agent_id"), agentId},
        {QStringLiteral("purpose"), request.purpose},
        {QStringLiteral("connection"), request.connection},
        {QStringLiteral("scopes"), request.scopes.toJson()},
        {QStringLiteral("ttl_seconds"), request.ttlSeconds},
        {QStringLiteral("status"), stateName(state)},
        {QStringLiteral("requested_at"), TimeFormat::toJson(requestedAt)},
        {QStringLiteral("request_expires_at"), TimeFormat::toJson(requestExpiresAt)},
        {QStringLiteral("decided_at"), TimeFormat::toJson(decidedAt)},
        {QStringLiteral("decided_by"), decidedBy.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(decidedBy)},
        {QStringLiteral("expires_at"), TimeFormat::toJson(expiresAt)},
        {QStringLiteral("ended_at"), TimeFormat::toJson(endedAt)},
        {QStringLiteral("reason"), reason.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(reason)},
    };
}

} // namespace sanctum
