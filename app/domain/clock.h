#pragma once

#include <QDateTime>
#include <QObject>

#include <atomic>

namespace sanctum {

// Every "now" the core needs comes from a Clock, so expiry, countdowns and
// retries are testable without sleeping: tests hand in a ManualClock.
class Clock : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    ~Clock() override;

    virtual QDateTime now() const = 0;
    qint64 nowMSecs() const { return now().toMSecsSinceEpoch(); }

Q_SIGNALS:
    // Emitted when time moved other than by its natural flow (a manual clock
    // was advanced), so deadline watchers re-evaluate at once.
    void jumped();
};

class SystemClock final : public Clock {
    Q_OBJECT
public:
    using Clock::Clock;
    QDateTime now() const override { return QDateTime::currentDateTimeUtc(); }
};

// Time that moves only when told. Readable from any thread (the auth worker
// reads the instance's clock too); moved from the thread it lives on.
class ManualClock final : public Clock {
    Q_OBJECT
public:
    explicit ManualClock(const QDateTime &start, QObject *parent = nullptr);

    QDateTime now() const override { return QDateTime::fromMSecsSinceEpoch(m_nowMs.load(), Qt::UTC); }
    void setNow(const QDateTime &t);
    void advance(qint64 msecs);

private:
    std::atomic<qint64> m_nowMs;
};

} // namespace sanctum
