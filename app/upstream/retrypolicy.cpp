#include "upstream/retrypolicy.h"

#include <QLocale>

#include <cmath>

namespace sanctum {

bool RetryPolicy::isRetryableStatus(int httpStatus)
{
    return httpStatus == 429 || (httpStatus >= 500 && httpStatus <= 599 && httpStatus != 501);
}

std::optional<qint64> RetryPolicy::parseRetryAfter(const QByteArray &value, const QDateTime &now)
{
    const QByteArray v = value.trimmed();
    if (v.isEmpty())
        return std::nullopt;
    bool isNumber = false;
    const qint64 seconds = v.toLongLong(&isNumber);
    if (isNumber)
        return seconds < 0 ? std::nullopt : std::optional<qint64>(seconds * 1000);
    // IMF-fixdate, e.g. "Wed, 21 Oct 2026 07:28:00 GMT".
    const QDateTime at =
        QLocale::c().toDateTime(QString::fromLatin1(v), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    if (!at.isValid())
        return std::nullopt;
    QDateTime utc = at;
    utc.setTimeSpec(Qt::UTC);
    return qMax<qint64>(0, now.msecsTo(utc));
}

std::optional<int> RetryPolicy::delayAfter(int attempt, Outcome outcome, int httpStatus, const QByteArray &retryAfter,
                                           const QDateTime &now, double jitter) const
{
    if (attempt >= maxAttempts)
        return std::nullopt;
    if (outcome == Outcome::Status && !isRetryableStatus(httpStatus))
        return std::nullopt;
    if (outcome == Outcome::Status) {
        if (const auto asked = parseRetryAfter(retryAfter, now)) {
            if (*asked > maxDelayMs)
                return std::nullopt; // the server wants more patience than a caller should be made to show
            return int(*asked);
        }
    }
    // Exponential backoff with "equal jitter": half fixed, half random.
    const double exp = baseDelayMs * std::pow(2.0, attempt - 1);
    const double capped = std::min(exp, double(maxDelayMs));
    return int(capped / 2 + capped / 2 * std::clamp(jitter, 0.0, 1.0));
}

} // namespace sanctum
