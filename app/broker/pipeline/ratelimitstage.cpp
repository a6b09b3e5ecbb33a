#include "broker/pipeline/ratelimitstage.h"

namespace sanctum {

RateLimitStage::RateLimitStage(RateLimiter &rate, InFlightLimiter &inFlight)
    : m_limiter(rate)
    , m_inFlight(inFlight)
{
}

StageResult RateLimitStage::run(CallContext &call, const CallHandle &)
{
    qint64 retryAfterMs = 0;
    if (m_limiter.tryAcquire(call.callerId(), &retryAfterMs)) {
        call.share = m_inFlight.tryEnter(call.callerId());
        if (call.share)
            return StageResult::next();
        HttpServerResponse r = HttpServerResponse::error(
            429,
            QStringLiteral("too_many_calls_in_flight"),
            QStringLiteral("this agent already has %1 calls open (held waits and upstream answers count); "
                           "finish one first")
                .arg(m_inFlight.limit()));
        r.setHeader("Retry-After", "1");
        return StageResult::respond(r);
    }
    const qint64 seconds = qMax<qint64>(1, (retryAfterMs + 999) / 1000);
    HttpServerResponse r = HttpServerResponse::error(
        429,
        QStringLiteral("rate_limited"),
        QStringLiteral("this agent is calling faster than %1 per second; slow down").arg(m_limiter.perSecond()));
    r.setHeader("Retry-After", QByteArray::number(seconds));
    return StageResult::respond(r);
}

} // namespace sanctum
