#include "providers/provider.h"

#include "domain/tenantconfig.h"
#include "providers/github/githubprovider.h"
#include "upstream/httpclient.h"

namespace sanctum {

ScopeSet Provider::heldScopes(const ClientResponse &response) const
{
    ScopeSet held;
    for (const QByteArray &s : response.headers.value(heldScopesHeader()).split(','))
        if (const QByteArray scope = s.trimmed(); !scope.isEmpty())
            held.insert(QString::fromLatin1(scope));
    return held;
}

const Provider *Provider::find(const QString &connection)
{
    static const GitHubProvider github;
    if (connection == github.name())
        return &github;
    return nullptr;
}

QUrl Provider::apiBase(const TenantConfig &config, const QString &connection)
{
    if (const QUrl configured = config.apiBase(connection); configured.isValid())
        return configured;
    const Provider *provider = find(connection);
    return provider ? provider->defaultApiBase() : QUrl();
}

} // namespace sanctum
