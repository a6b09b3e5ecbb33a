#include "broker/api/missionendpointstage.h"

#include "broker/api/missionroutestage.h"
#include "broker/pipeline/callhandle.h"
#include "services/missions/missionregistry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>
#include <QUrlQuery>

#include <memory>

namespace sanctum {

namespace {
HttpServerResponse errorResponse(const Error &e, int fallbackStatus = 500)
{
    return HttpServerResponse::error(e.httpStatus ? e.httpStatus : fallbackStatus, e.code, e.message);
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

MissionEndpointStage::MissionEndpointStage(MissionRegistry &missions, int maxWaitSeconds)
    : m_missions(missions)
    , m_maxWaitSeconds(maxWaitSeconds)
{
}

StageResult MissionEndpointStage::run(CallContext &call, const CallHandle &handle)
{
    const QByteArray path = call.path();
    if (path == MissionRouteStage::kCollection)
        return call.method == "POST" ? create(call, handle) : list(call);
    const QByteArray id = MissionRouteStage::idOf(path);
    if (!isMissionId(id))
        return StageResult::respond(
            HttpServerResponse::error(404, QStringLiteral("not_found"), QStringLiteral("no such mission")));
    if (call.method == "GET")
        return show(call, QString::fromLatin1(id), handle);
    return finish(call, QString::fromLatin1(id));
}

QJsonObject MissionEndpointStage::missionForAgent(const Mission &mission) const
{
    QJsonObject json = mission.toJson();
    if (mission.state == MissionState::Active) {
        const QString token = m_missions.undeliveredToken(mission.id);
        if (!token.isEmpty())
            json.insert(QStringLiteral("mission_token"), token);
        else
            // Handed out already and used since: it is not kept, so it cannot
            // be handed out again to whoever holds the agent key now.
            json.insert(QStringLiteral("token_delivered"), true);
    }
    return json;
}

StageResult MissionEndpointStage::create(const CallContext &call, const CallHandle &handle)
{
    // Media types are case-insensitive and may carry parameters (charset).
    const QByteArray header = call.header("content-type");
    const qsizetype semicolon = header.indexOf(';');
    const QByteArray type = (semicolon < 0 ? header : header.left(semicolon)).trimmed().toLower();
    if (!header.isEmpty() && type != "application/json")
        return StageResult::respond(HttpServerResponse::error(415,
                                                              QStringLiteral("unsupported_media_type"),
                                                              QStringLiteral("send the mission request as "
                                                                             "application/json")));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(call.body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return StageResult::respond(HttpServerResponse::error(
            400,
            QStringLiteral("invalid_json"),
            parseError.error != QJsonParseError::NoError ? QStringLiteral("the body is not valid JSON (%1 at byte %2)")
                                                               .arg(parseError.errorString())
                                                               .arg(parseError.offset)
                                                         : QStringLiteral("the body must be a JSON object")));
    const Expected<MissionRequest> parsed = MissionRequest::fromJson(doc.object());
    if (!parsed)
        return StageResult::respond(errorResponse(parsed.error(), 400));
    m_missions.request(*call.agent, *parsed, [this, handle](Expected<Mission> m) {
        if (handle.isCancelled())
            return;
        if (!m)
            return handle.respond(errorResponse(m.error()));
        HttpServerResponse r = HttpServerResponse::json(201, missionForAgent(*m));
        r.setHeader("Location", "/v1/missions/" + m->id.toLatin1());
        handle.respond(r);
    });
    return StageResult::suspend();
}

StageResult MissionEndpointStage::list(const CallContext &call)
{
    MissionFilter filter;
    filter.agentId = call.agent->id;
    const QUrlQuery query(QString::fromLatin1(call.query()));
    if (query.hasQueryItem(QStringLiteral("status"))) {
        filter.state = Mission::stateFromName(query.queryItemValue(QStringLiteral("status")));
        if (!filter.state)
            return StageResult::respond(HttpServerResponse::error(
                400,
                QStringLiteral("invalid_request"),
                QStringLiteral("status must be pending, active, completed, expired, revoked or denied")));
    }
    const Expected<QList<Mission>> missions = m_missions.list(filter);
    if (!missions)
        return StageResult::respond(errorResponse(missions.error()));
    QJsonArray out;
    for (const Mission &m : *missions)
        out.append(m.toJson());
    return StageResult::respond(HttpServerResponse::json(200, {{QStringLiteral("missions"), out}}));
}

StageResult MissionEndpointStage::show(const CallContext &call, const QString &id, const CallHandle &handle)
{
    const QString agentId = call.agent->id;
    const Expected<Mission> m = m_missions.getForAgent(agentId, id);
    if (!m)
        return StageResult::respond(errorResponse(m.error()));
    int wait = 0;
    const QUrlQuery query(QString::fromLatin1(call.query()));
    if (query.hasQueryItem(QStringLiteral("wait"))) {
        bool ok = false;
        wait = query.queryItemValue(QStringLiteral("wait")).toInt(&ok);
        if (!ok || wait < 0 || wait > m_maxWaitSeconds)
            return StageResult::respond(HttpServerResponse::error(
                400,
                QStringLiteral("invalid_request"),
                QStringLiteral("wait must be a whole number of seconds from 0 to %1").arg(m_maxWaitSeconds)));
    }
    if (m->state != MissionState::Pending || wait == 0 || !handle.lifetime())
        return StageResult::respond(HttpServerResponse::json(200, missionForAgent(*m)));

    // Long poll: answer when the mission leaves `pending` or when the wait is
    // over, whichever comes first. Both hang off the call's lifetime, so a
    // client that goes away takes its wait with it.
    auto answered = std::make_shared<bool>(false);
    auto connection = std::make_shared<QMetaObject::Connection>();
    auto answer = [this, handle, answered, connection](const Mission &current) {
        if (*answered)
            return;
        *answered = true;
        QObject::disconnect(*connection);
        handle.respond(HttpServerResponse::json(200, missionForAgent(current)));
    };
    *connection = QObject::connect(
        &m_missions, &MissionRegistry::missionChanged, handle.lifetime(), [id, answer](const Mission &changed) {
            if (changed.id == id && changed.state != MissionState::Pending)
                answer(changed);
        });
    QTimer::singleShot(wait * 1000, handle.lifetime(), [this, id, agentId, answer]() {
        const Expected<Mission> now = m_missions.getForAgent(agentId, id);
        if (now)
            return answer(*now);
        // Gone from the store meanwhile: say so rather than leave the agent hanging.
        Mission gone;
        gone.id = id;
        gone.state = MissionState::Expired;
        answer(gone);
    });
    return StageResult::suspend();
}

StageResult MissionEndpointStage::finish(const CallContext &call, const QString &id)
{
    const Expected<Mission> m = m_missions.finish(call.agent->id, id);
    if (!m)
        return StageResult::respond(errorResponse(m.error()));
    return StageResult::respond(HttpServerResponse::json(200, m->toJson()));
}

} // namespace sanctum
