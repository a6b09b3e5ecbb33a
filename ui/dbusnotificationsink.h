#pragma once

#include "ui/notificationsink.h"

#include <QDBusConnection>
#include <QHash>
#include <QList>
#include <QSet>

namespace sanctum {

// The desktop's notification server (org.freedesktop.Notifications on the
// session bus), spoken to asynchronously so the GUI thread never waits for
// it. It asks the server once what it can do: actions are offered only where
// they can be clicked, and text is escaped where the server renders markup.
// A call that fails (no server: ServiceUnknown) fails the delivery, and the
// next one asks again, so a server started later is found.
class DBusNotificationSink : public NotificationSink {
    Q_OBJECT
public:
    static constexpr int kCallTimeoutMs = 5000;

    explicit DBusNotificationSink(const QString &appName, QObject *parent = nullptr);
    // Connects to another bus instead of the session bus (for tests).
    DBusNotificationSink(const QString &appName, const QDBusConnection &bus, QObject *parent = nullptr);

    QString name() const override;
    void deliver(const Notification &n, Done done) override;
    void withdraw(quint64 serial) override;

private Q_SLOTS:
    // Old-style slots: QDBusConnection::connect() needs them for bus signals.
    void onActionInvoked(uint id, const QString &actionKey);
    void onNotificationClosed(uint id, uint reason);

private:
    enum class Capabilities { Unknown, Asking, Known };

    void askCapabilities();
    void send(const Notification &n, const Done &done);
    void forget(uint id);

    QString m_appName;
    QDBusConnection m_bus;
    Capabilities m_capabilities = Capabilities::Unknown;
    bool m_actions = false;
    bool m_markup = false;
    QList<std::pair<Notification, Done>> m_waiting; // until the capabilities are known
    QHash<uint, quint64> m_serialOf;                // server's id → notification serial
    QHash<quint64, uint> m_idOf;
    QSet<quint64> m_inFlight;  // Notify sent (or waiting to be), no id yet
    QSet<quint64> m_withdrawn; // withdrawn while in flight
};

} // namespace sanctum
