#pragma once

#include <QHash>
#include <QMutex>
#include <QString>

#include <memory>

namespace sanctum {

// How many calls one agent may have open at once, across every broker
// thread: a held long poll or a slow upstream answer counts until it is
// answered or its caller goes. So no agent can take every connection and
// lock the others (and /v1/health) out. A share is held as a token: when the
// last copy goes, the share comes back.
class InFlightLimiter : public std::enable_shared_from_this<InFlightLimiter> {
public:
    // Zero or less: no limit.
    explicit InFlightLimiter(int perKey);

    using Share = std::shared_ptr<void>;
    // Null when `key` already holds its limit.
    Share tryEnter(const QString &key);
    void setLimit(int perKey);
    int limit() const;
    int inFlight(const QString &key) const;

private:
    void leave(const QString &key);

    mutable QMutex m_mutex;
    int m_limit;
    QHash<QString, int> m_open;
};

} // namespace sanctum
