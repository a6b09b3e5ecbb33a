#include "domain/clock.h"

namespace sanctum {

Clock::~Clock() = default;

ManualClock::ManualClock(const QDateTime &start, QObject *parent)
    : Clock(parent)
    , m_nowMs(start.toMSecsSinceEpoch())
{
}

void ManualClock::setNow(const QDateTime &t)
{
    m_nowMs.store(t.toMSecsSinceEpoch());
    Q_EMIT jumped();
}

void ManualClock::advance(qint64 msecs)
{
    m_nowMs.fetch_add(msecs);
    Q_EMIT jumped();
}

} // namespace sanctum
