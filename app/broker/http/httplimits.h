#pragma once

#include <QtGlobal>

namespace sanctum {

// Bounds on what one client may make the broker's HTTP server hold or wait
// for. Every limit is enforced as early as the bytes allow, so a hostile or
// broken local process cannot exhaust memory, connections or time.
struct HttpLimits {
    qsizetype maxRequestLineBytes = 8 * 1024;
    qsizetype maxHeaderBytes = 16 * 1024;
    int maxHeaderCount = 64;
    qsizetype maxBodyBytes = 1024 * 1024;
    int requestTimeoutMs = 10'000; // first byte of a request to its last: the slowloris bound
    int idleTimeoutMs = 30'000;    // a keep-alive connection with no request in progress
    // Beyond this the broker answers 503; each agent's own share of open
    // calls is smaller (BrokerOptions::callsInFlight), so no agent can reach it alone.
    int maxConnections = 1024;
};

} // namespace sanctum
