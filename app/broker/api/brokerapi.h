#pragma once

#include "broker/api/brokeroptions.h"
#include "broker/http/httpresponder.h"
#include "broker/http/httpserverrequest.h"
#include "broker/pipeline/ratelimiter.h"

#include <QObject>

namespace sanctum {

class Instance;
class ProxyHandler;
struct Agent;
struct HttpServerResponse;
struct Mission;

// The broker's HTTP API for agents (see DESIGN.md, "The broker"):
//   POST   /v1/missions              ask for a mission (agent key)
//   GET    /v1/missions              the agent's own missions
//   GET    /v1/missions/{id}[?wait=N] status, long-polling up to N seconds
//   DELETE /v1/missions/{id}         finish early
//   ANY    /v1/proxy/{connection}/…  the upstream call (mission token)
//   GET    /v1/health                liveness, no authentication
// Every answer is JSON; every error is {"error", "message"} with a fitting
// status. Nothing here blocks: waiting requests hold a connection, not a thread.
class BrokerApi : public QObject {
    Q_OBJECT

public:
    BrokerApi(Instance &instance, const BrokerOptions &options, QObject *parent = nullptr);
    ~BrokerApi() override;

    void handle(const HttpServerRequest &request, HttpResponder responder);

    // "Bearer <token>" → token; empty when absent or malformed.
    static QByteArray bearerToken(const HttpServerRequest &request);
    static HttpServerResponse unauthorized(const QString &code, const QString &message);
    // Whether a Host header names this machine's loopback, with any port.
    static bool isLocalHost(const QByteArray &host);

private:
    void createMission(const HttpServerRequest &request, const Agent &agent, HttpResponder responder);
    void listMissions(const HttpServerRequest &request, const Agent &agent, HttpResponder responder);
    void showMission(const HttpServerRequest &request, const Agent &agent, const QString &id, HttpResponder responder);
    void finishMission(const Agent &agent, const QString &id, HttpResponder responder);
    // The agent behind the request's key, or an answer already sent.
    std::optional<Agent> authenticate(const HttpServerRequest &request, HttpResponder &responder);
    bool admit(const QString &agentId, HttpResponder &responder);
    QJsonObject missionForAgent(const Mission &mission) const;

    Instance &m_instance;
    BrokerOptions m_options;
    RateLimiter m_limiter;
    ProxyHandler *m_proxy;
};

} // namespace sanctum
