#pragma once

#include "domain/error.h"
#include "domain/policy.h"

#include <QList>

namespace sanctum {

class Database;

// Rows of the policies table, one per connection plus "*" for the default.
class PolicyStore {
public:
    explicit PolicyStore(Database &db)
        : m_db(db)
    {
    }

    Status save(const Policy &policy, const QDateTime &at);
    // The policy for `connection`: its own row, else the "*" row, else the defaults.
    Expected<Policy> effective(const QString &connection) const;
    Expected<QList<Policy>> list() const;

private:
    Database &m_db;
};

} // namespace sanctum
