#include "broker/api/broker.h"

#include "broker/api/brokerapi.h"
#include "broker/http/httpserver.h"
#include "domain/logging.h"

namespace sanctum {

Broker::Broker(const BrokerServices &services, const BrokerOptions &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_server(new HttpServer(options.limits, this))
    , m_api(new BrokerApi(services, options, this))
{
    m_server->setHandler(
        [api = m_api](const HttpServerRequest &request, HttpResponder responder) { api->handle(request, responder); });
}

Broker::~Broker() = default;

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
