#pragma once

#include <QList>
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

    // At most this many waiting requests are listed in the menu.
    static constexpr int kMaxListed = 5;

    QSystemTrayIcon *icon() const { return m_tray; }
    QMenu *menu() const { return m_menu; }

private:
    void updatePending();

    UiController &m_controller;
    QMenu *m_menu;
    QSystemTrayIcon *m_tray;
    QAction *m_pending;    // the section heading with the count
    QAction *m_pendingEnd; // the separator after the listed requests
    QList<QAction *> m_requestActions;
    int m_shownPending = -1;
};

} // namespace sanctum
