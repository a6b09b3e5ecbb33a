#pragma once

#include <QByteArray>
#include <QDateTime>

#include <optional>

namespace sanctum {

// When to try an HTTP call again: on transport failures, 5xx and 429 only,
// never on another 4xx (the request itself is wrong; repeating it cannot
// help). Backoff doubles from `baseDelayMs` with jitter; a server's
// Retry-After is honoured, and one that asks for longer than `maxDelayMs`
// ends the retries so the caller can say so instead of hanging.
struct RetryPolicy {
    int maxAttempts = 4; // including the first
    int baseDelayMs = 250;
    int maxDelayMs = 30'000;

    enum class Outcome { Transport, Status };

    // The delay before attempt `attempt + 1` (attempt counts from 1), or
    // nullopt when there should be none. `jitter` in [0, 1) spreads retries of
    // many clients; tests pass a fixed value.
    std::optional<int> delayAfter(int attempt, Outcome outcome, int httpStatus, const QByteArray &retryAfter,
                                  const QDateTime &now, double jitter) const;

    static bool isRetryableStatus(int httpStatus);
    // Retry-After (RFC 9110 §10.2.3) as milliseconds from `now`: delta-seconds
    // or an HTTP-date; nullopt when absent or unreadable.
    static std::optional<qint64> parseRetryAfter(const QByteArray &value, const QDateTime &now);
};

} // namespace sanctum
