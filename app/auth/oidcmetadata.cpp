#include "auth/oidcmetadata.h"
#include "domain/endpointpolicy.h"

#include "upstream/httpclient.h"

#include <QJsonArray>

namespace sanctum {

namespace {
Error invalid(const QString &message)
{
    return Error{QStringLiteral("discovery_invalid"), message};
}
} // namespace

bool OidcMetadata::sameIssuer(const QString &a, const QString &b)
{
    auto norm = [](QString s) {
        while (s.endsWith(QLatin1Char('/')))
            s.chop(1);
        return s;
    };
    return !a.isEmpty() && norm(a) == norm(b);
}

QUrl OidcMetadata::discoveryUrl(const QUrl &issuer)
{
    QUrl u = issuer;
    QString path = u.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    u.setPath(path + QStringLiteral("/.well-known/openid-configuration"));
    return u;
}

Expected<OidcMetadata> OidcMetadata::fromJson(const QJsonObject &json, const QUrl &expectedIssuer)
{
    OidcMetadata m;
    const QString issuer = json.value(QStringLiteral("issuer")).toString();
    if (!sameIssuer(issuer, expectedIssuer.toString()))
        return invalid(QStringLiteral("the tenant says its issuer is '%1', not '%2' as configured")
                           .arg(issuer, expectedIssuer.toString()));
    m.issuer = QUrl(issuer);

    struct Field {
        const char *name;
        QUrl *target;
        bool required;
    };
    const Field fields[] = {
        {"authorization_endpoint", &m.authorizationEndpoint, true},
        {"token_endpoint", &m.tokenEndpoint, true},
        {"jwks_uri", &m.jwksUri, true},
        {"device_authorization_endpoint", &m.deviceAuthorizationEndpoint, false},
        {"revocation_endpoint", &m.revocationEndpoint, false},
        {"userinfo_endpoint", &m.userinfoEndpoint, false},
        {"introspection_endpoint", &m.introspectionEndpoint, false},
    };
    for (const Field &f : fields) {
        const QString name = QString::fromLatin1(f.name);
        const QJsonValue v = json.value(name);
        if (v.isUndefined() || v.isNull()) {
            if (f.required)
                return invalid(QStringLiteral("the tenant's discovery document has no %1").arg(name));
            continue;
        }
        const QUrl url(v.toString(), QUrl::StrictMode);
        if (!isAllowedEndpoint(url))
            return invalid(QStringLiteral("the tenant's %1 '%2' is not a secure URL").arg(name, v.toString()));
        *f.target = url;
    }

    const QJsonValue methods = json.value(QStringLiteral("code_challenge_methods_supported"));
    if (methods.isArray() && !methods.toArray().contains(QStringLiteral("S256")))
        return invalid(QStringLiteral("the tenant does not support PKCE with S256"));
    m.issParameterSupported = json.value(QStringLiteral("authorization_response_iss_parameter_supported")).toBool();
    return m;
}

} // namespace sanctum
