#pragma once

#include <QDateTime>
#include <QObject>
#include <QTimer>

namespace sanctum {

class Clock;

// The once-a-second beat of the models' "seconds left" columns. It runs only
// while its model has something to count down, and beats at once when the
// instance's clock jumps (a ManualClock in tests), so countdowns follow the
// clock the core decides by rather than the wall.
class Countdown : public QObject {
    Q_OBJECT
public:
    static constexpr int kIntervalMs = 1000;

    explicit Countdown(const Clock &clock, QObject *parent = nullptr);

    // Whole seconds from `now` to `deadline`, rounded up ("1 s left" until
    // the deadline itself, never "0 s" early); 0 when it passed or is unset.
    static qint64 secondsUntil(const QDateTime &now, const QDateTime &deadline);

    void setRunning(bool running);
    bool isRunning() const { return m_timer.isActive(); }

Q_SIGNALS:
    void tick();

private:
    QTimer m_timer;
};

} // namespace sanctum
