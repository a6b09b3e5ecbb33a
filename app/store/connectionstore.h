#pragma once

#include "domain/connection.h"
#include "domain/error.h"

#include <QList>

namespace sanctum {

class Database;

// The last known state of each upstream connection: which scopes its
// account held and how healthy it was when last checked.
class ConnectionStore {
public:
    explicit ConnectionStore(Database &db)
        : m_db(db)
    {
    }

    Status save(const Connection &connection);
    Expected<QList<Connection>> list() const;

private:
    Database &m_db;
};

} // namespace sanctum
