#include "auth/jwtverifier.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <cmath>

namespace sanctum {

namespace {
Error jwtError(const char *code, const QString &message)
{
    return Error{QString::fromLatin1(code), message};
}

bool decodeSegment(const QByteArray &segment, QByteArray *out)
{
    auto r = QByteArray::fromBase64Encoding(segment,
                                            QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!r)
        return false;
    *out = std::move(r.decoded);
    return true;
}

bool decodeObject(const QByteArray &segment, QJsonObject *out)
{
    QByteArray raw;
    if (!decodeSegment(segment, &raw))
        return false;
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(raw, &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        return false;
    *out = doc.object();
    return true;
}

// JOSE carries ECDSA signatures as R ‖ S (RFC 7518 §3.4); OpenSSL wants DER.
QByteArray joseToDer(const QByteArray &sig)
{
    if (sig.size() != 64)
        return {};
    ECDSA_SIG *ecdsa = ECDSA_SIG_new();
    BIGNUM *r = BN_bin2bn(reinterpret_cast<const unsigned char *>(sig.constData()), 32, nullptr);
    BIGNUM *s = BN_bin2bn(reinterpret_cast<const unsigned char *>(sig.constData()) + 32, 32, nullptr);
    QByteArray der;
    if (ecdsa && r && s && ECDSA_SIG_set0(ecdsa, r, s) == 1) {
        r = s = nullptr; // owned by ecdsa now
        const int len = i2d_ECDSA_SIG(ecdsa, nullptr);
        if (len > 0) {
            der.resize(len);
            auto *p = reinterpret_cast<unsigned char *>(der.data());
            i2d_ECDSA_SIG(ecdsa, &p);
        }
    }
    BN_free(r);
    BN_free(s);
    ECDSA_SIG_free(ecdsa);
    return der;
}

// A NumericDate (RFC 7519 §2), which may carry a fraction.
bool numericDate(const QJsonObject &claims, const QString &name, qint64 *out)
{
    const QJsonValue v = claims.value(name);
    if (!v.isDouble() || !std::isfinite(v.toDouble()))
        return false;
    *out = qint64(std::floor(v.toDouble()));
    return true;
}
} // namespace

bool JwtVerifier::isAcceptedAlgorithm(const QString &alg)
{
    return alg == QStringLiteral("RS256") || alg == QStringLiteral("PS256") || alg == QStringLiteral("ES256");
}

Expected<JwtParts> JwtVerifier::parse(const QByteArray &token)
{
    if (token.size() > kMaxTokenBytes)
        return jwtError("jwt_malformed", QStringLiteral("the token is larger than %1 bytes").arg(kMaxTokenBytes));
    const QList<QByteArray> segments = token.trimmed().split('.');
    if (segments.size() != 3)
        return jwtError("jwt_malformed",
                        QStringLiteral("a signed JWT has three parts, this one has %1").arg(segments.size()));
    JwtParts parts;
    if (!decodeObject(segments[0], &parts.header))
        return jwtError("jwt_malformed", QStringLiteral("the token's header is not base64url JSON"));
    if (!decodeObject(segments[1], &parts.claims))
        return jwtError("jwt_malformed", QStringLiteral("the token's payload is not base64url JSON"));
    if (!decodeSegment(segments[2], &parts.signature))
        return jwtError("jwt_malformed", QStringLiteral("the token's signature is not base64url"));
    parts.signingInput = segments[0] + '.' + segments[1];
    parts.alg = parts.header.value(QStringLiteral("alg")).toString();
    parts.kid = parts.header.value(QStringLiteral("kid")).toString();

    if (!isAcceptedAlgorithm(parts.alg))
        return jwtError("jwt_alg_refused",
                        QStringLiteral("the token is signed with '%1'; only RS256, PS256 and ES256 are accepted")
                            .arg(parts.alg.isEmpty() ? QStringLiteral("no algorithm") : parts.alg));
    // We implement no JWS extension, so any critical one is unknown to us (RFC 7515 §4.1.11).
    if (parts.header.contains(QStringLiteral("crit")))
        return jwtError("jwt_crit", QStringLiteral("the token requires extensions this client does not understand"));
    if (parts.signature.isEmpty())
        return jwtError("jwt_bad_signature", QStringLiteral("the token has no signature"));
    return parts;
}

bool JwtVerifier::verifySignature(const QString &alg, const Jwk &key, const QByteArray &signingInput,
                                  const QByteArray &signature)
{
    if (!key.suits(alg) || !key.pkey())
        return false;
    QByteArray sig = signature;
    if (alg == QStringLiteral("ES256")) {
        sig = joseToDer(signature);
        if (sig.isEmpty())
            return false;
    }
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pctx = nullptr; // owned by md
    bool ok = md && EVP_DigestVerifyInit(md, &pctx, EVP_sha256(), nullptr, key.pkey()) == 1;
    if (ok && alg == QStringLiteral("PS256")) {
        // RFC 7518 §3.5: MGF1 with SHA-256 and a salt as long as the hash.
        ok = EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
             EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) == 1 &&
             EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256()) == 1;
    } else if (ok && alg == QStringLiteral("RS256")) {
        ok = EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) == 1;
    }
    ok = ok && EVP_DigestVerify(md,
                                reinterpret_cast<const unsigned char *>(sig.constData()),
                                size_t(sig.size()),
                                reinterpret_cast<const unsigned char *>(signingInput.constData()),
                                size_t(signingInput.size())) == 1;
    EVP_MD_CTX_free(md);
    return ok;
}

