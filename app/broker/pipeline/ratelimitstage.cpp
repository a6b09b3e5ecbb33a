#include "broker/pipeline/ratelimitstage.h"

namespace sanctum {

RateLimitStage::RateLimitStage(const Clock &clock, double perSecond, double burst)
    : m_perSecond(perSecond)
    , m_limiter(clock, perSecond, burst)
{
}

StageResult RateLimitStage::run(CallContext &call, const CallHandle &)
{
    qint64 retryAfterMs = 0;
    if (m_limiter.tryAcquire(call.callerId(), &retryAfterMs))
        return StageResult::next();
    const qint64 seconds = qMax<qint64>(1, (retryAfterMs + 999) / 1000);
    HttpServerResponse r = HttpServerResponse::error(
        429,
        QStringLiteral("rate_limited"),
        QStringLiteral("this agent is calling faster than %1 per second; slow down").arg(m_perSecond));
    r.setHeader("Retry-After", QByteArray::number(seconds));
    return StageResult::respond(r);
}

} // namespace sanctum
