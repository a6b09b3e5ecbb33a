#include "broker/pipeline/inflightlimiter.h"

namespace sanctum {

InFlightLimiter::InFlightLimiter(int perKey)
    : m_limit(perKey)
{
}

InFlightLimiter::Share InFlightLimiter::tryEnter(const QString &key)
{
    {
        QMutexLocker lock(&m_mutex);
        int &open = m_open[key];
        if (m_limit > 0 && open >= m_limit) {
            if (open == 0)
                m_open.remove(key);
            return {};
        }
        ++open;
    }
    // The token keeps the limiter alive: a call can outlast the broker that
    // admitted it (a long poll's watcher on the registry's thread).
    // (It points at the limiter only to be non-null; nothing reads through it.)
    return Share(this, [self = shared_from_this(), key](void *) { self->leave(key); });
}

void InFlightLimiter::leave(const QString &key)
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_open.find(key);
    if (it == m_open.end())
        return;
    if (--it.value() <= 0)
        m_open.erase(it);
}

void InFlightLimiter::setLimit(int perKey)
{
    QMutexLocker lock(&m_mutex);
    m_limit = perKey;
}

int InFlightLimiter::limit() const
{
    QMutexLocker lock(&m_mutex);
    return m_limit;
}

int InFlightLimiter::inFlight(const QString &key) const
{
    QMutexLocker lock(&m_mutex);
    return m_open.value(key);
}

} // namespace sanctum
