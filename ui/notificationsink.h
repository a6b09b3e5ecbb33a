#pragma once

#include "ui/notification.h"

#include <QObject>

#include <functional>

namespace sanctum {

// One way of putting a notification in front of the operator (the desktop's
// notification server, the tray). Delivery is asynchronous and may fail; the
// Notifier then tries the next sink, so a sink only says what happened.
class NotificationSink : public QObject {
    Q_OBJECT
public:
    // `ok` false with a short, log-worthy reason when nothing was shown.
    using Done = std::function<void(bool ok, const QString &why)>;

    using QObject::QObject;
    ~NotificationSink() override;

    // The name the in-app list records as the way it was shown.
    virtual QString name() const = 0;
    // Shows `n`; calls `done` exactly once, later or at once.
    virtual void deliver(const Notification &n, Done done) = 0;
    // Takes back what `serial` showed, when it no longer applies.
    virtual void withdraw(quint64 serial) { Q_UNUSED(serial); }

Q_SIGNALS:
    // The operator chose one of the notification's actions.
    void actionInvoked(quint64 serial, const QString &action);
};

} // namespace sanctum
