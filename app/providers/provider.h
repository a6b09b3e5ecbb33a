#pragma once

#include "domain/error.h"
#include "domain/scopeset.h"
#include "domain/upstreamrevocation.h"

#include <QByteArray>
#include <QString>
#include <QUrl>

#include <functional>

namespace sanctum {

class HttpClient;
struct ClientRequest;
struct ClientResponse;
struct TenantConfig;

// Everything Sanctum knows about one upstream API that is not in its scope
// map: where it answers, how it says which scopes a token holds and which an
// endpoint accepts, and how a token is revoked there. One subclass per
// upstream, each in its own folder (github/); nothing outside providers/
// names an upstream.
class Provider {
public:
    virtual ~Provider() = default;

    // The upstream's name, as connections and scope maps call it.
    virtual QString name() const = 0;
    // Where its public API answers when the tenant configuration says nothing.
    virtual QUrl defaultApiBase() const = 0;

    // Response headers (lower case) naming the scopes the token holds and
    // the scopes the endpoint accepts; empty when the upstream does not say.
    virtual QByteArray heldScopesHeader() const = 0;
    virtual QByteArray acceptedScopesHeader() const = 0;

    // A cheap authenticated request whose answer carries the held scopes.
    virtual ClientRequest heldScopesProbe(const QUrl &apiBase, const QByteArray &accessToken) const = 0;
    ScopeSet heldScopes(const ClientResponse &response) const;

    // Kills `accessToken` at the upstream, as the OAuth app in `where`.
    // Done only once the upstream confirmed it.
    virtual void revoke(HttpClient &http, const UpstreamRevocation &where, const QByteArray &accessToken,
                        std::function<void(Status)> done) const = 0;

    // The provider behind a connection; null for an upstream Sanctum does not know.
    static const Provider *find(const QString &connection);
    // The connection's API base: configured in the tenant, or the provider's own.
    static QUrl apiBase(const TenantConfig &config, const QString &connection);
};

} // namespace sanctum
