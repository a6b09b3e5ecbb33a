#include "broker/pipeline/proxyhandler.h"

#include "auth/authservice.h"
#include "broker/api/brokerapi.h"
#include "broker/http/httpserverresponse.h"
#include "broker/pipeline/proxypath.h"
#include "domain/clock.h"
#include "domain/logging.h"
#include "domain/scopemapcatalog.h"
#include "root/instance.h"
#include "services/missions/stepupgate.h"
#include "services/session/tenantsession.h"
#include "store/usagerecorder.h"

#include <QJsonArray>
#include <QJsonObject>

namespace sanctum {

namespace {
const QByteArray kPrefix = QByteArrayLiteral("/v1/proxy/");

// Headers of the upstream's answer that never reach the agent: framing and
// hop-by-hop ones (the broker frames its own answer), cookies, and the
// upstream token's full scope list, which is the connection's business.
bool staysUpstream(const QByteArray &lowerName)
{
    static const QList<QByteArray> dropped = {"connection",
                                              "keep-alive",
                                              "transfer-encoding",
                                              "te",
                                              "trailer",
                                              "upgrade",
                                              "proxy-authenticate",
                                              "proxy-connection",
                                              "content-length",
                                              "content-encoding",
                                              "set-cookie",
                                              "x-oauth-scopes",
                                              "date",
                                              "server"};
    return dropped.contains(lowerName);
}

QString scopeList(const ScopeSet &scopes)
{
    return scopes.toList().join(QStringLiteral(", "));
}
} // namespace

ProxyHandler::ProxyHandler(Instance &instance, QObject *parent)
    : QObject(parent)
    , m_instance(instance)
{
}

QString ProxyHandler::coveringScope(const ScopeMap &map, const EndpointRule &rule, const ScopeSet &held)
{
    QString best;
    qsizetype bestBreadth = 0;
    for (const QString &scope : held) {
        const ScopeSet implied = map.closure({scope});
        if (!rule.accepted.isEmpty() && implied.intersected(rule.accepted).isEmpty())
            continue;
        // The narrowest scope that does the job is the one "used": holding
        // `repo` and `public_repo`, a public-repository call used the latter.
        if (best.isEmpty() || implied.size() < bestBreadth) {
            best = scope;
            bestBreadth = implied.size();
        }
    }
    return best;
}

void ProxyHandler::handle(const HttpServerRequest &request, const MissionGrant &grant, HttpResponder responder)
{
    // /v1/proxy/{connection}{/path}{?query}; a bare /v1/proxy/github is "/".
    const QByteArray rest = request.target.mid(kPrefix.size());
    const qsizetype end = [&] {
        for (qsizetype i = 0; i < rest.size(); ++i)
            if (rest.at(i) == '/' || rest.at(i) == '?')
                return i;
        return rest.size();
    }();
    const QByteArray connection = rest.left(end);
    QByteArray upstreamTarget = rest.mid(end);
    if (!upstreamTarget.startsWith('/'))
        upstreamTarget.prepend('/');

    UsageEvent event;
    event.at = m_instance.clock().now();
    event.agentId = grant.agentId;
    event.missionId = grant.missionId;
    event.connection = grant.connection;
    event.method = QString::fromLatin1(request.method);
    event.pathTemplate = QStringLiteral("(refused before matching)");

    if (connection != grant.connection.toUtf8()) {
        record(event, 403, UsageEvent::Outcome::Denied);
        return responder.send(HttpServerResponse::error(
            403,
            QStringLiteral("wrong_connection"),
            QStringLiteral("this mission is for the %1 connection; call /v1/proxy/%1/…").arg(grant.connection)));
    }
    const Expected<ProxyPath> path = ProxyPath::parse(upstreamTarget);
    if (!path) {
        record(event, 400, UsageEvent::Outcome::Denied);
        return responder.send(HttpServerResponse::error(400, path.error().code, path.error().message));
    }
    const Expected<const ScopeMap *> map = m_instance.scopeMaps().find(grant.connection);
    if (!map) {
        record(event, 502, UsageEvent::Outcome::Failed);
        return responder.send(HttpServerResponse::error(502, map.error().code, map.error().message));
    }
    // HEAD asks what GET would answer, and needs what GET needs.
    const QString method = request.method == "HEAD" ? QStringLiteral("GET") : QString::fromLatin1(request.method);
    const std::optional<EndpointRule> rule = (*map)->match(method, path->path());
    if (!rule) {
        event.pathTemplate = QStringLiteral("(no rule)");
        record(event, 403, UsageEvent::Outcome::Denied);
        return responder.send(HttpServerResponse::error(
            403,
            QStringLiteral("unknown_endpoint"),
            QStringLiteral("Sanctum's %1 scope map has no rule for %2 %3, so no mission may call it")
                .arg(grant.connection, method, path->path().left(200))));
    }
    event.pathTemplate = rule->pathTemplate;

    if (ScopeMap::allowsClosed(*rule, grant.closedScopes)) {
        event.scope = coveringScope(**map, *rule, grant.scopes);
        return forward(request, grant, path->forwardTarget(), event, responder);
    }

    if (!grant.stepUpScopes.isEmpty() && ScopeMap::allowsClosed(*rule, grant.closedWithStepUp)) {
        // A dangerous scope the mission may use one call at a time: this call
        // waits for the operator, and the elevation is spent by it.
        event.scope = coveringScope(**map, *rule, grant.stepUpScopes);
        Elevation e;
        e.missionId = grant.missionId;
        e.agentId = grant.agentId;
        e.connection = grant.connection;
        e.scope = event.scope;
        e.method = method;
        e.pathTemplate = rule->pathTemplate;
        const HttpServerRequest held = request;
        const QByteArray target = path->forwardTarget();
        const Expected<Elevation> asked = m_instance.stepUp().ask(
            e, responder.context(), [this, held, grant, target, event, responder](Status decided) mutable {
                if (!decided) {
                    record(event,
                           decided.error().httpStatus ? decided.error().httpStatus : 403,
                           UsageEvent::Outcome::StepUpDenied);
                    return responder.send(
                        HttpServerResponse::error(decided.error().httpStatus ? decided.error().httpStatus : 403,
                                                  decided.error().code,
                                                  decided.error().message));
                }
                forward(held, grant, target, event, responder);
            });
        if (!asked) {
            record(event, asked.error().httpStatus ? asked.error().httpStatus : 503, UsageEvent::Outcome::Denied);
            return responder.send(HttpServerResponse::error(
                asked.error().httpStatus ? asked.error().httpStatus : 503, asked.error().code, asked.error().message));
        }
        return;
    }

    // Refused before anything reaches the upstream.
    const ScopeSet needed = rule->accepted.isEmpty() ? rule->also : rule->accepted;
    event.scope = needed.isEmpty() ? QString() : *needed.begin();
    record(event, 403, UsageEvent::Outcome::Denied);
    HttpServerResponse r = HttpServerResponse::json(
        403,
        {{QStringLiteral("error"), QStringLiteral("insufficient_scope")},
         {QStringLiteral("message"),
          QStringLiteral("%1 %2 needs %3%4; this mission holds %5")
              .arg(method,
                   rule->pathTemplate,
                   rule->accepted.isEmpty() ? QString() : QStringLiteral("one of ") + scopeList(rule->accepted),
                   rule->also.isEmpty()
                       ? QString()
                       : (rule->accepted.isEmpty() ? QString() : QStringLiteral(" and ")) + scopeList(rule->also),
                   scopeList(grant.scopes))},
         {QStringLiteral("needed"), needed.toJson()},
         {QStringLiteral("also_needed"), rule->also.toJson()},
         {QStringLiteral("held"), grant.scopes.toJson()}});
    r.setHeader("WWW-Authenticate",
                "Bearer realm=\"sanctum\", error=\"insufficient_scope\", scope=\"" + needed.toString().toLatin1() +
                    '"');
    responder.send(r);
}

void ProxyHandler::forward(const HttpServerRequest &request, const MissionGrant &grant, const QByteArray &target,
                           UsageEvent event, HttpResponder responder)
{
    if (!responder.context())
        return; // the agent is gone; nothing to do for it
    ForwardRequest fr;
    fr.connection = grant.connection;
    fr.method = request.method;
    fr.target = target;
    fr.headers = request.headers;
    fr.body = request.body;
    const QByteArray missionScopes = scopeList(grant.scopes).toLatin1();
    const QByteArray missionId = grant.missionId.toLatin1();
    auto headSeen = std::make_shared<bool>(false);
    m_instance.session().auth().forward(
        fr,
        responder.context(),
        {[this, responder, event, missionScopes, missionId, headSeen](const ForwardHead &head) mutable {
             *headSeen = true;
             QList<std::pair<QByteArray, QByteArray>> headers;
             for (const auto &[name, value] : head.headers) {
                 if (staysUpstream(name))
                     continue;
                 if (name == "x-accepted-oauth-scopes")
                     event.acceptedScopes = QString::fromLatin1(value);
                 headers.append({name, value});
             }
             headers.append({QByteArrayLiteral("x-oauth-scopes"), missionScopes});
             headers.append({QByteArrayLiteral("x-sanctum-mission"), missionId});
             record(event, head.status, UsageEvent::Outcome::Allowed);
             responder.beginStream(head.status, headers);
         },
         [responder](const QByteArray &chunk) mutable { responder.write(chunk); },
         [this, responder, event, headSeen](const Error &error) mutable {
             if (error.code.isEmpty())
                 return responder.finish();
             if (*headSeen) {
                 // Part of the body is out; a clean end would pass a truncated
                 // answer off as complete.
                 qCInfo(lcBroker) << "upstream failed mid-answer:" << error.message;
                 return responder.abort();
             }
             const int status = error.httpStatus ? error.httpStatus : 502;
             record(event, status, UsageEvent::Outcome::Failed);
             responder.send(HttpServerResponse::error(status, error.code, error.message));
         }});
}

void ProxyHandler::record(UsageEvent event, int status, UsageEvent::Outcome outcome)
{
    event.status = status;
    event.outcome = outcome;
    m_instance.usage().record(event);
}

} // namespace sanctum
