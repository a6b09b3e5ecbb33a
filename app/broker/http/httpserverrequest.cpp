#include "broker/http/httpserverrequest.h"

#include "broker/http/requesttarget.h"

namespace sanctum {

QByteArray HttpServerRequest::header(QByteArrayView lowerName) const
{
    for (const auto &[name, value] : headers) {
        if (name == lowerName)
            return value;
    }
    return {};
}

bool HttpServerRequest::hasHeader(QByteArrayView lowerName) const
{
    for (const auto &h : headers) {
        if (h.first == lowerName)
            return true;
    }
    return false;
}

bool HttpServerRequest::keepAlive() const
{
    // Connection is a comma-separated list of case-insensitive options and
    // may be repeated, so every field line and every item counts.
    bool close = false;
    bool keepAliveOption = false;
    for (const auto &[name, value] : headers) {
        if (name != "connection")
            continue;
        for (const QByteArray &item : value.split(',')) {
            const QByteArray option = item.trimmed().toLower();
            if (option == "close")
                close = true;
            else if (option == "keep-alive")
                keepAliveOption = true;
        }
    }
    if (close)
        return false;
    return version == "HTTP/1.1" || keepAliveOption;
}

QByteArray HttpServerRequest::path() const
{
    return RequestTarget::path(target);
}

QByteArray HttpServerRequest::query() const
{
    return RequestTarget::query(target);
}

} // namespace sanctum
