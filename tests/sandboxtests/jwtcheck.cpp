#include "jwtcheck.h"

#include "auth/jwk.h"
#include "auth/jwtverifier.h"

namespace sanctum::test {

QJsonObject findKey(const QJsonArray &keys, const QString &kid)
{
    for (const QJsonValue &k : keys)
        if (k.toObject().value(QStringLiteral("kid")).toString() == kid)
            return k.toObject();
    return {};
}

bool verifyJwt(const QString &jwt, const QJsonObject &jwk, QString *error)
{
    auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    const Expected<Jwk> key = Jwk::fromJson(jwk);
    if (!key)
        return fail(key.error().message);
    const Expected<JwtParts> parts = JwtVerifier::parse(jwt.toLatin1());
    if (!parts)
        return fail(parts.error().message);
    if (!JwtVerifier::verifySignature(parts->alg, *key, parts->signingInput, parts->signature))
        return fail(QStringLiteral("the %1 signature does not verify with key '%2'").arg(parts->alg, key->kid()));
    return true;
}

} // namespace sanctum::test
