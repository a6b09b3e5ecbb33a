#pragma once

#include <QHash>
#include <QMutex>
#include <QString>

namespace sanctum {

class Clock;

// A token bucket per key (an agent, a peer): up to `burst` calls at once,
// then `perSecond` on average. Time comes from the Clock, so tests step it.
// A bucket that has refilled completely is the same as no bucket, so such
// buckets are dropped: memory follows the keys active recently, not every
// key ever seen. One limiter serves every broker thread, so an agent's
// calls count alike on all of them; a short lock guards the table.
class RateLimiter {
public:
    // A rate of zero or less turns limiting off; burst is at least one call.
    RateLimiter(const Clock &clock, double perSecond, double burst);

    // Takes one token for `key`. When none is left, returns false and tells
    // in how many milliseconds the next one will be there.
    bool tryAcquire(const QString &key, qint64 *retryAfterMs = nullptr);
    void setRate(double perSecond, double burst);
    void forget(const QString &key);
    // Keys whose bucket is not full: what the limiter holds in memory.
    qsizetype trackedKeys() const;
    double perSecond() const;
    double burst() const;

private:
    struct Bucket {
        double tokens = 0;
        qint64 updatedMs = 0;
    };

    void refill(Bucket &bucket, qint64 nowMs) const;
    void prune(qint64 nowMs);

    const Clock &m_clock;
    mutable QMutex m_mutex;
    double m_perSecond = 0;
    double m_burst = 1;
    QHash<QString, Bucket> m_buckets;
    qint64 m_lastPruneMs = 0;
    qsizetype m_sizeAfterPrune = 0;
};

} // namespace sanctum
