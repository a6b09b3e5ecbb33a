#pragma once

#include "domain/scopeset.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace sanctum {

// An upstream account reached through Auth0 Token Vault (e.g. the operator's
// GitHub). Sanctum never holds its long-lived credential; it only knows which
// scopes the connected account holds and how healthy the link is.
struct Connection {
    enum class Health { Unknown, Connected, Expired, Revoked, Failing };

    QString name;     // the Auth0 connection name, e.g. "github"
    QString upstream; // the scope map it uses, e.g. "github"
    ScopeSet heldScopes;
    Health health = Health::Unknown;
    QDateTime checkedAt;

    static QString healthName(Health h);
    static Health healthFromName(const QString &name);
    QJsonObject toJson() const;
};

} // namespace sanctum
