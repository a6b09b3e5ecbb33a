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

    // The upstream API base for `connection`: configured, or the well-known
    // one for its upstream (GitHub: https://api.github.com), or invalid.
    QUrl apiBase(const QString &connection) const;
};

} // namespace sanctum
