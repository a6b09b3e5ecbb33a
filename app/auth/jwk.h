#pragma once

#include "domain/error.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <memory>

typedef struct evp_pkey_st EVP_PKEY;

namespace sanctum {

// One public signing key from a JWKS (RFC 7517), turned into an OpenSSL key:
// RSA from `n`/`e`, EC P-256 from `x`/`y`. Only what Sanctum verifies with is
// accepted: RSA of at least 2048 bits and P-256; anything else (symmetric
// keys, other curves, private members) is refused when parsed.
class Jwk {
public:
    static Expected<Jwk> fromJson(const QJsonObject &json);

    QString kid() const { return m_kid; }
    QString kty() const { return m_kty; } // "RSA" or "EC"
    QString alg() const { return m_alg; } // may be empty: the JWK need not say
    // Whether this key may verify a signature made with `alg`.
    bool suits(const QString &alg) const;
    EVP_PKEY *pkey() const { return m_pkey.get(); }

private:
    QString m_kid;
    QString m_kty;
    QString m_alg;
    std::shared_ptr<EVP_PKEY> m_pkey;
};

// The keys of a JWKS document; unusable entries are skipped, as RFC 7517
// §5 asks, but reported.
class JwkSet {
public:
    static Expected<JwkSet> fromJson(const QJsonObject &json);

    const QList<Jwk> &keys() const { return m_keys; }
    QStringList skipped() const { return m_skipped; }
    // The keys that could have signed a token with this kid and alg: the one
    // with that kid, or, when the token names no kid, every suitable key.
    QList<Jwk> candidates(const QString &kid, const QString &alg) const;
    bool hasKid(const QString &kid) const;

private:
    QList<Jwk> m_keys;
    QStringList m_skipped;
};

} // namespace sanctum
