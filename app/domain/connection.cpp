#include "domain/connection.h"

#include "domain/timeformat.h"

namespace sanctum {

QString Connection::healthName(Health h)
{
    switch (h) {
    case Health::Connected:
        return QStringLiteral("connected");
    case Health::Expired:
        return QStringLiteral("expired");
    case Health::Revoked:
        return QStringLiteral("revoked");
    case Health::Failing:
        return QStringLiteral("failing");
    case Health::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

Connection::Health Connection::healthFromName(const QString &name)
{
    for (auto h : {Health::Connected, Health::Expired, Health::Revoked, Health::Failing})
        if (healthName(h) == name)
            return h;
    return Health::Unknown;
}

QJsonObject Connection::toJson() const
{
    return {
        {QStringLiteral("name"), name},
        {QStringLiteral("upstream"), upstream},
        {QStringLiteral("scopes"), heldScopes.toJson()},
        {QStringLiteral("health"), healthName(health)},
        {QStringLiteral("checked_at"), TimeFormat::toJson(checkedAt)},
    };
}

} // namespace sanctum
