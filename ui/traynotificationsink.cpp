#include "ui/traynotificationsink.h"

#include <QSystemTrayIcon>

namespace sanctum {

TrayNotificationSink::TrayNotificationSink(QSystemTrayIcon *tray, QObject *parent)
    : NotificationSink(parent)
    , m_tray(tray)
{
}

QString TrayNotificationSink::name() const
{
    return QStringLiteral("tray");
}

void TrayNotificationSink::deliver(const Notification &n, Done done)
{
    // supportsMessages() says yes even where no tray exists: ask for the tray itself.
    if (!m_tray || !m_tray->isVisible() || !QSystemTrayIcon::isSystemTrayAvailable()) {
        done(false, tr("no system tray"));
        return;
    }
    const QSystemTrayIcon::MessageIcon icon = n.persistent ? QSystemTrayIcon::Warning : QSystemTrayIcon::Information;
    // Balloons show plain text; requests stay longer, as they wait for someone.
    m_tray->showMessage(n.title, n.body, icon, n.persistent ? 30000 : 10000);
    done(true, {});
}

} // namespace sanctum
