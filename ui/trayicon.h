#pragma once

#include <QObject>

class QAction;
class QMenu;
class QSystemTrayIcon;

namespace sanctum {

class UiController;

// The tray entry that keeps Sanctum reachable while its window is closed:
// the pending count at a glance, Show, the panic button (confirmed in the
// window) and Quit; a message when a new request waits for approval.
class TrayIcon : public QObject {
    Q_OBJECT
public:
    explicit TrayIcon(UiController &controller, QObject *parent = nullptr);
    ~TrayIcon() override;

private:
    void updatePending();

    UiController &m_controller;
    QMenu *m_menu;
    QSystemTrayIcon *m_tray;
    QAction *m_pending;
    int m_lastPending = 0;
};

} // namespace sanctum
