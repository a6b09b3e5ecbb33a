#include "domain/tenantconfig.h"

namespace sanctum {

QUrl TenantConfig::apiBase(const QString &connection) const
{
    if (const auto it = apiBases.constFind(connection); it != apiBases.constEnd())
        return it.value();
    if (connection == QStringLiteral("github"))
        return QUrl(QStringLiteral("https://api.github.com"));
    return {};
}

} // namespace sanctum
