#include "ui/usagesnapshotloader.h"

#include "store/database.h"
#include "store/usagerecorder.h"
#include "store/usagestore.h"
#include "ui/uilogging.h"

#include <QSqlQuery>

namespace sanctum {

namespace {

// The reader thread's end: a connection of its own (Qt SQL connections
// belong to the thread that opened them), opened on first use.
class SnapshotReader : public QObject {
public:
    explicit SnapshotReader(const QString &path)
        : m_db(path)
    {
    }

    UsageSnapshot read(const UsageWindow &window)
    {
        UsageSnapshot snapshot;
        snapshot.window = window;
        if (!m_open) {
            if (Status s = m_db.open(); !s) {
                snapshot.error = s.error();
                return snapshot;
            }
            m_open = true;
        }
        // One read transaction: the aggregates and the newest id describe
        // the same moment of the store (WAL readers never block the writer).
        if (Status s = m_db.exec(QStringLiteral("BEGIN"), QStringLiteral("starting a read")); !s) {
            snapshot.error = s.error();
            return snapshot;
        }
        const UsageStats stats(m_db);
        const Expected<qint64> last = UsageStore(m_db).lastEventId();
        const Expected<QList<ScopeUsage>> usage = stats.byAgentAndScope(window);
        const Expected<QHash<QString, ScopeSet>> granted = stats.grantedScopes(window);
        (void)m_db.exec(QStringLiteral("COMMIT"), QStringLiteral("ending a read"));
        if (!last)
            snapshot.error = last.error();
        else if (!usage)
            snapshot.error = usage.error();
        else if (!granted)
            snapshot.error = granted.error();
        else {
            snapshot.upToEventId = *last;
            snapshot.usage = *usage;
            snapshot.granted = *granted;
        }
        return snapshot;
    }

private:
    Database m_db;
    bool m_open = false;
};

} // namespace

UsageSnapshotLoader::UsageSnapshotLoader(const QString &databasePath, UsageRecorder &recorder, QObject *parent)
    : QObject(parent)
    , m_path(databasePath)
{
    connect(&recorder, &UsageRecorder::committed, this, [this](const QList<UsageEvent> &events) {
        if (!m_inFlight.isEmpty())
            m_committedMeanwhile += events;
    });
    qRegisterMetaType<UsageSnapshot>();
    m_thread.setObjectName(QStringLiteral("sanctum-usage-read"));
    m_thread.start(QThread::LowPriority);
    m_reader = new SnapshotReader(m_path);
    m_reader->moveToThread(&m_thread);
}

UsageSnapshotLoader::~UsageSnapshotLoader()
{
    // A read still running finishes first; its answer then has no one to go to.
    QObject *reader = std::exchange(m_reader, nullptr);
    QMetaObject::invokeMethod(
        reader, [reader] { delete reader; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void UsageSnapshotLoader::request(const UsageWindow &window)
{
    if (m_inFlight.contains(window))
        return;
    m_inFlight.append(window);
    auto *reader = static_cast<SnapshotReader *>(m_reader);
    QMetaObject::invokeMethod(m_reader, [this, reader, window] {
        const UsageSnapshot snapshot = reader->read(window);
        QMetaObject::invokeMethod(this, [this, snapshot] { onRead(snapshot); });
    });
}

void UsageSnapshotLoader::onRead(UsageSnapshot snapshot)
{
    m_inFlight.removeOne(snapshot.window);
    if (snapshot.error)
        qCWarning(lcUi) << "could not read the usage statistics:" << snapshot.error->message;
    for (const UsageEvent &e : std::as_const(m_committedMeanwhile))
        if (e.id > snapshot.upToEventId)
            snapshot.later.append(e);
    if (m_inFlight.isEmpty())
        m_committedMeanwhile.clear();
    Q_EMIT loaded(snapshot);
}

} // namespace sanctum
