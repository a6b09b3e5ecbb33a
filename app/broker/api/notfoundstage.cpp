#include "broker/api/notfoundstage.h"

#include "broker/pipeline/callanswers.h"

namespace sanctum {

StageResult NotFoundStage::run(CallContext &, const CallHandle &)
{
    return StageResult::respond(CallAnswers::notFound());
}

} // namespace sanctum
