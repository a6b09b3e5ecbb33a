#include "broker/pipeline/ratelimiter.h"

#include "domain/clock.h"

#include <algorithm>
#include <cmath>

namespace sanctum {

namespace {

// Full buckets are swept at least this often, or sooner when the table has
// doubled since the last sweep, which keeps the sweeps' cost per call constant.
constexpr qint64 kPruneIntervalMs = 1000;
constexpr qsizetype kPruneMinimumSize = 64;
// Token counts are fractions: without a little slack, rounding can refuse a
// call at the very millisecond the limiter said to retry.
constexpr double kSlack = 1e-9;

} // namespace

RateLimiter::RateLimiter(const Clock &clock, double perSecond, double burst)
    : m_clock(clock)
{
    setRate(perSecond, burst);
    m_lastPruneMs = m_clock.nowMSecs();
}

void RateLimiter::setRate(double perSecond, double burst)
{
    QMutexLocker lock(&m_mutex);
    const qint64 now = m_clock.nowMSecs();
    // Time before the change accrues at the old rate.
    for (Bucket &bucket : m_buckets)
        refill(bucket, now);
    m_perSecond = perSecond;
    m_burst = std::max(burst, 1.0);
    for (Bucket &bucket : m_buckets)
        bucket.tokens = std::min(bucket.tokens, m_burst);
    prune(now);
}

void RateLimiter::forget(const QString &key)
{
    QMutexLocker lock(&m_mutex);
    m_buckets.remove(key);
}

double RateLimiter::perSecond() const
{
    QMutexLocker lock(&m_mutex);
    return m_perSecond;
}

double RateLimiter::burst() const
{
    QMutexLocker lock(&m_mutex);
    return m_burst;
}

qsizetype RateLimiter::trackedKeys() const
{
    QMutexLocker lock(&m_mutex);
    return m_buckets.size();
}

void RateLimiter::refill(Bucket &bucket, qint64 nowMs) const
{
    // A clock set back must not drain anyone's bucket, nor refill it.
    const qint64 elapsed = std::max<qint64>(0, nowMs - bucket.updatedMs);
    bucket.tokens = std::min(m_burst, bucket.tokens + double(elapsed) * m_perSecond / 1000.0);
    bucket.updatedMs = nowMs;
}

bool RateLimiter::tryAcquire(const QString &key, qint64 *retryAfterMs)
{
    if (retryAfterMs)
        *retryAfterMs = 0;
    QMutexLocker lock(&m_mutex);
    if (m_perSecond <= 0)
        return true;
    const qint64 now = m_clock.nowMSecs();
    if (now - m_lastPruneMs >= kPruneIntervalMs || m_buckets.size() >= 2 * m_sizeAfterPrune + kPruneMinimumSize)
        prune(now);

    auto it = m_buckets.find(key);
    if (it == m_buckets.end())
        it = m_buckets.insert(key, Bucket{m_burst, now});
    else
        refill(*it, now);
    if (it->tokens >= 1.0 - kSlack) {
        it->tokens = std::max(0.0, it->tokens - 1.0);
        return true;
    }
    if (retryAfterMs)
        *retryAfterMs = std::max<qint64>(1, qint64(std::ceil((1.0 - it->tokens) * 1000.0 / m_perSecond - 1e-6)));
    return false;
}

void RateLimiter::prune(qint64 nowMs)
{
    for (auto it = m_buckets.begin(); it != m_buckets.end();) {
        refill(*it, nowMs);
        if (it->tokens >= m_burst - kSlack)
            it = m_buckets.erase(it);
        else
            ++it;
    }
    m_lastPruneMs = nowMs;
    m_sizeAfterPrune = m_buckets.size();
}

} // namespace sanctum
