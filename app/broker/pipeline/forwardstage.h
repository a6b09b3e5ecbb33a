#pragma once

#include "broker/pipeline/callstage.h"

namespace sanctum {

class AuthService;

// The call goes upstream, through the auth worker with the connection's
// upstream token (which never comes to this thread), and the upstream's
// answer streams back as it arrives. The agent sees its mission's scopes in
// X-OAuth-Scopes and the mission in X-Sanctum-Mission, never the upstream's
// hop-by-hop headers, cookies or the token's full scope list. An upstream
// that fails before answering is a 502 (or its own status); one that fails
// mid-answer breaks the answer off, so a truncated body never passes for a
// complete one.
class ForwardStage : public CallStage {
public:
    explicit ForwardStage(AuthService &auth);

    StageResult run(CallContext &call, const CallHandle &handle) override;

private:
    AuthService &m_auth;
};

} // namespace sanctum
