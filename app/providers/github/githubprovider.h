#pragma once

#include "providers/provider.h"

namespace sanctum {

// GitHub (and GitHub Enterprise Server, at its own API base): classic OAuth
// scopes, which the scope map nests; X-OAuth-Scopes on every answer says
// what the token holds and X-Accepted-OAuth-Scopes what the endpoint takes;
// an OAuth app's token is revoked with
//   DELETE {api}/applications/{client_id}/token  {"access_token": …}
// under the app's basic authentication.
class GitHubProvider : public Provider {
public:
    QString name() const override { return QStringLiteral("github"); }
    QUrl defaultApiBase() const override { return QUrl(QStringLiteral("https://api.github.com")); }
    QByteArray heldScopesHeader() const override { return QByteArrayLiteral("x-oauth-scopes"); }
    QByteArray acceptedScopesHeader() const override { return QByteArrayLiteral("x-accepted-oauth-scopes"); }
    ClientRequest heldScopesProbe(const QUrl &apiBase, const QByteArray &accessToken) const override;
    void revoke(HttpClient &http, const UpstreamRevocation &where, const QByteArray &accessToken,
                std::function<void(Status)> done) const override;
};

} // namespace sanctum
