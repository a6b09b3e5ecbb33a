// A notification server for tests: owns org.freedesktop.Notifications on the
// session bus, records every call as one JSON line on stdout and, told so on
// stdin, acts like an operator clicking:
//   invoke <id> <action>   emits ActionInvoked (and closes it, as servers do)
//   close <id>             emits NotificationClosed, as if dismissed
// It prints {"event":"ready"} once the name is its own, and exits when stdin
// closes, so it never outlives the test that started it.
//
// Usage: notifyrecorder [--no-actions]

#include <QCoreApplication>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusReply>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QObject>
#include <QSocketNotifier>
#include <QVariantMap>

#include <cstdio>
#include <unistd.h>

namespace {

void emitLine(const QJsonObject &line)
{
    const QByteArray bytes = QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n';
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fflush(stdout);
}

class NotificationServer : public QObject {
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")
public:
    explicit NotificationServer(bool actions)
        : m_actions(actions)
    {
    }

    void invoke(uint id, const QString &action)
    {
        Q_EMIT ActionInvoked(id, action);
        // What real servers do after an action: the bubble goes (reason 2: dismissed).
        Q_EMIT NotificationClosed(id, 2);
    }
    void dismiss(uint id) { Q_EMIT NotificationClosed(id, 2); }

public Q_SLOTS:
    QStringList GetCapabilities()
    {
        QStringList capabilities{QStringLiteral("body"), QStringLiteral("body-markup")};
        if (m_actions)
            capabilities << QStringLiteral("actions");
        emitLine({{QStringLiteral("event"), QStringLiteral("capabilities")}});
        return capabilities;
    }

    uint Notify(const QString &appName, uint replacesId, const QString &appIcon, const QString &summary,
                const QString &body, const QStringList &actions, const QVariantMap &hints, int expireTimeout)
    {
        const uint id = replacesId != 0 ? replacesId : m_nextId++;
        QJsonObject hintsJson;
        for (auto it = hints.cbegin(); it != hints.cend(); ++it)
            hintsJson.insert(it.key(), QJsonValue::fromVariant(it.value()));
        emitLine({{QStringLiteral("event"), QStringLiteral("notify")},
                  {QStringLiteral("id"), qint64(id)},
                  {QStringLiteral("app"), appName},
                  {QStringLiteral("icon"), appIcon},
                  {QStringLiteral("summary"), summary},
                  {QStringLiteral("body"), body},
                  {QStringLiteral("actions"), QJsonArray::fromStringList(actions)},
                  {QStringLiteral("hints"), hintsJson},
                  {QStringLiteral("timeout"), expireTimeout}});
        return id;
    }

    void CloseNotification(uint id)
    {
        emitLine({{QStringLiteral("event"), QStringLiteral("close")}, {QStringLiteral("id"), qint64(id)}});
        // Reason 3: closed by a call to CloseNotification.
        Q_EMIT NotificationClosed(id, 3);
    }

    QString GetServerInformation(QString &vendor, QString &version, QString &specVersion)
    {
        vendor = QStringLiteral("sanctum-tests");
        version = QStringLiteral("1");
        specVersion = QStringLiteral("1.2");
        return QStringLiteral("notifyrecorder");
    }

Q_SIGNALS:
    void ActionInvoked(uint id, const QString &actionKey);
    void NotificationClosed(uint id, uint reason);

private:
    bool m_actions;
    uint m_nextId = 1;
};

// Reads commands from stdin without blocking the event loop that serves the bus.
class CommandReader : public QObject {
    Q_OBJECT
public:
    explicit CommandReader(NotificationServer &server)
        : m_server(server)
        , m_notifier(STDIN_FILENO, QSocketNotifier::Read)
    {
        connect(&m_notifier, &QSocketNotifier::activated, this, &CommandReader::readSome);
    }

private:
    void readSome()
    {
        char chunk[4096];
        const ssize_t n = ::read(STDIN_FILENO, chunk, sizeof chunk);
        if (n <= 0) {
            m_notifier.setEnabled(false);
            QCoreApplication::quit();
            return;
        }
        m_buffer.append(chunk, qsizetype(n));
        qsizetype newline;
        while ((newline = m_buffer.indexOf('\n')) >= 0) {
            const QByteArray line = m_buffer.left(newline).trimmed();
            m_buffer.remove(0, newline + 1);
            run(QString::fromUtf8(line));
        }
    }

    void run(const QString &line)
    {
        const QStringList words = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        bool ok = false;
        const uint id = words.size() >= 2 ? words.at(1).toUInt(&ok) : 0;
        if (words.size() == 3 && words.first() == QStringLiteral("invoke") && ok) {
            m_server.invoke(id, words.at(2));
        } else if (words.size() == 2 && words.first() == QStringLiteral("close") && ok) {
            m_server.dismiss(id);
        } else {
            emitLine({{QStringLiteral("event"), QStringLiteral("error")}, {QStringLiteral("line"), line}});
            return;
        }
        emitLine({{QStringLiteral("event"), QStringLiteral("done")}, {QStringLiteral("line"), line}});
    }

    NotificationServer &m_server;
    QSocketNotifier m_notifier;
    QByteArray m_buffer;
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const bool actions = !app.arguments().contains(QStringLiteral("--no-actions"));

    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected()) {
        std::fprintf(stderr, "notifyrecorder: no session bus\n");
        return 1;
    }
    NotificationServer server(actions);
    if (!bus.registerObject(QStringLiteral("/org/freedesktop/Notifications"),
                            &server,
                            QDBusConnection::ExportAllSlots | QDBusConnection::ExportAllSignals)) {
        std::fprintf(stderr, "notifyrecorder: cannot register the object\n");
        return 1;
    }
    // Replacing nobody, and refusing to queue: a second server is a test bug.
    const QDBusReply<QDBusConnectionInterface::RegisterServiceReply> owned =
        bus.interface()->registerService(QStringLiteral("org.freedesktop.Notifications"),
                                         QDBusConnectionInterface::DontQueueService,
                                         QDBusConnectionInterface::DontAllowReplacement);
    if (!owned.isValid() || owned.value() != QDBusConnectionInterface::ServiceRegistered) {
        std::fprintf(stderr, "notifyrecorder: org.freedesktop.Notifications is taken\n");
        return 1;
    }
    CommandReader reader(server);
    emitLine({{QStringLiteral("event"), QStringLiteral("ready")}});
    return app.exec();
}

#include "notifyrecorder.moc"
