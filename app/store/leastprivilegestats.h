#pragma once

#include "domain/error.h"
#include "domain/scopeset.h"
#include "store/usagestats.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace sanctum {

class Database;

// Every recorded call of one shape: same agent, connection, allowing (or
// lacking) scope, method, route and upstream-accepted scopes. A million
// events collapse into a few hundred of these.
struct CallPattern {
    QString agentId;
    QString connection;
    QString scope; // empty: refused before any rule matched
    QString method;
    QString pathTemplate;
    QString acceptedScopes; // the upstream's X-Accepted-OAuth-Scopes; empty when not recorded
    qint64 allowed = 0;
    qint64 denied = 0; // step-up refusals included
    QDateTime lastAllowed;
    QDateTime lastDenied;
};

struct CallPatternFilter {
    QString agentId;    // empty: every agent
    QString connection; // empty: every connection
    bool allowedOnly = false;
};

// A mission's time as an active grant, clipped to nothing: from approval
// until it ended, or until it expires if it is still running.
struct MissionSpan {
    QString agentId;
    QString connection;
    ScopeSet scopes;       // held for the whole span
    ScopeSet stepUpScopes; // granted one call at a time, never held
    QDateTime from;
    QDateTime to;
};

// One scope of one agent on one connection with at least one allowed call
// in one UTC hour.
struct ScopeHour {
    QString agentId;
    QString connection;
    QString scope;
    QDateTime hour;
};

// The store's side of the least-privilege analysis: each question is one
// GROUP BY (or one scan of the missions), in the portable SQL UsageStats
// uses, with the same outcome rules (UsageStats::kindOf).
class LeastPrivilegeStats {
public:
    explicit LeastPrivilegeStats(Database &db)
        : m_db(db)
    {
    }

    Expected<QList<CallPattern>> patterns(const UsageWindow &window, const CallPatternFilter &filter = {}) const;
    // Missions that were active for some part of the window.
    Expected<QList<MissionSpan>> missionSpans(const UsageWindow &window) const;
    // Only hours with an allowed call that a scope let through.
    Expected<QList<ScopeHour>> usedScopeHours(const UsageWindow &window) const;

private:
    Database &m_db;
};

} // namespace sanctum
