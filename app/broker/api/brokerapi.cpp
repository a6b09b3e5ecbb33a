#include "broker/api/brokerapi.h"

#include "broker/api/httpcallreply.h"
#include "broker/pipeline/threadmailbox.h"

namespace sanctum {

BrokerApi::BrokerApi(const BrokerServices &services, const BrokerOptions &options, RateLimiter &rate,
                     InFlightLimiter &inFlight, QObject *parent)
    : QObject(parent)
    , m_home(std::make_shared<ThreadMailbox>())
    , m_access(services.auth, m_home)
    , m_forwarder(
          [this](const QString &connection, std::function<void(Expected<UpstreamToken>)> done) {
              m_access.get(connection, [done = std::move(done)](const Expected<UpstreamAccess> &access) {
                  done(access ? Expected<UpstreamToken>(access->token) : Expected<UpstreamToken>(access.error()));
              });
          },
          [this](const QString &connection) { m_access.refused(connection); })
    , m_hostGuard(options.address.isLoopback())
    , m_agentAuth(services.agents)
    , m_missionAuth(services.missions)
    , m_rateLimit(rate, inFlight)
    , m_usage(services.usage, services.clock)
    , m_scopeCheck(services.scopeMaps)
    , m_stepUp(services.stepUp)
    , m_forward(services.missions, m_access, m_forwarder)
    , m_missionEndpoints(services.missions, options.maxWaitSeconds)
    , m_proxyCalls(
          {&m_hostGuard, &m_missionAuth, &m_rateLimit, &m_usage, &m_proxyTarget, &m_scopeCheck, &m_stepUp, &m_forward},
          m_home)
    , m_missionCalls({&m_hostGuard, &m_missionRoute, &m_agentAuth, &m_rateLimit, &m_missionEndpoints}, m_home)
    , m_healthCalls({&m_hostGuard, &m_health}, m_home)
    , m_otherCalls({&m_hostGuard, &m_notFound}, m_home)
{
    m_home->attach(this);
}

BrokerApi::~BrokerApi()
{
    // First, while answers posted to this object can still be dropped.
    m_home->close();
}

QByteArray BrokerApi::bearerToken(const HttpServerRequest &request)
{
    const QByteArray value = request.header("authorization");
    const qsizetype space = value.indexOf(' ');
    if (space <= 0 || value.left(space).compare("bearer", Qt::CaseInsensitive) != 0)
        return {};
    return value.mid(space + 1).trimmed();
}

const CallPipeline &BrokerApi::pipelineFor(const QByteArray &path) const
{
    if (path.startsWith(ProxyTargetStage::kPrefix))
        return m_proxyCalls;
    if (path == "/v1/health")
        return m_healthCalls;
    if (MissionRouteStage::serves(path))
        return m_missionCalls;
    return m_otherCalls;
}

void BrokerApi::handle(const HttpServerRequest &request, HttpResponder responder)
{
    CallContext call;
    call.method = request.method;
    call.target = request.target;
    call.headers = request.headers;
    call.body = request.body;
    call.credential = bearerToken(request);
    pipelineFor(request.path()).run(std::move(call), std::make_unique<HttpCallReply>(responder));
}

} // namespace sanctum
