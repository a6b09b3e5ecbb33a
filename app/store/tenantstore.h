#pragma once

#include "domain/error.h"
#include "domain/tenantconfig.h"
#include "domain/upstreamrevocation.h"

#include <QHash>
#include <QJsonObject>

#include <optional>

namespace sanctum {

class Database;

// The tenant Sanctum signs in to, kept in the database without its client
// secret (that one lives in the keychain).
class TenantStore {
public:
    explicit TenantStore(Database &db)
        : m_db(db)
    {
    }

    Expected<std::optional<TenantConfig>> load() const;
    // Writes the configuration; the client secret, if set, is not written.
    Status save(const TenantConfig &config);

    // A sign-out whose refresh-token revocation the tenant has not confirmed.
    bool revocationPending() const;
    void setRevocationPending(bool pending);

    // Per connection, where its upstream tokens can be revoked (no secrets).
    QHash<QString, UpstreamRevocation> loadRevocations() const;
    void saveRevocations(const QHash<QString, UpstreamRevocation> &revocations);

    static QJsonObject toJson(const TenantConfig &config);
    static Expected<TenantConfig> fromJson(const QJsonObject &json);

private:
    Database &m_db;
};

} // namespace sanctum
