#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

#include <utility>

namespace sanctum {

// One thing the operator should hear about, as plain text: each sink turns it
// into what its server understands (and escapes it where that renders markup).
struct Notification {
    enum class Kind {
        ApprovalRequest,
        MissionExpiring,
        MissionRevoked,
        ScopeFirstUsed,
        ConnectionFailed,
        DeniedBurst,
        IdleMission
    };
    enum class Delivery { Sending, Delivered, Undelivered };

    quint64 serial = 0; // given by the list it lands in; never reused
    Kind kind = Kind::ApprovalRequest;
    QString title;
    QString body;
    QString missionId; // the mission it is about, if any
    // Offered where the server supports actions: key ("approve") and label.
    QList<std::pair<QString, QString>> actions;
    // Stays until dismissed: someone is waiting for the operator.
    bool persistent = false;
    QDateTime at;
    Delivery delivery = Delivery::Sending;
    QString via; // the sink that showed it: "dbus" or "tray"

    static QString kindName(Kind kind);
    static QString deliveryName(Delivery delivery);
};

} // namespace sanctum
