#pragma once

#include "domain/error.h"
#include "domain/upstreamrevocation.h"

#include <QObject>
#include <QUrl>

#include <functional>

namespace sanctum {

class HttpClient;

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
