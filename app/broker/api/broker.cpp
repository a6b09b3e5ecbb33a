#include "broker/api/broker.h"

#include "broker/api/brokerapi.h"
#include "broker/http/httpserver.h"
#include "broker/pipeline/inflightlimiter.h"
#include "broker/pipeline/ratelimiter.h"
#include "domain/logging.h"

#include <QThread>

namespace sanctum {

Broker::Broker(const BrokerServices &services, const BrokerOptions &options, QObject *parent)
    : QObject(parent)
    , m_services(services)
    , m_options(options)
    , m_limiter(std::make_unique<RateLimiter>(services.clock, options.callsPerSecond, options.burst))
    , m_inFlight(std::make_shared<InFlightLimiter>(options.callsInFlight))
    , m_server(new HttpServer(options.limits, this))
{
    const int threads = options.threads > 0 ? options.threads : qMax(1, QThread::idealThreadCount());
    m_server->setThreads(threads, [this](QObject *home) -> HttpServer::Handler {
        auto *api = new BrokerApi(m_services, m_options, *m_limiter, *m_inFlight, home);
        return [api](const HttpServerRequest &request, HttpResponder responder) { api->handle(request, responder); };
    });
}

Broker::~Broker()
{
    // The threads go before the limiter they share.
    m_server->close();
}

Status Broker::start()
{
    if (!m_options.address.isLoopback())
        qCWarning(lcBroker) << "the broker listens on" << m_options.address.toString()
                            << "- agents on other machines can reach it; mission tokens then travel in clear "
                               "unless something in front adds TLS";
    if (Status s = m_server->listen(m_options.address, m_options.port); !s)
        return s;
    Q_EMIT urlChanged(m_server->url());
    return Done{};
}

void Broker::stop()
{
    m_server->close();
    Q_EMIT urlChanged({});
}

QUrl Broker::url() const
{
    return m_server->url();
}

} // namespace sanctum
