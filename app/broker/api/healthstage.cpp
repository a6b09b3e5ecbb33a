#include "broker/api/healthstage.h"

#include "broker/pipeline/callanswers.h"
#include "domain/version.h"

#include <QJsonObject>

namespace sanctum {

StageResult HealthStage::run(CallContext &call, const CallHandle &)
{
    if (call.method != "GET" && call.method != "HEAD")
        return StageResult::respond(CallAnswers::methodNotAllowed("GET, HEAD"));
    return StageResult::respond(
        HttpServerResponse::json(200,
                                 {{QStringLiteral("status"), QStringLiteral("ok")},
                                  {QStringLiteral("version"), QStringLiteral(SANCTUM_VERSION)}}));
}

} // namespace sanctum
