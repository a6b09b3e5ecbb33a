#include "domain/endpointpolicy.h"

#include <QHostAddress>

namespace sanctum {

bool isAllowedEndpoint(const QUrl &url)
{
    if (!url.isValid() || url.host().isEmpty())
        return false;
    if (url.scheme() == QStringLiteral("https"))
        return true;
    if (url.scheme() != QStringLiteral("http"))
        return false;
    const QHostAddress address(url.host());
    return url.host() == QStringLiteral("localhost") || (!address.isNull() && address.isLoopback());
}

} // namespace sanctum
