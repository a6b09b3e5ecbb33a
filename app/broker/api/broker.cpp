#include "broker/api/broker.h"

#include "broker/api/brokerapi.h"
#include "broker/http/httpserver.h"
#include "domain/logging.h"
#include "services/instance.h"
#include "services/session/tenantsession.h"

namespace sanctum {

Broker::Broker(Instance &instance, const BrokerOptions &options, QObject *parent)
    : QObject(parent)
    , m_instance(instance)
    , m_options(options)
    , m_server(new HttpServer(options.limits, this))
    , m_api(new BrokerApi(BrokerServices{instance.clock(),
                                         instance.agents(),
                                         instance.missions(),
                                         instance.scopeMaps(),
                                         instance.stepUp(),
                                         instance.session().auth(),
                                         instance.usage()},
                          options, this))
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
    m_instance.setBrokerUrl(m_server->url());
    return Done{};
}

void Broker::stop()
{
    m_server->close();
    m_instance.setBrokerUrl({});
}

QUrl Broker::url() const
{
    return m_server->url();
}

} // namespace sanctum
