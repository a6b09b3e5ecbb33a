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
    int maxConnections = 128;
};

} // namespace sanctum
