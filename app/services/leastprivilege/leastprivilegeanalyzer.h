#pragma once

#include "domain/error.h"
#include "services/leastprivilege/privilegeanalysis.h"
#include "store/usagestats.h"

#include <QList>

namespace sanctum {

class Database;
class ScopeMap;
class ScopeMapCatalog;

// Least privilege from recorded usage: per agent and connection, what was
// granted, used, never used and refused, and the smallest grant that would
// have let every allowed call through (analyze); and, for a proposed grant,
// exactly which past calls it would have refused (replay). The store does
// the counting (LeastPrivilegeStats::patterns, one GROUP BY); this class
// only reasons over the few hundred call shapes that come back.
//
// Synchronous and cheap enough for the admin socket; the UI should call it
// off the GUI thread (it only needs a Database connection of its own).
class LeastPrivilegeAnalyzer {
public:
    static constexpr int kDefaultDays = 30;

    LeastPrivilegeAnalyzer(Database &db, ScopeMapCatalog &maps)
        : m_db(db)
        , m_maps(maps)
    {
    }

    // [now - days, now).
    static UsageWindow lastDays(const QDateTime &now, int days = kDefaultDays);

    // Every agent (or just `agentId`) with a grant or a call in the window,
    // one entry per connection, ordered by agent id and connection.
    Expected<QList<PrivilegeAnalysis>> analyze(const UsageWindow &window, const QString &agentId = {}) const;
    // The window's allowed calls of the request's agent and/or connection,
    // judged again as if the proposal had been the grant.
    Expected<ReplayResult> replay(const ReplayRequest &request, const UsageWindow &window) const;

private:
    // The connection's scope map, as the broker finds it; null when Sanctum
    // has none (then the recorded scopes are all there is to go by).
    const ScopeMap *mapFor(const QString &connection) const;

    Database &m_db;
    ScopeMapCatalog &m_maps;
};

} // namespace sanctum
