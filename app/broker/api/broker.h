#pragma once

#include "broker/api/brokeroptions.h"
#include "broker/api/brokerservices.h"
#include "domain/error.h"

#include <QObject>
#include <QUrl>

namespace sanctum {

class BrokerApi;
class HttpServer;

// The agents' side of Sanctum: the HTTP server with the broker's API behind
// it, on 127.0.0.1 unless the operator explicitly chose otherwise.
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

Q_SIGNALS:
    // Where agents reach the broker now; empty once it stopped.
    void urlChanged(const QUrl &url);

private:
    BrokerOptions m_options;
    HttpServer *m_server;
    BrokerApi *m_api;
};

} // namespace sanctum
