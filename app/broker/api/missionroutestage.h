#pragma once

#include "broker/pipeline/callstage.h"

namespace sanctum {

// What the mission endpoints refuse before anyone is asked for a key:
// /v1/missions answers GET and POST, /v1/missions/{id} GET and DELETE
// (405 with Allow otherwise), and nothing lies below an id (404).
class MissionRouteStage : public CallStage {
public:
    static constexpr QByteArrayView kCollection = "/v1/missions";

    // Whether `path` is /v1/missions or below it.
    static bool serves(const QByteArray &path);
    // The {id} of /v1/missions/{id}; empty for the collection itself.
    static QByteArray idOf(const QByteArray &path);

    StageResult run(CallContext &call, const CallHandle &handle) override;
};

} // namespace sanctum
