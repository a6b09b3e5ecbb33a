#include "domain/mission.h"

#include "domain/timeformat.h"

#include <QJsonArray>

namespace sanctum {

Expected<MissionRequest> MissionRequest::fromJson(const QJsonObject &json)
{
    static const QStringList known = {QStringLiteral("purpose"),
                                      QStringLiteral("connection"),
                                      QStringLiteral("scopes"),
                                      QStringLiteral("ttl_seconds")};
    auto invalid = [](const QString &message) { return Error{QStringLiteral("invalid_request"), message, 400}; };
    for (auto it = json.begin(); it != json.end(); ++it)
        if (!known.contains(it.key()))
            return invalid(QStringLiteral("unknown field '%1'; a mission request has purpose, connection, scopes "
                                          "and ttl_seconds")
                               .arg(it.key().left(64)));
    MissionRequest r;
    const QJsonValue purpose = json.value(QStringLiteral("purpose"));
    if (!purpose.isString())
        return invalid(QStringLiteral("purpose is required: say in a sentence what the mission is for"));
    r.purpose = purpose.toString().trimmed();
    // The operator reads the purpose before deciding: nothing in it may
    // move the cursor, break the line or reverse the text.
    for (const QChar c : std::as_const(r.purpose)) {
        const char16_t u = c.unicode();
        if (u < 0x20 || (u >= 0x7f && u <= 0x9f) || (u >= 0x202a && u <= 0x202e) || (u >= 0x2066 && u <= 0x2069))
            return invalid(QStringLiteral("purpose may not contain control characters or bidi overrides"));
    }
    if (r.purpose.size() > kMaxPurposeLength)
        return invalid(QStringLiteral("purpose is longer than %1 characters").arg(kMaxPurposeLength));
    const QJsonValue connection = json.value(QStringLiteral("connection"));
    if (!connection.isString() || connection.toString().isEmpty() || connection.toString().size() > 128)
        return invalid(QStringLiteral("connection is required, e.g. \"github\""));
    r.connection = connection.toString();
    const QJsonValue scopes = json.value(QStringLiteral("scopes"));
    QString error;
    if (!scopes.isArray() || scopes.toArray().size() > kMaxScopes ||
        !ScopeSet::fromJson(scopes.toArray(), &r.scopes, &error))
        return invalid(QStringLiteral("scopes must be a list of at most %1 OAuth scopes%2")
                           .arg(kMaxScopes)
                           .arg(error.isEmpty() ? QString() : QStringLiteral(": ") + error));
    const QJsonValue ttl = json.value(QStringLiteral("ttl_seconds"));
    const double d = ttl.toDouble(-1);
    if (!ttl.isDouble() || d != double(qint64(d)) || d < 1 || d > 1e9)
        return invalid(QStringLiteral("ttl_seconds must be a positive whole number of seconds"));
    r.ttlSeconds = qint64(d);
    return r;
}

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
        {QStringLiteral("step_up_scopes"), stepUpScopes.toJson()},
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
