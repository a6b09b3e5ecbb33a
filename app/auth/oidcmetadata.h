#pragma once

#include "domain/error.h"

#include <QJsonObject>
#include <QStringList>
#include <QUrl>

namespace sanctum {

// What OIDC discovery (/.well-known/openid-configuration) says about a tenant,
// checked before anything relies on it: the issuer must be exactly the one
// configured (OIDC Discovery §4.3, so a compromised document cannot redirect
// us to another tenant's endpoints), every endpoint must be https (or http to
// this machine), and PKCE S256 must be on offer when the server lists methods.
struct OidcMetadata {
    QUrl issuer;
    QUrl authorizationEndpoint;
    QUrl tokenEndpoint;
    QUrl jwksUri;
    QUrl deviceAuthorizationEndpoint;   // optional
    QUrl revocationEndpoint;            // optional
    QUrl userinfoEndpoint;              // optional
    QUrl introspectionEndpoint;         // optional
    bool issParameterSupported = false; // RFC 9207

    static Expected<OidcMetadata> fromJson(const QJsonObject &json, const QUrl &expectedIssuer);
    static QUrl discoveryUrl(const QUrl &issuer);
    // Issuers compare as strings, but "https://t.example" and "https://t.example/" are the same tenant.
    static bool sameIssuer(const QString &a, const QString &b);
};

} // namespace sanctum
