#pragma once

#include "error.h"
#include "usageevent.h"

#include <QList>

namespace sanctum {

class Database;

struct UsageFilter {
    QString agentId;   // empty: every agent
    QString missionId; // empty: every mission
    int limit = 100;
};

// Rows of the usage_events table.
class UsageStore {
public:
    explicit UsageStore(Database &db)
        : m_db(db)
    {
    }

    // All of them in one transaction: one fsync for a whole batch.
    Status insert(const QList<UsageEvent> &events);
    // Newest first.
    Expected<QList<UsageEvent>> list(const UsageFilter &filter) const;

private:
    Database &m_db;
};

} // namespace sanctum
