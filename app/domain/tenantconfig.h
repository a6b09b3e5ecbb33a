#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace sanctum {

// Which tenant to talk to, and as whom. The client secret is filled in at run
// time from the keychain; whoever persists a TenantConfig leaves it out.
struct TenantConfig {
    QUrl issuer;
    QString clientId;
    QByteArray clientSecret;
    QString audience;
    QStringList connections;
    // Where each connection's upstream API answers, when not at its usual
    // place (the sandbox's GitHub-like API, GitHub Enterprise Server).
    QHash<QString, QUrl> apiBases;

    // The upstream API base configured for `connection`, or invalid; the
    // provider's own is Provider::apiBase().
    QUrl apiBase(const QString &connection) const;
};

} // namespace sanctum
