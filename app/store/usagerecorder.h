#pragma once

#include "domain/error.h"
#include "domain/usageevent.h"

#include <QList>
#include <QMutex>
#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>

namespace sanctum {

class StoreWorker;

// Records the broker's usage events — one per proxied call, the hot path —
// without making any agent call wait for the disk: record() only appends to
// a buffer, and every ~100 ms the buffer goes, as one transaction, to a
// writer thread with its own connection to the store. A crash can lose at
// most the last batch of usage statistics; decisions are never written here.
// record() may be called from any thread (every broker thread does); the
// rest belongs to the recorder's own thread.
class UsageRecorder : public QObject {
    Q_OBJECT

public:
    static constexpr int kBatchIntervalMs = 100;
    // While the store cannot take them (a full disk), at most this many wait.
    static constexpr qsizetype kMaxBuffered = 200'000;

    explicit UsageRecorder(const QString &databasePath, QObject *parent = nullptr);
    // Commits whatever is still buffered before returning.
    ~UsageRecorder() override;

    // Opens the writer's connection (on the writer thread).
    Status start();
    void record(const UsageEvent &event);
    // Hands the buffer to the writer now instead of at the next tick.
    void flush();
    // Calls `done` on this thread once everything recorded so far is committed
    // (or failed to be).
    void whenCommitted(std::function<void(Status)> done);
    qint64 droppedCount() const;

Q_SIGNALS:
    // After each committed batch, on this object's thread.
    void committed(const QList<sanctum::UsageEvent> &events);
    void writeFailed(const sanctum::Error &error);

private:
    void writeBatch(QList<UsageEvent> batch, std::function<void(Status)> done);
    void onBatchWritten(QList<UsageEvent> batch, Status status);
    void arm();
    QList<UsageEvent> takeBuffer();

    QString m_path;
    std::unique_ptr<StoreWorker> m_writer; // while started
    QTimer m_tick;
    mutable QMutex m_mutex; // guards the three below
    QList<UsageEvent> m_buffer;
    qsizetype m_inFlight = 0;
    qint64 m_dropped = 0;
};

} // namespace sanctum
