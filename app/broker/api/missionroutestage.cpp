#include "broker/api/missionroutestage.h"

#include "broker/pipeline/callanswers.h"

namespace sanctum {

bool MissionRouteStage::serves(const QByteArray &path)
{
    return path == kCollection || (path.startsWith(kCollection) && path.at(kCollection.size()) == '/');
}

QByteArray MissionRouteStage::idOf(const QByteArray &path)
{
    return path.mid(kCollection.size() + 1);
}

StageResult MissionRouteStage::run(CallContext &call, const CallHandle &)
{
    const QByteArray path = call.path();
    if (path == kCollection) {
        if (call.method != "GET" && call.method != "POST")
            return StageResult::respond(CallAnswers::methodNotAllowed("GET, POST"));
        return StageResult::next();
    }
    if (idOf(path).contains('/'))
        return StageResult::respond(CallAnswers::notFound());
    if (call.method != "GET" && call.method != "DELETE")
        return StageResult::respond(CallAnswers::methodNotAllowed("GET, DELETE"));
    return StageResult::next();
}

} // namespace sanctum
