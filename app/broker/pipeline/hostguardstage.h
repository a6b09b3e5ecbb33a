#pragma once

#include "broker/pipeline/callstage.h"

namespace sanctum {

// Refuses calls addressed to any other host than this machine's loopback,
// when the broker listens there: a web page can point a name it controls at
// 127.0.0.1 (DNS rebinding) and have a browser send requests here, and those
// requests name that host.
class HostGuardStage : public CallStage {
public:
    // `loopbackOnly`: whether the broker listens on a loopback address.
    explicit HostGuardStage(bool loopbackOnly);

    StageResult run(CallContext &call, const CallHandle &handle) override;

    // Whether a Host header names this machine's loopback, with any port.
    static bool isLocalHost(const QByteArray &host);

private:
    bool m_loopbackOnly;
};

} // namespace sanctum
