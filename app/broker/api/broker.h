#pragma once

#include "broker/api/brokeroptions.h"
#include "broker/api/brokerservices.h"
#include "domain/error.h"

#include <QObject>
#include <QUrl>

#include <memory>

namespace sanctum {

class HttpServer;
class InFlightLimiter;
class RateLimiter;

// The agents' side of Sanctum: the HTTP server with the broker's API behind
// it, on 127.0.0.1 unless the operator explicitly chose otherwise, served on
// threads of its own (BrokerOptions::threads) so that no agent's call ever
// waits for the window, nor the window for an agent.
class Broker : public QObject {
    Q_OBJECT

public:
    Broker(const BrokerServices &services, const BrokerOptions &options, QObject *parent = nullptr);
    ~Broker() override;

    // Listens, and tells where (urlChanged, e.g. for `sanctumctl status`).
    Status start();
    void stop();
    QUrl url() const;
    HttpServer &server() { return *m_server; }
    RateLimiter &rateLimiter() { return *m_limiter; }

Q_SIGNALS:
    // Where agents reach the broker now; empty once it stopped.
    void urlChanged(const QUrl &url);

private:
    BrokerServices m_services;
    BrokerOptions m_options;
    std::unique_ptr<RateLimiter> m_limiter;      // one for every thread
    std::shared_ptr<InFlightLimiter> m_inFlight; // shared with calls, which may outlast the broker
    HttpServer *m_server;
};

} // namespace sanctum
