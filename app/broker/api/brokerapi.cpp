#include "broker/api/brokerapi.h"

#include "broker/http/httpserverresponse.h"
#include "broker/pipeline/proxyhandler.h"
#include "domain/agent.h"
#include "domain/logging.h"
#include "domain/version.h"
#include "root/instance.h"
#include "services/agents/agentregistry.h"
#include "services/missions/missionregistry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTimer>
#include <QUrlQuery>

#include <memory>

namespace sanctum {

namespace {
const QByteArray kMissions = QByteArrayLiteral("/v1/missions");
const QByteArray kProxy = QByteArrayLiteral("/v1/proxy/");

HttpServerResponse errorResponse(const Error &e, int fallbackStatus = 500)
{
    return HttpServerResponse::error(e.httpStatus ? e.httpStatus : fallbackStatus, e.code, e.message);
}

HttpServerResponse methodNotAllowed(const QByteArray &allow)
{
    HttpServerResponse r =
        HttpServerResponse::error(405,
                                  QStringLiteral("method_not_allowed"),
                                  QStringLiteral("this resource answers %1 only").arg(QString::fromLatin1(allow)));
    r.setHeader("Allow", allow);
    return r;
}

HttpServerResponse notFound()
{
    return HttpServerResponse::error(404,
                                     QStringLiteral("not_found"),
                                     QStringLiteral("no such resource; see the broker's API in "
                                                    "resources/api/broker-openapi.json"));
}

// Mission ids are "ms_" + 16 hex digits; anything else is not looked up at all.
bool isMissionId(const QByteArray &id)
{
    if (id.size() != 19 || !id.startsWith("ms_"))
        return false;
    for (char c : id.mid(3))
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    return true;
}
} // namespace

BrokerApi::BrokerApi(Instance &instance, const BrokerOptions &options, QObject *parent)
    : QObject(parent)
    , m_instance(instance)
    , m_options(options)
    , m_limiter(instance.clock(), options.callsPerSecond, options.burst)
    , m_proxy(new ProxyHandler(instance, this))
{
}

BrokerApi::~BrokerApi() = default;

QByteArray BrokerApi::bearerToken(const HttpServerRequest &request)
{
    const QByteArray value = request.header("authorization");
    const qsizetype space = value.indexOf(' ');
    if (space <= 0 || value.left(space).compare("bearer", Qt::CaseInsensitive) != 0)
        return {};
    return value.mid(space + 1).trimmed();
}

HttpServerResponse BrokerApi::unauthorized(const QString &code, const QString &message)
{
    HttpServerResponse r = HttpServerResponse::error(401, code, message);
    r.setHeader("WWW-Authenticate", QByteArrayLiteral("Bearer realm=\"sanctum\""));
    return r;
}

bool BrokerApi::isLocalHost(const QByteArray &host)
{
    QByteArray name = host.toLower();
    // Drop the port: after the closing bracket of an IPv6 literal, or the last colon.
    if (name.startsWith('[')) {
        const qsizetype close = name.indexOf(']');
        name = close < 0 ? QByteArray() : name.left(close + 1);
    } else if (const qsizetype colon = name.lastIndexOf(':'); colon >= 0) {
        name = name.left(colon);
    }
    return name == "127.0.0.1" || name == "localhost" || name == "[::1]";
}

void BrokerApi::handle(const HttpServerRequest &request, HttpResponder responder)
{
    // A web page can point a name it controls at 127.0.0.1 (DNS rebinding)
    // and have a browser send requests here; its requests name that host.
    if (m_options.address.isLoopback() && !isLocalHost(request.header("host")))
        return responder.send(HttpServerResponse::error(
            403,
            QStringLiteral("host_not_allowed"),
            QStringLiteral("the broker answers only requests addressed to 127.0.0.1, localhost or [::1]")));

    const QByteArray path = request.path();
    const QByteArray &method = request.method;

    if (path.startsWith(kProxy)) {
        const QByteArray token = bearerToken(request);
        if (token.isEmpty())
            return responder.send(unauthorized(QStringLiteral("unauthorized"),
                                               QStringLiteral("proxied calls need the mission token: "
                                                              "Authorization: Bearer sm_…")));
        const Expected<MissionGrant> grant = m_instance.missions().authorize(token);
        if (!grant)
            return responder.send(unauthorized(grant.error().code, grant.error().message));
        if (!admit(grant->agentId, responder))
            return;
        return m_proxy->handle(request, *grant, responder);
    }

    if (path == "/v1/health") {
        if (method != "GET" && method != "HEAD")
            return responder.send(methodNotAllowed("GET, HEAD"));
        return responder.send(HttpServerResponse::json(200,
                                                       {{QStringLiteral("status"), QStringLiteral("ok")},
                                                        {QStringLiteral("version"), QStringLiteral(SANCTUM_VERSION)}}));
    }

    if (path == kMissions) {
        if (method != "GET" && method != "POST")
            return responder.send(methodNotAllowed("GET, POST"));
        const std::optional<Agent> agent = authenticate(request, responder);
        if (!agent || !admit(agent->id, responder))
            return;
        if (method == "POST")
            return createMission(request, *agent, responder);
        return listMissions(request, *agent, responder);
    }

    if (path.startsWith(QByteArray(kMissions + '/'))) {
        const QByteArray id = path.mid(kMissions.size() + 1);
        if (id.contains('/'))
            return responder.send(notFound());
        if (method != "GET" && method != "DELETE")
            return responder.send(methodNotAllowed("GET, DELETE"));
        const std::optional<Agent> agent = authenticate(request, responder);
        if (!agent || !admit(agent->id, responder))
            return;
        if (!isMissionId(id))
            return responder.send(
                HttpServerResponse::error(404, QStringLiteral("not_found"), QStringLiteral("no such mission")));
        if (method == "GET")
            return showMission(request, *agent, QString::fromLatin1(id), responder);
        return finishMission(*agent, QString::fromLatin1(id), responder);
    }

    responder.send(notFound());
}

std::optional<Agent> BrokerApi::authenticate(const HttpServerRequest &request, HttpResponder &responder)
{
    const QByteArray key = bearerToken(request);
    if (key.isEmpty()) {
        responder.send(unauthorized(QStringLiteral("unauthorized"),
                                    QStringLiteral("send the agent key: Authorization: Bearer sa_…")));
        return std::nullopt;
    }
    if (key.startsWith("sm_")) {
        responder.send(unauthorized(QStringLiteral("unauthorized"),
                                    QStringLiteral("a mission token only works on /v1/proxy; missions are asked "
                                                   "for with the agent key")));
        return std::nullopt;
    }
    if (!key.startsWith("sa_") || key.size() > 128) {
        responder.send(unauthorized(QStringLiteral("unauthorized"), QStringLiteral("the agent key is not valid")));
        return std::nullopt;
    }
    const Expected<std::optional<Agent>> agent = m_instance.agents().authenticate(QString::fromLatin1(key));
    if (!agent) {
        qCWarning(lcBroker) << "agent lookup failed:" << agent.error().message;
        responder.send(HttpServerResponse::error(
            503, QStringLiteral("unavailable"), QStringLiteral("Sanctum cannot read its store right now")));
        return std::nullopt;
    }
    if (!agent->has_value()) {
        responder.send(unauthorized(QStringLiteral("unauthorized"), QStringLiteral("the agent key is not valid")));
        return std::nullopt;
    }
    return agent->value();
}

bool BrokerApi::admit(const QString &agentId, HttpResponder &responder)
{
    qint64 retryAfterMs = 0;
    if (m_limiter.tryAcquire(agentId, &retryAfterMs))
        return true;
    const qint64 seconds = qMax<qint64>(1, (retryAfterMs + 999) / 1000);
    HttpServerResponse r = HttpServerResponse::error(
        429,
        QStringLiteral("rate_limited"),
        QStringLiteral("this agent is calling faster than %1 per second; slow down").arg(m_options.callsPerSecond));
    r.setHeader("Retry-After", QByteArray::number(seconds));
    responder.send(r);
    return false;
}

QJsonObject BrokerApi::missionForAgent(const Mission &mission) const
{
    QJsonObject json = mission.toJson();
    if (mission.state == MissionState::Active) {
        const QString token = m_instance.missions().undeliveredToken(mission.id);
        if (!token.isEmpty())
            json.insert(QStringLiteral("mission_token"), token);
        else
            // Handed out already and used since: it is not kept, so it cannot
            // be handed out again to whoever holds the agent key now.
            json.insert(QStringLiteral("token_delivered"), true);
    }
    return json;
}

void BrokerApi::createMission(const HttpServerRequest &request, const Agent &agent, HttpResponder responder)
{
    // Media types are case-insensitive and may carry parameters (charset).
    const QByteArray header = request.header("content-type");
    const qsizetype semicolon = header.indexOf(';');
    const QByteArray type = (semicolon < 0 ? header : header.left(semicolon)).trimmed().toLower();
    if (!header.isEmpty() && type != "application/json")
        return responder.send(HttpServerResponse::error(415,
                                                        QStringLiteral("unsupported_media_type"),
                                                        QStringLiteral("send the mission request as "
                                                                       "application/json")));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return responder.send(HttpServerResponse::error(
            400,
            QStringLiteral("invalid_json"),
            parseError.error != QJsonParseError::NoError ? QStringLiteral("the body is not valid JSON (%1 at byte %2)")
                                                               .arg(parseError.errorString())
                                                               .arg(parseError.offset)
                                                         : QStringLiteral("the body must be a JSON object")));
    const Expected<MissionRequest> parsed = MissionRequest::fromJson(doc.object());
    if (!parsed)
        return responder.send(errorResponse(parsed.error(), 400));
    m_instance.missions().request(agent, *parsed, [this, responder](Expected<Mission> m) mutable {
        if (!m)
            return responder.send(errorResponse(m.error()));
        HttpServerResponse r = HttpServerResponse::json(201, missionForAgent(*m));
        r.setHeader("Location", "/v1/missions/" + m->id.toLatin1());
        responder.send(r);
    });
}

void BrokerApi::listMissions(const HttpServerRequest &request, const Agent &agent, HttpResponder responder)
{
    MissionFilter filter;
    filter.agentId = agent.id;
    const QUrlQuery query(QString::fromLatin1(request.query()));
    if (query.hasQueryItem(QStringLiteral("status"))) {
        filter.state = Mission::stateFromName(query.queryItemValue(QStringLiteral("status")));
        if (!filter.state)
            return responder.send(HttpServerResponse::error(
                400,
                QStringLiteral("invalid_request"),
                QStringLiteral("status must be pending, active, completed, expired, revoked or denied")));
    }
    const Expected<QList<Mission>> missions = m_instance.missions().list(filter);
    if (!missions)
        return responder.send(errorResponse(missions.error()));
    QJsonArray out;
    for (const Mission &m : *missions)
        out.append(m.toJson());
    responder.send(HttpServerResponse::json(200, {{QStringLiteral("missions"), out}}));
}

void BrokerApi::showMission(const HttpServerRequest &request, const Agent &agent, const QString &id,
                            HttpResponder responder)
{
    const Expected<Mission> m = m_instance.missions().getForAgent(agent.id, id);
    if (!m)
        return responder.send(errorResponse(m.error()));
    int wait = 0;
    const QUrlQuery query(QString::fromLatin1(request.query()));
    if (query.hasQueryItem(QStringLiteral("wait"))) {
        bool ok = false;
        wait = query.queryItemValue(QStringLiteral("wait")).toInt(&ok);
        if (!ok || wait < 0 || wait > m_options.maxWaitSeconds)
            return responder.send(HttpServerResponse::error(
                400,
                QStringLiteral("invalid_request"),
                QStringLiteral("wait must be a whole number of seconds from 0 to %1").arg(m_options.maxWaitSeconds)));
    }
    if (m->state != MissionState::Pending || wait == 0 || !responder.context())
        return responder.send(HttpServerResponse::json(200, missionForAgent(*m)));

    // Long poll: answer when the mission leaves `pending` or when the wait is
    // over, whichever comes first. Both hang off the connection, so a client
    // that goes away takes its wait with it.
    auto answered = std::make_shared<bool>(false);
    auto connection = std::make_shared<QMetaObject::Connection>();
    auto answer = [this, responder, answered, connection](const Mission &current) mutable {
        if (*answered)
            return;
        *answered = true;
        QObject::disconnect(*connection);
        responder.send(HttpServerResponse::json(200, missionForAgent(current)));
    };
    *connection = connect(&m_instance.missions(),
                          &MissionRegistry::missionChanged,
                          responder.context(),
                          [id, answer](const Mission &changed) mutable {
                              if (changed.id == id && changed.state != MissionState::Pending)
                                  answer(changed);
                          });
    QTimer::singleShot(wait * 1000, responder.context(), [this, id, agentId = agent.id, answer]() mutable {
        const Expected<Mission> now = m_instance.missions().getForAgent(agentId, id);
        if (now)
            return answer(*now);
        // Gone from the store meanwhile: say so rather than leave the agent hanging.
        Mission gone;
        gone.id = id;
        gone.state = MissionState::Expired;
        answer(gone);
    });
}

void BrokerApi::finishMission(const Agent &agent, const QString &id, HttpResponder responder)
{
    const Expected<Mission> m = m_instance.missions().finish(agent.id, id);
    if (!m)
        return responder.send(errorResponse(m.error()));
    responder.send(HttpServerResponse::json(200, m->toJson()));
}

} // namespace sanctum
