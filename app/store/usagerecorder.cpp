#include "store/usagerecorder.h"

#include "domain/logging.h"
#include "store/database.h"
#include "store/storeworker.h"
#include "store/usagestore.h"

#include <QThread>

namespace sanctum {

UsageRecorder::UsageRecorder(const QString &databasePath, QObject *parent)
    : QObject(parent)
    , m_path(databasePath)
{
    m_tick.setSingleShot(true);
    connect(&m_tick, &QTimer::timeout, this, &UsageRecorder::flush);
}

UsageRecorder::~UsageRecorder()
{
    if (m_writer) {
        // Last batch: written, after those still queued, before the thread
        // goes, so a clean shutdown loses nothing. Answers still on their way
        // are dropped with the writer.
        QList<UsageEvent> last = takeBuffer();
        const Status s = m_writer->runNow<Done>([&last](Database &db) { return UsageStore(db).insert(last); });
        if (!s)
            qCWarning(lcStore) << "usage events lost at shutdown:" << s.error().message;
        m_writer.reset();
    }
}

Status UsageRecorder::start()
{
    if (m_writer)
        return Done{};
    auto writer = std::make_unique<StoreWorker>(m_path, QStringLiteral("sanctum-usage"));
    if (Status opened = writer->open(); !opened)
        return opened;
    m_writer = std::move(writer);
    return Done{};
}

void UsageRecorder::record(const UsageEvent &event)
{
    bool first = false;
    {
        QMutexLocker lock(&m_mutex);
        if (m_buffer.size() + m_inFlight >= kMaxBuffered) {
            // Statistics, not decisions: when the store has been refusing writes
            // for this long, dropping the oldest keeps memory bounded.
            m_buffer.removeFirst();
            if (m_dropped++ % 10'000 == 0)
                qCWarning(lcStore) << "the store is not taking usage events; dropped" << m_dropped << "so far";
        }
        first = m_buffer.isEmpty();
        m_buffer.append(event);
    }
    // Only the first event of a batch needs the timer, which belongs to this
    // object's thread.
    if (!first)
        return;
    if (QThread::currentThread() == thread())
        arm();
    else
        QMetaObject::invokeMethod(this, &UsageRecorder::arm, Qt::QueuedConnection);
}

void UsageRecorder::arm()
{
    if (!m_tick.isActive())
        m_tick.start(kBatchIntervalMs);
}

qint64 UsageRecorder::droppedCount() const
{
    QMutexLocker lock(&m_mutex);
    return m_dropped;
}

QList<UsageEvent> UsageRecorder::takeBuffer()
{
    QMutexLocker lock(&m_mutex);
    return std::exchange(m_buffer, {});
}

void UsageRecorder::flush()
{
    m_tick.stop();
    QList<UsageEvent> batch = takeBuffer();
    if (batch.isEmpty())
        return;
    writeBatch(std::move(batch), {});
}

void UsageRecorder::whenCommitted(std::function<void(Status)> done)
{
    m_tick.stop();
    // Batches are written in order on one thread, so this one's completion
    // means every earlier one is done too.
    writeBatch(takeBuffer(), std::move(done));
}

void UsageRecorder::writeBatch(QList<UsageEvent> batch, std::function<void(Status)> done)
{
    if (!m_writer) {
        if (done)
            done(Error{QStringLiteral("store"), QStringLiteral("the usage recorder is not running")});
        return;
    }
    {
        QMutexLocker lock(&m_mutex);
        m_inFlight += batch.size();
    }
    // The job gives the events their row ids; a failed write hands the
    // batch back as it was, to be tried again.
    m_writer->run<QList<UsageEvent>>(
        [batch](Database &db) mutable -> Expected<QList<UsageEvent>> {
            if (Status s = UsageStore(db).insert(batch); !s)
                return s.error();
            return batch;
        },
        this,
        [this, batch, done = std::move(done)](Expected<QList<UsageEvent>> written) {
            const Status s = written ? Status(Done{}) : Status(written.error());
            onBatchWritten(written ? std::move(written).value() : batch, s);
            if (done)
                done(s);
        });
}

void UsageRecorder::onBatchWritten(QList<UsageEvent> batch, Status status)
{
    {
        QMutexLocker lock(&m_mutex);
        m_inFlight -= batch.size();
    }
    if (status) {
        if (!batch.isEmpty())
            Q_EMIT committed(batch);
        return;
    }
    qCWarning(lcStore) << "could not record" << batch.size() << "usage events:" << status.error().message;
    Q_EMIT writeFailed(status.error());
    {
        // Put them back in front, to be tried with the next batch.
        QMutexLocker lock(&m_mutex);
        batch.append(m_buffer);
        m_buffer = std::move(batch);
        while (m_buffer.size() > kMaxBuffered) {
            m_buffer.removeFirst();
            ++m_dropped;
        }
    }
    if (!m_tick.isActive())
        m_tick.start(kBatchIntervalMs * 10); // give a full disk a moment
}

} // namespace sanctum
