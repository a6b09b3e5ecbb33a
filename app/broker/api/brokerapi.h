#pragma once

#include "broker/api/brokeroptions.h"
#include "broker/api/brokerservices.h"
#include "broker/api/healthstage.h"
#include "broker/api/missionendpointstage.h"
#include "broker/api/missionroutestage.h"
#include "broker/api/notfoundstage.h"
#include "broker/http/httpresponder.h"
#include "broker/http/httpserverrequest.h"
#include "broker/pipeline/agentauthstage.h"
#include "broker/pipeline/callpipeline.h"
#include "broker/pipeline/forwardstage.h"
#include "broker/pipeline/hostguardstage.h"
#include "broker/pipeline/missionauthstage.h"
#include "broker/pipeline/proxytargetstage.h"
#include "broker/pipeline/ratelimitstage.h"
#include "broker/pipeline/scopecheckstage.h"
#include "broker/pipeline/stepupstage.h"
#include "broker/pipeline/upstreamaccesscache.h"
#include "broker/pipeline/usagestage.h"
#include "upstream/upstreamforwarder.h"

#include <QObject>

namespace sanctum {

// The broker's HTTP API for agents (see DESIGN.md, "The broker"):
//   POST   /v1/missions              ask for a mission (agent key)
//   GET    /v1/missions              the agent's own missions
//   GET    /v1/missions/{id}[?wait=N] status, long-polling up to N seconds
//   DELETE /v1/missions/{id}         finish early
//   ANY    /v1/proxy/{connection}/…  the upstream call (mission token)
//   GET    /v1/health                liveness, no authentication
// Each request becomes a call through the pipeline of its endpoint; the
// pipelines share their common stages, so the host guard and the rate limit
// are one each for the whole API. An upstream call goes through:
//   host guard → mission token → rate limit → usage count → connection and
//   path → scope check → step-up → forward
// and every one that gets past the rate limit, allowed or refused, becomes a
// usage event. Every answer is JSON; every error is {"error", "message"}
// with a fitting status. Nothing here blocks: waiting calls hold a
// connection, not a thread.
//
// One BrokerApi per broker thread, made on it: its stages, its forwarder and
// its copies of upstream tokens are that thread's, and its mailbox takes
// the answers of services on other threads back to it. What the threads share
// (the rate limiter, the mission grants, the usage recorder) is safe to
// share.
class BrokerApi : public QObject {
    Q_OBJECT

public:
    // On the thread it is to serve.
    BrokerApi(const BrokerServices &services, const BrokerOptions &options, RateLimiter &rate,
              InFlightLimiter &inFlight, QObject *parent = nullptr);
    ~BrokerApi() override;

    void handle(const HttpServerRequest &request, HttpResponder responder);

    // "Bearer <token>" → token; empty when absent or malformed.
    static QByteArray bearerToken(const HttpServerRequest &request);

private:
    const CallPipeline &pipelineFor(const QByteArray &path) const;

    std::shared_ptr<ThreadMailbox> m_home;
    UpstreamAccessCache m_access;
    UpstreamForwarder m_forwarder;
    HostGuardStage m_hostGuard;
    AgentAuthStage m_agentAuth;
    MissionAuthStage m_missionAuth;
    RateLimitStage m_rateLimit;
    UsageStage m_usage;
    ProxyTargetStage m_proxyTarget;
    ScopeCheckStage m_scopeCheck;
    StepUpStage m_stepUp;
    ForwardStage m_forward;
    HealthStage m_health;
    MissionRouteStage m_missionRoute;
    MissionEndpointStage m_missionEndpoints;
    NotFoundStage m_notFound;

    CallPipeline m_proxyCalls;
    CallPipeline m_missionCalls;
    CallPipeline m_healthCalls;
    CallPipeline m_otherCalls;
};

} // namespace sanctum
