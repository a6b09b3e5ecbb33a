#include "upstream/upstreamtokencache.h"

#include "domain/clock.h"

namespace sanctum {

UpstreamTokenCache::UpstreamTokenCache(const Clock &clock, qint64 marginSecs)
    : m_clock(clock)
    , m_marginSecs(marginSecs)
{
}

std::optional<UpstreamToken> UpstreamTokenCache::get(const QString &connection) const
{
    const auto it = m_tokens.constFind(connection);
    if (it == m_tokens.constEnd())
        return std::nullopt;
    // A token without a stated expiry is trusted until the upstream refuses it.
    if (it->expiresAt.isValid() && m_clock.now().secsTo(it->expiresAt) <= m_marginSecs)
        return std::nullopt;
    return *it;
}

void UpstreamTokenCache::put(const UpstreamToken &token)
{
    m_tokens.insert(token.connection, token);
}

void UpstreamTokenCache::drop(const QString &connection)
{
    m_tokens.remove(connection);
}

void UpstreamTokenCache::clear()
{
    m_tokens.clear();
}

} // namespace sanctum
