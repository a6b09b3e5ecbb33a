#pragma once

#include "domain/error.h"
#include "domain/mission.h"

#include <QList>
#include <optional>

namespace sanctum {

class Database;

struct MissionFilter {
    std::optional<MissionState> state;
    QString agentId; // empty: every agent
    int limit = 100;
};

// Rows of the missions table. MissionRegistry decides and audits; this only
// reads and writes.
class MissionStore {
public:
    explicit MissionStore(Database &db)
        : m_db(db)
    {
    }

    Status insert(const Mission &mission);
    // Writes the mutable part of a mission (state, decision, times, reason,
    // token hash) after a transition.
    Status update(const Mission &mission);
    Expected<std::optional<Mission>> find(const QString &id) const;
    // Newest first.
    Expected<QList<Mission>> list(const MissionFilter &filter) const;
    // Every pending or active mission: what a restart must pick up again.
    Expected<QList<Mission>> live() const;

private:
    Database &m_db;
};

} // namespace sanctum
