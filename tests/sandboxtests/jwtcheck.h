#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace sanctum::test {

// Verifies a compact JWS (RS256, PS256 or ES256) with one public JWK through
// Sanctum's own verifier, so the sandbox's tokens are checked by the code
// that will consume them.
bool verifyJwt(const QString &jwt, const QJsonObject &jwk, QString *error = nullptr);

// The JWK in `keys` (a JWKS "keys" array) with this kid; empty if none.
QJsonObject findKey(const QJsonArray &keys, const QString &kid);

} // namespace sanctum::test
