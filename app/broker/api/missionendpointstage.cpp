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
        return call.method == "POST" ? create(call, handle) : list(call, handle);
    const QByteArray id = MissionRouteStage::idOf(path);
    if (!isMissionId(id))
        return StageResult::respond(
            HttpServerResponse::error(404, QStringLiteral("not_found"), QStringLiteral("no such mission")));
    if (call.method == "GET")
        return show(call, QString::fromLatin1(id), handle);
    return finish(call, QString::fromLatin1(id), handle);
}

QJsonObject MissionEndpointStage::missionForAgent(const MissionRegistry &missions, const Mission &mission)
{
    QJsonObject json = mission.toJson();
    if (mission.state == MissionState::Active) {
        const QString token = missions.undeliveredToken(mission.id);
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
    // The registry decides on its own thread; its answer comes back here.
    QMetaObject::invokeMethod(
        &m_missions,
        [missions = &m_missions, handle, agent = *call.agent, request = *parsed] {
            missions->request(agent, request, [missions, handle](Expected<Mission> m) {
                HttpServerResponse r =
                    m ? HttpServerResponse::json(201, missionForAgent(*missions, *m)) : errorResponse(m.error());
                if (m)
                    r.setHeader("Location", "/v1/missions/" + m->id.toLatin1());
                handle.post([handle, r] { handle.respond(r); });
            });
        },
        Qt::QueuedConnection);
    return StageResult::suspend();
}

StageResult MissionEndpointStage::list(const CallContext &call, const CallHandle &handle)
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
    handle.ask(
        &m_missions,
        [registry = &m_missions, filter] {
            const Expected<QList<Mission>> missions = registry->list(filter);
            if (!missions)
                return errorResponse(missions.error());
            QJsonArray out;
            for (const Mission &m : *missions)
                out.append(m.toJson());
            return HttpServerResponse::json(200, {{QStringLiteral("missions"), out}});
        },
        [handle](const HttpServerResponse &r) { handle.respond(r); });
    return StageResult::suspend();
}

StageResult MissionEndpointStage::show(const CallContext &call, const QString &id, const CallHandle &handle)
{
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
    QMetaObject::invokeMethod(
        &m_missions,
        [missions = &m_missions, handle, agentId = call.agent->id, id, wait] {
            watch(*missions, agentId, id, wait, handle);
        },
        Qt::QueuedConnection);
    return StageResult::suspend();
}

void MissionEndpointStage::watch(MissionRegistry &missions, const QString &agentId, const QString &id, int wait,
                                 const CallHandle &handle)
{
    const auto reply = [handle](const HttpServerResponse &r) { handle.post([handle, r] { handle.respond(r); }); };
    const Expected<Mission> m = missions.getForAgent(agentId, id);
    if (!m)
        return reply(errorResponse(m.error()));
    if (m->state != MissionState::Pending || wait == 0)
        return reply(HttpServerResponse::json(200, missionForAgent(missions, *m)));

    // Long poll, on the registry's thread: answer when the mission leaves
    // `pending` or when the wait is over, whichever comes first. A client
    // that went away meanwhile gets nothing (its call is cancelled); the
    // watch itself ends within the wait.
    auto *watcher = new QObject(&missions);
    const auto answer = [&missions, watcher, reply](const Mission &current) {
        if (watcher->property("answered").toBool())
            return;
        watcher->setProperty("answered", true);
        reply(HttpServerResponse::json(200, missionForAgent(missions, current)));
        watcher->deleteLater();
    };
    QObject::connect(&missions, &MissionRegistry::missionChanged, watcher, [id, answer](const Mission &changed) {
        if (changed.id == id && changed.state != MissionState::Pending)
            answer(changed);
    });
    QTimer::singleShot(wait * 1000, watcher, [&missions, id, agentId, answer]() {
        const Expected<Mission> now = missions.getForAgent(agentId, id);
        if (now)
            return answer(*now);
        // Gone from the store meanwhile: say so rather than leave the agent hanging.
        Mission gone;
        gone.id = id;
        gone.state = MissionState::Expired;
        answer(gone);
    });
}

StageResult MissionEndpointStage::finish(const CallContext &call, const QString &id, const CallHandle &handle)
{
    handle.ask(
        &m_missions,
        [missions = &m_missions, agentId = call.agent->id, id] {
            const Expected<Mission> m = missions->finish(agentId, id);
            return m ? HttpServerResponse::json(200, m->toJson()) : errorResponse(m.error());
        },
        [handle](const HttpServerResponse &r) { handle.respond(r); });
    return StageResult::suspend();
}

} // namespace sanctum
