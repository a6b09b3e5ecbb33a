#include "store/usagerecorder.h"

#include "domain/logging.h"
#include "store/database.h"
#include "store/usagestore.h"

#include <memory>

namespace sanctum {

namespace {
// The writer thread's end: its own connection (Qt SQL connections belong to
// the thread that opened them) and nothing else.
class UsageWriter : public QObject {
public:
    explicit UsageWriter(const QString &path)
        : m_db(path)
        , m_store(m_db)
    {
    }
    Status open() { return m_db.open(); }
    Status write(QList<UsageEvent> &events) { return m_store.insert(events); }

private:
    Database m_db;
    UsageStore m_store;
};
} // namespace

UsageRecorder::UsageRecorder(const QString &databasePath, QObject *parent)
    : QObject(parent)
    , m_path(databasePath)
{
    m_thread.setObjectName(QStringLiteral("sanctum-usage"));
    m_tick.setSingleShot(true);
    connect(&m_tick, &QTimer::timeout, this, &UsageRecorder::flush);
}

UsageRecorder::~UsageRecorder()
{
    if (m_writer) {
        // Last batch: written before the thread goes, so a clean shutdown loses nothing.
        QList<UsageEvent> last = std::exchange(m_buffer, {});
        auto *writer = static_cast<UsageWriter *>(m_writer);
        QMetaObject::invokeMethod(
            m_writer,
            [writer, last]() mutable {
                if (Status s = writer->write(last); !s)
                    qCWarning(lcStore) << "usage events lost at shutdown:" << s.error().message;
                delete writer;
            },
            Qt::BlockingQueuedConnection);
        m_writer = nullptr;
    }
    m_thread.quit();
    m_thread.wait();
}

Status UsageRecorder::start()
{
    if (m_writer)
        return Done{};
    m_thread.start();
    auto *writer = new UsageWriter(m_path);
    writer->moveToThread(&m_thread);
    Status opened = Done{};
    QMetaObject::invokeMethod(
        writer, [writer, &opened]() { opened = writer->open(); }, Qt::BlockingQueuedConnection);
    if (!opened) {
        QMetaObject::invokeMethod(
            writer, [writer]() { delete writer; }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
        return opened;
    }
    m_writer = writer;
    return Done{};
}

void UsageRecorder::record(const UsageEvent &event)
{
    if (m_buffer.size() + m_inFlight >= kMaxBuffered) {
        // Statistics, not decisions: when the store has been refusing writes
        // for this long, dropping the oldest keeps memory bounded.
        m_buffer.removeFirst();
        if (m_dropped++ % 10'000 == 0)
            qCWarning(lcStore) << "the store is not taking usage events; dropped" << m_dropped << "so far";
    }
    m_buffer.append(event);
    if (!m_tick.isActive())
        m_tick.start(kBatchIntervalMs);
}

void UsageRecorder::flush()
{
    m_tick.stop();
    if (m_buffer.isEmpty())
        return;
    writeBatch(std::exchange(m_buffer, {}), {});
}

void UsageRecorder::whenCommitted(std::function<void(Status)> done)
{
    m_tick.stop();
    // Batches are written in order on one thread, so this one's completion
    // means every earlier one is done too.
    writeBatch(std::exchange(m_buffer, {}), std::move(done));
}

void UsageRecorder::writeBatch(QList<UsageEvent> batch, std::function<void(Status)> done)
{
    if (!m_writer) {
        if (done)
            done(Error{QStringLiteral("store"), QStringLiteral("the usage recorder is not running")});
        return;
    }
    m_inFlight += batch.size();
    auto *writer = static_cast<UsageWriter *>(m_writer);
    QMetaObject::invokeMethod(m_writer, [this, writer, batch = std::move(batch), done = std::move(done)]() mutable {
        const Status s = writer->write(batch);
        QMetaObject::invokeMethod(this, [this, batch = std::move(batch), s, done = std::move(done)]() mutable {
            onBatchWritten(std::move(batch), s);
            if (done)
                done(s);
        });
    });
}

void UsageRecorder::onBatchWritten(QList<UsageEvent> batch, Status status)
{
    m_inFlight -= batch.size();
    if (status) {
        if (!batch.isEmpty())
            Q_EMIT committed(batch);
        return;
    }
    qCWarning(lcStore) << "could not record" << batch.size() << "usage events:" << status.error().message;
    Q_EMIT writeFailed(status.error());
    // Put them back in front, to be tried with the next batch.
    batch.append(m_buffer);
    m_buffer = std::move(batch);
    while (m_buffer.size() > kMaxBuffered) {
        m_buffer.removeFirst();
        ++m_dropped;
    }
    if (!m_tick.isActive())
        m_tick.start(kBatchIntervalMs * 10); // give a full disk a moment
}

} // namespace sanctum
