#pragma once

#include <QDateTime>
#include <QObject>

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

class ManualClock final : public Clock {
    Q_OBJECT
public:
    explicit ManualClock(const QDateTime &start, QObject *parent = nullptr);

    QDateTime now() const override { return m_now; }
    void setNow(const QDateTime &t);
    void advance(qint64 msecs);

private:
    QDateTime m_now;
};

} // namespace sanctum
