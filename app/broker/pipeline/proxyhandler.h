#pragma once

#include "broker/http/httpresponder.h"
#include "broker/http/httpserverrequest.h"
#include "domain/usageevent.h"
#include "services/missions/missionregistry.h"

#include <QObject>

namespace sanctum {

class Instance;
class ScopeMap;
struct EndpointRule;

// ANY /v1/proxy/{connection}/{path}: the upstream call of an agent holding an
// active mission. The path is made safe (ProxyPath), matched against the
// connection's scope map, refused with 403 insufficient_scope when the
// mission lacks the scope, held for a one-off approval when the scope is a
// step-up one, and otherwise forwarded through the auth worker with the
// upstream token, the answer streamed back. Every attempt, allowed or not,
// becomes a usage event.
class ProxyHandler : public QObject {
    Q_OBJECT

public:
    explicit ProxyHandler(Instance &instance, QObject *parent = nullptr);

    void handle(const HttpServerRequest &request, const MissionGrant &grant, HttpResponder responder);

    // The mission scope that covers `rule`, the narrowest when several do;
    // empty when none does.
    static QString coveringScope(const ScopeMap &map, const EndpointRule &rule, const ScopeSet &held);

private:
    void forward(const HttpServerRequest &request, const MissionGrant &grant, const QByteArray &target,
                 UsageEvent event, HttpResponder responder);
    void record(UsageEvent event, int status, UsageEvent::Outcome outcome);

    Instance &m_instance;
};

} // namespace sanctum
