#include "domain/tenantconfig.h"

namespace sanctum {

QUrl TenantConfig::apiBase(const QString &connection) const
{
    if (const auto it = apiBases.constFind(connection); it != apiBases.constEnd())
        return it.value();
    return {};
}

} // namespace sanctum
