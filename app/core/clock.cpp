#include "clock.h"

namespace sanctum {

Clock::~Clock() = default;

ManualClock::ManualClock(const QDateTime &start, QObject *parent)
    : Clock(parent)
    , m_now(start.toUTC())
{
}

void ManualClock::setNow(const QDateTime &t)
{
    m_now = t.toUTC();
    Q_EMIT jumped();
}

void ManualClock::advance(qint64 msecs)
{
    setNow(m_now.addMSecs(msecs));
}

} // namespace sanctum
