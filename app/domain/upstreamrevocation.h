#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>

namespace sanctum {

// Where and as whom an upstream token can be revoked at the upstream itself.
// For GitHub that is the OAuth app behind the Auth0 connection: its client id
// and secret, which the operator owns (they configured the connection).
struct UpstreamRevocation {
    QUrl apiBase; // e.g. https://api.github.com
    QString clientId;
    QByteArray clientSecret;

    bool isConfigured() const { return apiBase.isValid() && !clientId.isEmpty() && !clientSecret.isEmpty(); }
};

} // namespace sanctum
