#include "cli/brokerclient.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkProxy>
#include <QNetworkReply>

namespace sanctum {

QByteArray BrokerReply::header(const QByteArray &lowerName) const
{
    for (const auto &[name, value] : headers)
        if (name == lowerName)
            return value;
    return {};
}

Error BrokerReply::error() const
{
    const QString code = json.value(QStringLiteral("error")).toString();
    const QString message = json.value(QStringLiteral("message")).toString();
    return Error{code.isEmpty() ? QStringLiteral("http_%1").arg(status) : code,
                 message.isEmpty() ? QStringLiteral("the broker answered HTTP %1").arg(status) : message,
                 status};
}

BrokerClient::BrokerClient(const QUrl &broker, const QByteArray &bearer)
    : m_broker(broker)
    , m_bearer(bearer)
{
    // The broker is on this machine: never through a proxy.
    m_network.setProxy(QNetworkProxy::NoProxy);
    m_network.setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

Expected<BrokerReply> BrokerClient::send(const QByteArray &method, const QString &path, const QByteArray &body,
                                         int timeoutMs)
{
    QNetworkRequest request(QUrl(m_broker.toString(QUrl::StripTrailingSlash) + path));
    request.setTransferTimeout(timeoutMs);
    if (!m_bearer.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_bearer);
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = m_network.sendCustomRequest(request, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    reply->deleteLater();

    BrokerReply r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (r.status == 0) {
        const bool refused = reply->error() == QNetworkReply::ConnectionRefusedError;
        return Error{
            QStringLiteral("broker_unreachable"),
            refused
                ? QStringLiteral("no broker answers at %1; is Sanctum running? (set SANCTUM_BROKER or "
                                 "--broker)")
                      .arg(m_broker.toString())
                : QStringLiteral("the broker at %1 did not answer: %2").arg(m_broker.toString(), reply->errorString())};
    }
    r.body = reply->readAll();
    r.json = QJsonDocument::fromJson(r.body).object();
    for (const auto &[name, value] : reply->rawHeaderPairs())
        r.headers.append({name.toLower(), value});
    return r;
}

} // namespace sanctum
