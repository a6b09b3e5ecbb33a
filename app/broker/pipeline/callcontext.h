#pragma once

#include "broker/pipeline/proxypath.h"
#include "domain/agent.h"
#include "domain/scopemap.h"
#include "domain/usageevent.h"
#include "services/missions/missionregistry.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QList>
#include <QString>

#include <memory>
#include <optional>
#include <utility>

namespace sanctum {

// What became of a call, as far as anyone keeping count cares: the outcomes
// of the usage record are exactly these.
using CallOutcome = UsageEvent::Outcome;

// One agent call on its way through a CallPipeline: what was asked, in terms
// that do not depend on how it arrived (an HTTP request to the broker today,
// a tool call later), and what the stages found out about it so far, for the
// stages after them.
struct CallContext {
    // What is asked.
    QByteArray method;
    QByteArray target;                                // path and query, e.g. "/v1/proxy/github/user?per_page=5"
    QList<std::pair<QByteArray, QByteArray>> headers; // names lower-cased; forwarded upstream as they are
    QByteArray body;
    QByteArray credential; // the bearer the caller presented: an agent key or a mission token

    // Found out by the stages.
    std::optional<Agent> agent;        // the agent behind an agent key (AgentAuthStage)
    std::optional<MissionGrant> grant; // the mission behind a mission token (MissionAuthStage)
    std::shared_ptr<void> share;       // its place among the agent's open calls, while held (RateLimitStage)
    QDateTime admittedAt;              // when the call got past the rate limit into the count (UsageStage)
    std::optional<ProxyPath> upstream; // the upstream path, made safe (ProxyTargetStage)
    QString ruleMethod;                // the method the scope map is asked about: HEAD asks as GET
    bool noRule = false;               // the scope map has no rule for the call
    std::optional<EndpointRule> rule;  // the rule that matched
    QString scope;                     // the mission scope the call uses, or the one it lacks
    bool needsStepUp = false;          // allowed only with a one-off approval (ScopeCheckStage)
    QString acceptedScopes;            // the upstream's X-Accepted-OAuth-Scopes, as it sent them

    // The first value of the header, or empty.
    QByteArray header(QByteArrayView lowerName) const;
    // The target up to '?', and after it.
    QByteArray path() const;
    QByteArray query() const;
    // Whose call it is: the agent behind the key or behind the mission.
    QString callerId() const;
};

} // namespace sanctum
