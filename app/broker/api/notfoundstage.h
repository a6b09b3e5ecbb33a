#pragma once

#include "broker/pipeline/callstage.h"

namespace sanctum {

// Whatever the broker's API does not serve: 404, pointing at the document
// that says what it does serve.
class NotFoundStage : public CallStage {
public:
    StageResult run(CallContext &call, const CallHandle &handle) override;
};

} // namespace sanctum
