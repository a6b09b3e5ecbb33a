#include "ui/countdown.h"

#include "domain/clock.h"

namespace sanctum {

Countdown::Countdown(const Clock &clock, QObject *parent)
    : QObject(parent)
{
    m_timer.setInterval(kIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &Countdown::tick);
    connect(&clock, &Clock::jumped, this, [this] {
        if (m_timer.isActive())
            Q_EMIT tick();
    });
}

qint64 Countdown::secondsUntil(const QDateTime &now, const QDateTime &deadline)
{
    if (!deadline.isValid())
        return 0;
    const qint64 ms = now.msecsTo(deadline);
    return ms <= 0 ? 0 : (ms + 999) / 1000;
}

void Countdown::setRunning(bool running)
{
    if (running == m_timer.isActive())
        return;
    if (running)
        m_timer.start();
    else
        m_timer.stop();
}

} // namespace sanctum
