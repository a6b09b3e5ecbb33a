#include "auth/jwk.h"

#include <QJsonArray>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

namespace sanctum {

namespace {
Error invalidKey(const QString &message)
{
    return Error{QStringLiteral("jwks_invalid"), message};
}

// JWK members are base64url without padding (RFC 7518 §6).
bool decodeMember(const QJsonObject &json, const QString &name, QByteArray *out)
{
    const QJsonValue v = json.value(name);
    if (!v.isString())
        return false;
    auto decoded = QByteArray::fromBase64Encoding(
        v.toString().toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.isEmpty())
        return false;
    *out = std::move(decoded.decoded);
    return true;
}

std::shared_ptr<EVP_PKEY> keyFromParams(const char *type, OSSL_PARAM_BLD *bld)
{
    OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(bld);
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr);
    EVP_PKEY *pkey = nullptr;
    if (params && ctx && EVP_PKEY_fromdata_init(ctx) == 1)
        EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params);
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
    return pkey ? std::shared_ptr<EVP_PKEY>(pkey, &EVP_PKEY_free) : nullptr;
}

std::shared_ptr<EVP_PKEY> rsaKey(const QByteArray &n, const QByteArray &e)
{
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    BIGNUM *bn = BN_bin2bn(reinterpret_cast<const unsigned char *>(n.constData()), int(n.size()), nullptr);
    BIGNUM *be = BN_bin2bn(reinterpret_cast<const unsigned char *>(e.constData()), int(e.size()), nullptr);
    std::shared_ptr<EVP_PKEY> key;
    if (bld && bn && be && OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn) == 1 &&
        OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, be) == 1)
        key = keyFromParams("RSA", bld);
    BN_free(bn);
    BN_free(be);
    OSSL_PARAM_BLD_free(bld);
    return key;
}

std::shared_ptr<EVP_PKEY> p256Key(const QByteArray &x, const QByteArray &y)
{
    // Uncompressed SEC1 point: 0x04 ‖ X ‖ Y, each coordinate 32 bytes.
    QByteArray point;
    point.reserve(65);
    point.append('\x04').append(x).append(y);
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    std::shared_ptr<EVP_PKEY> key;
    if (bld && OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) == 1 &&
        OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point.constData(), size_t(point.size())) == 1)
        key = keyFromParams("EC", bld);
    OSSL_PARAM_BLD_free(bld);
    // fromdata does not check that the point lies on the curve; a key that
    // fails this check could be used for an invalid-curve attack.
    if (key) {
        EVP_PKEY_CTX *check = EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr);
        const bool valid = check && EVP_PKEY_public_check(check) == 1;
        EVP_PKEY_CTX_free(check);
        if (!valid)
            key.reset();
    }
    return key;
}
} // namespace

Expected<Jwk> Jwk::fromJson(const QJsonObject &json)
{
    Jwk k;
    k.m_kid = json.value(QStringLiteral("kid")).toString();
    k.m_kty = json.value(QStringLiteral("kty")).toString();
    k.m_alg = json.value(QStringLiteral("alg")).toString();
    const QString use = json.value(QStringLiteral("use")).toString();
    if (!use.isEmpty() && use != QStringLiteral("sig"))
        return invalidKey(QStringLiteral("key '%1' is not a signing key (use %2)").arg(k.m_kid, use));
    // A JWKS publishes public keys; one carrying private members is a leak or a trap.
    for (const char *priv : {"d", "p", "q", "dp", "dq", "qi", "k"})
        if (json.contains(QLatin1String(priv)))
            return invalidKey(QStringLiteral("key '%1' carries private or symmetric key material").arg(k.m_kid));

    if (k.m_kty == QStringLiteral("RSA")) {
        QByteArray n, e;
        if (!decodeMember(json, QStringLiteral("n"), &n) || !decodeMember(json, QStringLiteral("e"), &e))
            return invalidKey(QStringLiteral("RSA key '%1' lacks a valid n or e").arg(k.m_kid));
        while (n.startsWith('\0'))
            n.remove(0, 1);
        if (n.size() * 8 < 2048)
            return invalidKey(QStringLiteral("RSA key '%1' is shorter than 2048 bits").arg(k.m_kid));
        k.m_pkey = rsaKey(n, e);
    } else if (k.m_kty == QStringLiteral("EC")) {
        if (json.value(QStringLiteral("crv")).toString() != QStringLiteral("P-256"))
            return invalidKey(QStringLiteral("EC key '%1' is not on P-256").arg(k.m_kid));
        QByteArray x, y;
        if (!decodeMember(json, QStringLiteral("x"), &x) || !decodeMember(json, QStringLiteral("y"), &y) ||
            x.size() != 32 || y.size() != 32)
            return invalidKey(QStringLiteral("EC key '%1' lacks valid x and y coordinates").arg(k.m_kid));
        k.m_pkey = p256Key(x, y);
    } else {
        return invalidKey(QStringLiteral("key '%1' has unsupported type '%2'").arg(k.m_kid, k.m_kty));
    }
    if (!k.m_pkey)
        return invalidKey(QStringLiteral("key '%1' is not a valid %2 public key").arg(k.m_kid, k.m_kty));
    return k;
}

bool Jwk::suits(const QString &alg) const
{
    if (!m_alg.isEmpty() && m_alg != alg)
        return false;
    if (alg == QStringLiteral("RS256") || alg == QStringLiteral("PS256"))
        return m_kty == QStringLiteral("RSA");
    if (alg == QStringLiteral("ES256"))
        return m_kty == QStringLiteral("EC");
    return false;
}

Expected<JwkSet> JwkSet::fromJson(const QJsonObject &json)
{
    const QJsonValue keys = json.value(QStringLiteral("keys"));
    if (!keys.isArray())
        return invalidKey(QStringLiteral("the JWKS has no \"keys\" array"));
    JwkSet set;
    for (const QJsonValue &v : keys.toArray()) {
        Expected<Jwk> k = Jwk::fromJson(v.toObject());
        if (k)
            set.m_keys.append(*k);
        else
            set.m_skipped.append(k.error().message);
    }
    return set;
}

QList<Jwk> JwkSet::candidates(const QString &kid, const QString &alg) const
{
    QList<Jwk> out;
    for (const Jwk &k : m_keys)
        if ((kid.isEmpty() || k.kid() == kid) && k.suits(alg))
            out.append(k);
    return out;
}

bool JwkSet::hasKid(const QString &kid) const
{
    return std::any_of(m_keys.begin(), m_keys.end(), [&](const Jwk &k) { return k.kid() == kid; });
}

} // namespace sanctum
