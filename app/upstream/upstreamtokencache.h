#pragma once

#include "domain/tokenset.h"

#include <QHash>

#include <optional>

namespace sanctum {

class Clock;

// Upstream tokens from Token Vault, one per connection, in memory only. A
// token is handed out until shortly before it expires (so a call started with
// it does not die in flight), then re-issued on demand. Dropped tokens are
// scrubbed (UpstreamToken zeroes itself).
class UpstreamTokenCache {
public:
    static constexpr qint64 kDefaultMarginSecs = 60;

    explicit UpstreamTokenCache(const Clock &clock, qint64 marginSecs = kDefaultMarginSecs);

    std::optional<UpstreamToken> get(const QString &connection) const;
    void put(const UpstreamToken &token);
    // Forgets one connection's token (revoked, or the connection re-provisioned).
    void drop(const QString &connection);
    void clear();
    bool contains(const QString &connection) const { return get(connection).has_value(); }

private:
    const Clock &m_clock;
    qint64 m_marginSecs;
    QHash<QString, UpstreamToken> m_tokens;
};

} // namespace sanctum
