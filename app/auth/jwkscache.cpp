#include "auth/jwkscache.h"

#include "domain/clock.h"

namespace sanctum {

JwksCache::JwksCache(const Clock &clock, qint64 refetchFloorSecs)
    : m_clock(clock)
    , m_floorSecs(refetchFloorSecs)
{
}

void JwksCache::store(const JwkSet &keys)
{
    m_keys = keys;
    m_fetchedAt = m_clock.now();
}

bool JwksCache::shouldRefetchFor(const QString &kid) const
{
    if (isEmpty())
        return true;
    if (!kid.isEmpty() && m_keys.hasKid(kid))
        return false;
    return m_fetchedAt.secsTo(m_clock.now()) >= m_floorSecs;
}

} // namespace sanctum
