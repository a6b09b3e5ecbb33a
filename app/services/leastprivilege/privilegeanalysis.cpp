#include "services/leastprivilege/privilegeanalysis.h"

#include "domain/timeformat.h"

#include <QJsonArray>

namespace sanctum {

namespace {
QJsonArray countsJson(const QList<ScopeCallCount> &counts, const QString &lastKey)
{
    QJsonArray out;
    for (const ScopeCallCount &c : counts)
        out.append(QJsonObject{{QStringLiteral("scope"), c.scope},
                               {QStringLiteral("count"), c.count},
                               {lastKey, TimeFormat::toJson(c.last)}});
    return out;
}
} // namespace

ScopeSet PrivilegeAnalysis::usedScopes() const
{
    ScopeSet out;
    for (const ScopeCallCount &c : used)
        out.insert(c.scope);
    return out;
}

QJsonObject PrivilegeAnalysis::toJson() const
{
    return {
        {QStringLiteral("agent_id"), agentId},
        {QStringLiteral("connection"), connection},
        {QStringLiteral("granted"), granted.toJson()},
        {QStringLiteral("used"), countsJson(used, QStringLiteral("last_used"))},
        {QStringLiteral("never_used"), neverUsed.toJson()},
        {QStringLiteral("denied"), countsJson(denied, QStringLiteral("last_denied"))},
        {QStringLiteral("recommended"), recommended.toJson()},
        {QStringLiteral("recommendation_exact"), recommendationExact},
        {QStringLiteral("removable"), removable().toJson()},
        {QStringLiteral("allowed_calls"), allowedCalls},
        {QStringLiteral("denied_calls"), deniedCalls},
    };
}

QJsonObject RefusedCall::toJson() const
{
    QJsonArray needs;
    for (const ScopeSet &anyOf : needed)
        needs.append(anyOf.toJson());
    return {
        {QStringLiteral("agent_id"), agentId},
        {QStringLiteral("connection"), connection},
        {QStringLiteral("method"), method},
        {QStringLiteral("path_template"), pathTemplate},
        {QStringLiteral("count"), count},
        {QStringLiteral("last_at"), TimeFormat::toJson(last)},
        {QStringLiteral("needed_any_of"), needs},
    };
}

QJsonObject ReplayResult::toJson() const
{
    QJsonArray list;
    for (const RefusedCall &r : refused)
        list.append(r.toJson());
    QJsonObject json{
        {QStringLiteral("scopes"), request.scopes.toJson()},
        {QStringLiteral("calls_replayed"), callsReplayed},
        {QStringLiteral("calls_refused"), callsRefused},
        {QStringLiteral("safe"), safe()},
        {QStringLiteral("refused"), list},
    };
    if (!request.agentId.isEmpty())
        json.insert(QStringLiteral("agent_id"), request.agentId);
    if (!request.connection.isEmpty())
        json.insert(QStringLiteral("connection"), request.connection);
    return json;
}

} // namespace sanctum
