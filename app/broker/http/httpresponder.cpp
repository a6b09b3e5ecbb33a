#include "broker/http/httpresponder.h"

#include "broker/http/httpconnection.h"
#include "domain/logging.h"

namespace sanctum {

HttpResponder::HttpResponder(HttpConnection *connection, quint64 serial)
    : m_connection(connection)
    , m_serial(serial)
{
}

void HttpResponder::send(const HttpServerResponse &response) const
{
    if (m_connection)
        m_connection->send(m_serial, response);
    else
        qCDebug(lcBroker) << "the client has gone; dropping a response";
}

void HttpResponder::beginStream(int status, const QList<std::pair<QByteArray, QByteArray>> &headers) const
{
    if (m_connection)
        m_connection->beginStream(m_serial, status, headers);
    else
        qCDebug(lcBroker) << "the client has gone; dropping a streamed response";
}

void HttpResponder::write(const QByteArray &chunk) const
{
    if (m_connection)
        m_connection->writeChunk(m_serial, chunk);
}

void HttpResponder::finish() const
{
    if (m_connection)
        m_connection->finishStream(m_serial);
}

void HttpResponder::abort() const
{
    if (m_connection && m_connection->isCurrent(m_serial))
        m_connection->abort();
}

bool HttpResponder::isOpen() const
{
    return m_connection && m_connection->isCurrent(m_serial);
}

QObject *HttpResponder::context() const
{
    return m_connection.data();
}

qint64 HttpResponder::bytesPending() const
{
    return m_connection ? m_connection->bytesPending() : 0;
}

} // namespace sanctum
