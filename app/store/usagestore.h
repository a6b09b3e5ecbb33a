#pragma once

#include "domain/error.h"
#include "domain/usageevent.h"

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
    // Gives each event its row id on success.
    Status insert(QList<UsageEvent> &events);
    // The newest event's row id (0 for none).
    Expected<qint64> lastEventId() const;
    // Newest first.
    Expected<QList<UsageEvent>> list(const UsageFilter &filter) const;
    // Whether the agent used the scope (as UsageSql counts use) in an event
    // older than `beforeId`; 0 or less: in any event.
    Expected<bool> hasUseBefore(const QString &agentId, const QString &scope, qint64 beforeId) const;
    // Whether any call of the mission used a scope.
    Expected<bool> missionHasUse(const QString &missionId) const;

private:
    Database &m_db;
};

} // namespace sanctum
