#include "domain/usageevent.h"

#include "domain/timeformat.h"

namespace sanctum {

QString UsageEvent::outcomeName(Outcome o)
{
    switch (o) {
    case Outcome::Allowed:
        return QStringLiteral("allowed");
    case Outcome::Denied:
        return QStringLiteral("denied");
    case Outcome::StepUpDenied:
        return QStringLiteral("step_up_denied");
    case Outcome::Failed:
        return QStringLiteral("failed");
    }
    Q_UNREACHABLE();
    return {};
}

UsageEvent::Outcome UsageEvent::outcomeFromName(const QString &name)
{
    for (auto o : {Outcome::Allowed, Outcome::Denied, Outcome::StepUpDenied, Outcome::Failed})
        if (outcomeName(o) == name)
            return o;
    return Outcome::Failed;
}

QJsonObject UsageEvent::toJson() const
{
    return {
        {QStringLiteral("at"), TimeFormat::toJson(at)},
        {QStringLiteral("agent_id"), agentId},
        {QStringLiteral("mission_id"), missionId.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(missionId)},
        {QStringLiteral("connection"), connection},
        {QStringLiteral("scope"), scope.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(scope)},
        {QStringLiteral("method"), method},
        {QStringLiteral("path_template"), pathTemplate},
        {QStringLiteral("status"), status},
        {QStringLiteral("outcome"), outcomeName(outcome)},
        {QStringLiteral("accepted_scopes"),
         acceptedScopes.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(acceptedScopes)},
    };
}

} // namespace sanctum
