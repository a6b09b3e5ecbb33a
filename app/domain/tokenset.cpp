#include "domain/tokenset.h"

#include "domain/securerandom.h"

namespace sanctum {

TokenSet::~TokenSet()
{
    secureZero(accessToken);
    secureZero(refreshToken);
    secureZero(idToken);
}

UpstreamToken::~UpstreamToken()
{
    secureZero(accessToken);
}

bool TokenSet::fromJson(const QJsonObject &json, const QDateTime &now, TokenSet *out)
{
    const QString access = json.value(QStringLiteral("access_token")).toString();
    if (access.isEmpty())
        return false;
    out->accessToken = access.toUtf8();
    out->refreshToken = json.value(QStringLiteral("refresh_token")).toString().toUtf8();
    out->idToken = json.value(QStringLiteral("id_token")).toString().toUtf8();
    out->tokenType = json.value(QStringLiteral("token_type")).toString();
    out->scope = json.value(QStringLiteral("scope")).toString();
    const double expiresIn = json.value(QStringLiteral("expires_in")).toDouble(0);
    out->expiresAt = expiresIn > 0 ? now.addSecs(qint64(expiresIn)) : QDateTime();
    return true;
}

} // namespace sanctum