Expected<QJsonObject> JwtVerifier::verify(const QByteArray &token, const JwkSet &keys, const JwtExpectations &expect,
                                          const QDateTime &now)
{
    Expected<JwtParts> parts = parse(token);
    if (!parts)
        return parts.error();
    const QList<Jwk> candidates = keys.candidates(parts->kid, parts->alg);
    if (candidates.isEmpty())
        return jwtError("jwt_unknown_kid",
                        parts->kid.isEmpty()
                            ? QStringLiteral("no key of the issuer fits a %1 token").arg(parts->alg)
                            : QStringLiteral("the issuer has no %1 key '%2'").arg(parts->alg, parts->kid));
    const bool verified = std::any_of(candidates.begin(), candidates.end(), [&](const Jwk &k) {
        return verifySignature(parts->alg, k, parts->signingInput, parts->signature);
    });
    if (!verified)
        return jwtError("jwt_bad_signature", QStringLiteral("the token's signature does not verify"));
    if (Status s = checkClaims(parts->claims, expect, now); !s)
        return s.error();
    return parts->claims;
}

Status JwtVerifier::checkClaims(const QJsonObject &claims, const JwtExpectations &expect, const QDateTime &now)
{
    const qint64 t = now.toSecsSinceEpoch();
    qint64 exp = 0;
    if (!numericDate(claims, QStringLiteral("exp"), &exp))
        return jwtError("jwt_malformed", QStringLiteral("the token has no expiry (exp)"));
    if (t > exp + expect.leewaySeconds)
        return jwtError("jwt_expired", QStringLiteral("the token expired at %1").arg(exp));
    qint64 nbf = 0;
    if (claims.contains(QStringLiteral("nbf"))) {
        if (!numericDate(claims, QStringLiteral("nbf"), &nbf))
            return jwtError("jwt_malformed", QStringLiteral("the token's nbf is not a date"));
        if (t + expect.leewaySeconds < nbf)
            return jwtError("jwt_not_yet_valid", QStringLiteral("the token is not valid before %1").arg(nbf));
    }
    qint64 iat = 0;
    if (claims.contains(QStringLiteral("iat"))) {
        if (!numericDate(claims, QStringLiteral("iat"), &iat))
            return jwtError("jwt_malformed", QStringLiteral("the token's iat is not a date"));
        if (t + expect.leewaySeconds < iat)
            return jwtError("jwt_not_yet_valid", QStringLiteral("the token claims to be issued in the future"));
    }

    if (claims.value(QStringLiteral("iss")).toString() != expect.issuer || expect.issuer.isEmpty())
        return jwtError("jwt_wrong_issuer",
                        QStringLiteral("the token was issued by '%1', not by '%2'")
                            .arg(claims.value(QStringLiteral("iss")).toString(), expect.issuer));

    QStringList aud;
    const QJsonValue audValue = claims.value(QStringLiteral("aud"));
    if (audValue.isString())
        aud << audValue.toString();
    else
        for (const QJsonValue &a : audValue.toArray())
            aud << a.toString();
    const bool audOk = std::any_of(expect.audiences.begin(), expect.audiences.end(), [&](const QString &a) {
        return !a.isEmpty() && aud.contains(a);
    });
    if (!audOk)
        return jwtError(
            "jwt_wrong_audience",
            QStringLiteral("the token is meant for '%1', not for this client").arg(aud.join(QStringLiteral(", "))));
    if (!expect.authorizedParty.isEmpty() && aud.size() > 1 &&
        claims.value(QStringLiteral("azp")).toString() != expect.authorizedParty)
        return jwtError("jwt_wrong_audience", QStringLiteral("the token was issued to another party (azp)"));

    if (!expect.nonce.isEmpty() && claims.value(QStringLiteral("nonce")).toString() != expect.nonce)
        return jwtError("jwt_wrong_nonce", QStringLiteral("the token's nonce does not match this login"));
    return Done{};
}

} // namespace sanctum
