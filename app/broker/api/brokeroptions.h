#pragma once

#include "broker/http/httplimits.h"

#include <QHostAddress>

namespace sanctum {

// How the broker listens and what it allows one agent.
struct BrokerOptions {
    static constexpr quint16 kDefaultPort = 8731;

    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = kDefaultPort; // 0: any free port
    HttpLimits limits;
    // Per agent, across all its calls: a steady rate and a burst above it.
    double callsPerSecond = 50;
    double burst = 100;
    // Per agent: calls open at once (held waits, upstream answers on their way).
    int callsInFlight = 32;
    // The longest `GET /v1/missions/{id}?wait=N` may hold an answer back.
    int maxWaitSeconds = 60;
    // Threads serving agents; 0: one per core.
    int threads = 0;
};

} // namespace sanctum
