#pragma once

#include "auth/jwk.h"
#include "domain/error.h"

#include <QDateTime>
#include <QJsonObject>
#include <QStringList>

namespace sanctum {

// What a token must say to be accepted.
struct JwtExpectations {
    QString issuer;            // exact match of `iss`
    QStringList audiences;     // `aud` must contain one of these
    QString authorizedParty;   // when set and `aud` has several values, `azp` must equal it (OIDC Core 3.1.3.7)
    QString nonce;             // when set, `nonce` must equal it
    qint64 leewaySeconds = 60; // clock skew allowed on exp, nbf and iat (Auth0's SDKs allow 60 s)
};

// A token's parts before any signature is checked: enough to choose a key.
struct JwtParts {
    QJsonObject header;
    QJsonObject claims;
    QByteArray signingInput; // base64url(header) "." base64url(payload)
    QByteArray signature;
    QString alg;
    QString kid;
};

// Verifies compact JWS tokens (ID tokens, JWT access tokens) with OpenSSL.
// Only RS256, PS256 and ES256 are accepted: "none" and every HMAC algorithm
// are refused outright, so a public key can never be used as an HMAC secret.
// Keys come only from the JWKS the caller passes, never from the token's own
// jku, jwk or x5u headers.
//
// Error codes: jwt_malformed, jwt_alg_refused, jwt_crit, jwt_unknown_kid (the
// caller may refetch the JWKS once: the issuer may have rotated its keys),
// jwt_bad_signature, jwt_expired, jwt_not_yet_valid, jwt_wrong_issuer,
// jwt_wrong_audience, jwt_wrong_nonce.
class JwtVerifier {
public:
    static constexpr qsizetype kMaxTokenBytes = 16 * 1024;

    static Expected<JwtParts> parse(const QByteArray &token);
    static Expected<QJsonObject> verify(const QByteArray &token, const JwkSet &keys, const JwtExpectations &expect,
                                        const QDateTime &now);

    static bool isAcceptedAlgorithm(const QString &alg);
    static bool verifySignature(const QString &alg, const Jwk &key, const QByteArray &signingInput,
                                const QByteArray &signature);

private:
    static Status checkClaims(const QJsonObject &claims, const JwtExpectations &expect, const QDateTime &now);
};

} // namespace sanctum
