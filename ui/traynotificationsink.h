#pragma once

#include "ui/notificationsink.h"

#include <QPointer>

class QSystemTrayIcon;

namespace sanctum {

// The tray's balloon, for desktops that have a tray but no notification
// server that answered. It has no actions: clicking it shows the window,
// where the request can be decided.
class TrayNotificationSink : public NotificationSink {
    Q_OBJECT
public:
    // `tray` is not owned; without it (or once it is gone) delivery fails.
    explicit TrayNotificationSink(QSystemTrayIcon *tray, QObject *parent = nullptr);

    QString name() const override;
    void deliver(const Notification &n, Done done) override;

private:
    QPointer<QSystemTrayIcon> m_tray;
};

} // namespace sanctum
