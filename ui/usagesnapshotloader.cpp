#include "ui/usagesnapshotloader.h"

#include "store/database.h"
#include "store/usagerecorder.h"
#include "ui/uilogging.h"

namespace sanctum {

UsageSnapshotLoader::UsageSnapshotLoader(const QString &databasePath, UsageRecorder &recorder, QObject *parent)
    : QObject(parent)
    , m_reader(databasePath, QStringLiteral("sanctum-usage-read"), QThread::LowPriority)
{
    connect(&recorder, &UsageRecorder::committed, this, [this](const QList<UsageEvent> &events) {
        if (!m_inFlight.isEmpty())
            m_committedMeanwhile += events;
    });
    qRegisterMetaType<UsageSnapshot>();
}

// A read still running finishes first; its answer then has no one to go to.
UsageSnapshotLoader::~UsageSnapshotLoader() = default;

void UsageSnapshotLoader::request(const UsageWindow &window)
{
    if (m_inFlight.contains(window))
        return;
    m_inFlight.append(window);
    m_reader.run<UsageReading>([window](Database &db) { return UsageStats(db).reading(window); },
                               this,
                               [this, window](Expected<UsageReading> read) {
                                   UsageSnapshot snapshot;
                                   snapshot.window = window;
                                   if (read) {
                                       snapshot.usage = read->usage;
                                       snapshot.granted = read->granted;
                                       snapshot.upToEventId = read->upToEventId;
                                   } else {
                                       snapshot.error = read.error();
                                   }
                                   onRead(std::move(snapshot));
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
