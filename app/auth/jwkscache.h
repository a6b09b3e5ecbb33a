#pragma once

#include "auth/jwk.h"

#include <QDateTime>

namespace sanctum {

class Clock;

// The issuer's signing keys, with the rule for fetching them again: a token
// naming a kid we do not know may mean the issuer rotated its keys, so the
// JWKS is refetched once; but never more often than `refetchFloorSecs`, so a
// stream of forged kids cannot turn us into a JWKS hammer.
class JwksCache {
public:
    static constexpr qint64 kDefaultRefetchFloorSecs = 60;

    explicit JwksCache(const Clock &clock, qint64 refetchFloorSecs = kDefaultRefetchFloorSecs);

    const JwkSet &keys() const { return m_keys; }
    bool isEmpty() const { return !m_fetchedAt.isValid(); }
    void store(const JwkSet &keys);
    // Whether a token with this kid justifies fetching the JWKS now.
    bool shouldRefetchFor(const QString &kid) const;

private:
    const Clock &m_clock;
    qint64 m_floorSecs;
    JwkSet m_keys;
    QDateTime m_fetchedAt;
};

} // namespace sanctum
