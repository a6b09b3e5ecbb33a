#pragma once

#include <QObject>

class QAction;
class QMenu;
class QSystemTrayIcon;

namespace sanctum {

class UiController;

// The tray entry that keeps Sanctum reachable while its window is closed:
// the pending count at a glance, Show, the panic button (confirmed in the
// window) and Quit. Messages come from the Notifier, through the tray only
// when no notification server answers (TrayNotificationSink).
class TrayIcon : public QObject {
    Q_OBJECT
public:
    explicit TrayIcon(UiController &controller, QObject *parent = nullptr);
    ~TrayIcon() override;

    QSystemTrayIcon *icon() const { return m_tray; }

private:
    void updatePending();

    UiController &m_controller;
    QMenu *m_menu;
    QSystemTrayIcon *m_tray;
    QAction *m_pending;
};

} // namespace sanctum
