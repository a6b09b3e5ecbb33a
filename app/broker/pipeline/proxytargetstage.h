#pragma once

#include "broker/pipeline/callstage.h"

namespace sanctum {

// /v1/proxy/{connection}{/path}{?query}: the connection must be the
// mission's (403 wrong_connection), and the upstream path one that ProxyPath
// accepts (400 invalid_path). Leaves the safe path in CallContext::upstream.
class ProxyTargetStage : public CallStage {
public:
    static constexpr QByteArrayView kPrefix = "/v1/proxy/";

    StageResult run(CallContext &call, const CallHandle &handle) override;
};

} // namespace sanctum
