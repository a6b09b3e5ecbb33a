#include "ui/dbusnotificationsink.h"

#include "ui/uilogging.h"

#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QPointer>
#include <QVariantMap>

namespace sanctum {

namespace {
const QString kService = QStringLiteral("org.freedesktop.Notifications");
const QString kPath = QStringLiteral("/org/freedesktop/Notifications");
const QString kInterface = QStringLiteral("org.freedesktop.Notifications");

// The urgency hint of the specification: 1 normal, 2 critical.
constexpr uchar kUrgencyNormal = 1;
constexpr uchar kUrgencyCritical = 2;
} // namespace

DBusNotificationSink::DBusNotificationSink(const QString &appName, QObject *parent)
    : DBusNotificationSink(appName, QDBusConnection::sessionBus(), parent)
{
}

DBusNotificationSink::DBusNotificationSink(const QString &appName, const QDBusConnection &bus, QObject *parent)
    : NotificationSink(parent)
    , m_appName(appName)
    , m_bus(bus)
{
    if (!m_bus.isConnected())
        return;
    m_bus.connect(
        kService, kPath, kInterface, QStringLiteral("ActionInvoked"), this, SLOT(onActionInvoked(uint, QString)));
    m_bus.connect(kService,
                  kPath,
                  kInterface,
                  QStringLiteral("NotificationClosed"),
                  this,
                  SLOT(onNotificationClosed(uint, uint)));
}

QString DBusNotificationSink::name() const
{
    return QStringLiteral("dbus");
}

void DBusNotificationSink::deliver(const Notification &n, Done done)
{
    if (!m_bus.isConnected()) {
        done(false, tr("no session bus"));
        return;
    }
    if (m_capabilities == Capabilities::Known) {
        send(n, done);
        return;
    }
    m_inFlight.insert(n.serial);
    m_waiting.append({n, std::move(done)});
    if (m_capabilities == Capabilities::Unknown)
        askCapabilities();
}

void DBusNotificationSink::askCapabilities()
{
    m_capabilities = Capabilities::Asking;
    const QDBusMessage call =
        QDBusMessage::createMethodCall(kService, kPath, kInterface, QStringLiteral("GetCapabilities"));
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call, kCallTimeoutMs), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this](QDBusPendingCallWatcher *w) {
        w->deleteLater();
        const QDBusPendingReply<QStringList> reply = *w;
        const QList<std::pair<Notification, Done>> waiting = std::exchange(m_waiting, {});
        if (reply.isError()) {
            // Asked again with the next notification: a server may start later.
            m_capabilities = Capabilities::Unknown;
            const QString why = reply.error().name() + QStringLiteral(": ") + reply.error().message();
            for (const auto &[n, done] : waiting) {
                m_inFlight.remove(n.serial);
                m_withdrawn.remove(n.serial);
                done(false, why);
            }
            return;
        }
        const QStringList capabilities = reply.value();
        m_capabilities = Capabilities::Known;
        m_actions = capabilities.contains(QStringLiteral("actions"));
        m_markup = capabilities.contains(QStringLiteral("body-markup"));
        qCDebug(lcNotify).noquote() << "notification server capabilities:" << capabilities.join(QLatin1Char(' '));
        for (const auto &[n, done] : waiting)
            send(n, done);
    });
}

void DBusNotificationSink::send(const Notification &n, const Done &done)
{
    QStringList actions;
    if (m_actions) {
        for (const auto &[key, label] : n.actions)
            actions << key << label;
    }
    QVariantMap hints;
    hints.insert(QStringLiteral("urgency"), QVariant::fromValue(n.persistent ? kUrgencyCritical : kUrgencyNormal));
    hints.insert(QStringLiteral("desktop-entry"), QStringLiteral("sanctum"));
    // The body is plain text; a server that renders markup would otherwise
    // turn an agent's "<b>" or "&" into formatting (or drop the message).
    const QString body = m_markup ? n.body.toHtmlEscaped() : n.body;
    QDBusMessage call = QDBusMessage::createMethodCall(kService, kPath, kInterface, QStringLiteral("Notify"));
    // An expire timeout of 0 keeps a request on screen until it is answered;
    // -1 lets the server decide.
    call << m_appName << uint(0) << QString() << n.title << body << actions << hints << qint32(n.persistent ? 0 : -1);
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call, kCallTimeoutMs), this);
    const quint64 serial = n.serial;
    m_inFlight.insert(serial);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this, serial, done](QDBusPendingCallWatcher *w) {
        w->deleteLater();
        const QDBusPendingReply<uint> reply = *w;
        m_inFlight.remove(serial);
        const bool withdrawn = m_withdrawn.remove(serial);
        if (reply.isError()) {
            // The server went away, or never was: ask afresh next time.
            m_capabilities = Capabilities::Unknown;
            done(false, reply.error().name() + QStringLiteral(": ") + reply.error().message());
            return;
        }
        const uint id = reply.value();
        m_serialOf.insert(id, serial);
        m_idOf.insert(serial, id);
        done(true, {});
        if (withdrawn)
            withdraw(serial);
    });
}

void DBusNotificationSink::withdraw(quint64 serial)
{
    const auto it = m_idOf.constFind(serial);
    if (it == m_idOf.cend()) {
        // Closed as soon as the server says which id it got.
        if (m_inFlight.contains(serial))
            m_withdrawn.insert(serial);
        return;
    }
    const uint id = it.value();
    forget(id);
    QDBusMessage call =
        QDBusMessage::createMethodCall(kService, kPath, kInterface, QStringLiteral("CloseNotification"));
    call << id;
    // Nobody waits for the answer; a server that is gone has nothing to close.
    m_bus.asyncCall(call, kCallTimeoutMs);
}

void DBusNotificationSink::onActionInvoked(uint id, const QString &actionKey)
{
    // Every client on the bus hears every action: only ours count.
    const auto it = m_serialOf.constFind(id);
    if (it == m_serialOf.cend())
        return;
    Q_EMIT actionInvoked(it.value(), actionKey);
}

void DBusNotificationSink::onNotificationClosed(uint id, uint reason)
{
    Q_UNUSED(reason);
    forget(id);
}

void DBusNotificationSink::forget(uint id)
{
    const auto it = m_serialOf.constFind(id);
    if (it == m_serialOf.cend())
        return;
    m_idOf.remove(it.value());
    m_serialOf.erase(it);
}

} // namespace sanctum
