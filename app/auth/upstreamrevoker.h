#pragma once

#include "error.h"

#include <QObject>
#include <QUrl>

#include <functional>

namespace sanctum {

class HttpClient;

// Where and as whom an upstream token can be revoked at the upstream itself.
// For GitHub that is the OAuth app behind the Auth0 connection: its client id
// and secret, which the operator owns (they configured the connection).
struct UpstreamRevocation {
    QUrl apiBase; // e.g. https://api.github.com
    QString clientId;
    QByteArray clientSecret;

    bool isConfigured() const { return apiBase.isValid() && !clientId.isEmpty() && !clientSecret.isEmpty(); }
};

// Revokes an upstream (GitHub-style) OAuth token:
//   DELETE {api}/applications/{client_id}/token  {"access_token": …}
// with the OAuth app's basic authentication. Done only once the upstream
// confirmed it (204).
class UpstreamRevoker {
public:
    static void revoke(HttpClient &http, const UpstreamRevocation &where, const QByteArray &accessToken,
                       std::function<void(Status)> done);
};

} // namespace sanctum
