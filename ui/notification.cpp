#include "ui/notification.h"

namespace sanctum {

QString Notification::kindName(Kind kind)
{
    switch (kind) {
    case Kind::ApprovalRequest:
        return QStringLiteral("approval-request");
    case Kind::MissionExpiring:
        return QStringLiteral("mission-expiring");
    case Kind::MissionRevoked:
        return QStringLiteral("mission-revoked");
    case Kind::ScopeFirstUsed:
        return QStringLiteral("scope-first-used");
    case Kind::ConnectionFailed:
        return QStringLiteral("connection-failed");
    case Kind::DeniedBurst:
        return QStringLiteral("denied-burst");
    case Kind::IdleMission:
        return QStringLiteral("idle-mission");
    }
    return {};
}

QString Notification::deliveryName(Delivery delivery)
{
    switch (delivery) {
    case Delivery::Sending:
        return QStringLiteral("sending");
    case Delivery::Delivered:
        return QStringLiteral("delivered");
    case Delivery::Undelivered:
        return QStringLiteral("undelivered");
    }
    return {};
}

} // namespace sanctum
