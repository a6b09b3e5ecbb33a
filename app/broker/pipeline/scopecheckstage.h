#pragma once

#include "broker/pipeline/callstage.h"

namespace sanctum {

class ScopeMapCatalog;

// Matches the call against its connection's scope map and decides what the
// mission's scopes allow: the call goes on when they cover the endpoint;
// goes on marked for step-up when only a step-up scope does (a dangerous
// scope the mission may use one call at a time); and is refused with 403
// insufficient_scope, naming what it needs, when nothing does. An endpoint
// without a rule is refused too (403 unknown_endpoint): what the map does not
// know, no mission may call. Refused before anything reaches the upstream.
class ScopeCheckStage : public CallStage {
public:
    explicit ScopeCheckStage(ScopeMapCatalog &scopeMaps);

    StageResult run(CallContext &call, const CallHandle &handle) override;

    // The mission scope that covers `rule`, the narrowest when several do;
    // empty when none does.
    static QString coveringScope(const ScopeMap &map, const EndpointRule &rule, const ScopeSet &held);

private:
    static HttpServerResponse insufficientScope(const CallContext &call);

    ScopeMapCatalog &m_scopeMaps;
};

} // namespace sanctum
