#include "broker/api/httpcallreply.h"

namespace sanctum {

HttpCallReply::HttpCallReply(HttpResponder responder)
    : m_responder(responder)
{
}

void HttpCallReply::send(const HttpServerResponse &answer)
{
    m_responder.send(answer);
}

void HttpCallReply::beginStream(int status, const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    m_responder.beginStream(status, headers);
}

void HttpCallReply::write(const QByteArray &chunk)
{
    m_responder.write(chunk);
}

void HttpCallReply::finish()
{
    m_responder.finish();
}

void HttpCallReply::abort()
{
    m_responder.abort();
}

QObject *HttpCallReply::lifetime() const
{
    return m_responder.context();
}

} // namespace sanctum
