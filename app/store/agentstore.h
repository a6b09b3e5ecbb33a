#pragma once

#include "domain/agent.h"
#include "domain/error.h"

#include <QList>
#include <optional>

namespace sanctum {

class Database;

// Rows of the agents table. No logic and no audit here: AgentRegistry
// decides, this only reads and writes.
class AgentStore {
public:
    explicit AgentStore(Database &db)
        : m_db(db)
    {
    }

    Status insert(const Agent &agent);
    Status markRemoved(const QString &id, const QDateTime &at);
    Status touch(const QString &id, const QDateTime &at);
    Status replaceKey(const QString &id, const QString &keyHash, const QString &keyPrefix);

    // A live (not removed) agent by id or by name.
    Expected<std::optional<Agent>> findLive(const QString &idOrName) const;
    Expected<std::optional<Agent>> findByKeyHash(const QString &keyHash) const;
    Expected<QList<Agent>> list(bool includeRemoved = false) const;
    Expected<qint64> countLive() const;

private:
    Database &m_db;
};

} // namespace sanctum
