#pragma once

#include "domain/error.h"

#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QUrl>

namespace sanctum {

// What the broker answered.
struct BrokerReply {
    int status = 0;
    QByteArray body;
    QJsonObject json; // the body, when it is a JSON object
    QList<std::pair<QByteArray, QByteArray>> headers;

    QByteArray header(const QByteArray &lowerName) const;
    // The broker's {"error","message"} as an Error (or a generic one).
    Error error() const;
};

// The agent side of the broker's HTTP API, for sanctumctl's `agent` commands
// and the demo agents. sanctumctl is a one-shot command: each call runs a
// local event loop until its answer is in, which blocks nothing else.
class BrokerClient {
public:
    BrokerClient(const QUrl &broker, const QByteArray &bearer);

    void setBearer(const QByteArray &bearer) { m_bearer = bearer; }
    // A transport failure (broker not running, timeout) is an Error; any
    // HTTP answer, error statuses included, is a reply.
    Expected<BrokerReply> send(const QByteArray &method, const QString &path, const QByteArray &body = {},
                               int timeoutMs = 70'000);

private:
    QUrl m_broker;
    QByteArray m_bearer;
    QNetworkAccessManager m_network;
};

} // namespace sanctum
