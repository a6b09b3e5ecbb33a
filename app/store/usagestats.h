#pragma once

#include "domain/error.h"
#include "domain/mission.h"
#include "domain/scopeset.h"
#include "domain/usageevent.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

namespace sanctum {

class Database;

// A stretch of time, [from, to). An invalid end leaves that side open, so the
// default window is "all of it, and whatever comes next".
struct UsageWindow {
    QDateTime from;
    QDateTime to;

    bool contains(const QDateTime &t) const;
    friend bool operator==(const UsageWindow &, const UsageWindow &) = default;
};

// What one agent did with one scope in a window.
struct ScopeUsage {
    QString agentId;
    QString scope;
    qint64 allowed = 0;   // calls the scope let through: the scope was really used
    qint64 denied = 0;    // calls refused for lacking it (step-up refusals included)
    qint64 failed = 0;    // allowed, but the upstream or the broker failed them
    QDateTime lastUsed;   // last allowed call; invalid when none
    QDateTime lastDenied; // last refused call; invalid when none
};

// One agent's calls with one scope in one hour.
struct HourlyUsage {
    QString scope;
    QDateTime hour; // UTC, on the hour
    qint64 allowed = 0;
    qint64 denied = 0;
};

// The aggregates of one window and the newest event id they include, read
// together so they describe the same moment of the store.
struct UsageReading {
    QList<ScopeUsage> usage;
    QHash<QString, ScopeSet> granted;
    qint64 upToEventId = 0;
};

// The granted-versus-used arithmetic, done by the store in one GROUP BY per
// question, so a million usage events never pass through C++ one by one.
// The rules that decide what counts (which outcomes are "used", which
// missions "granted" a scope, which hour an instant falls in) live here
// once; the UI's incremental updates call the same functions, so a live
// view and a reload never disagree. Portable SQL: SQLite and PostgreSQL.
class UsageStats {
public:
    enum class Kind { Used, Denied, Failed };

    explicit UsageStats(Database &db)
        : m_db(db)
    {
    }

    // Per (agent, scope): events without a scope (refused before any rule
    // matched) belong to no scope and are left out.
    Expected<QList<ScopeUsage>> byAgentAndScope(const UsageWindow &window) const;
    // Per agent: the scopes and step-up scopes of every mission that was
    // granted (it became active) and either was active during the window or
    // was requested in it. Pending, denied and lapsed requests grant nothing.
    Expected<QHash<QString, ScopeSet>> grantedScopes(const UsageWindow &window) const;
    // The same, per agent and connection: key {agent id, connection}.
    Expected<QHash<std::pair<QString, QString>, ScopeSet>> grantedScopesByConnection(const UsageWindow &window) const;
    // One agent's calls by scope and hour; only hours with calls appear.
    Expected<QList<HourlyUsage>> hourly(const QString &agentId, const UsageWindow &window) const;

    // byAgentAndScope() and grantedScopes() with the newest event id, in one
    // read transaction (WAL readers never block the writer).
    Expected<UsageReading> reading(const UsageWindow &window) const;

    static Kind kindOf(UsageEvent::Outcome outcome);
    // The same question grantedScopes() asks the store, for one mission.
    static bool grantsWithin(const Mission &mission, const UsageWindow &window);
    // The start of the UTC hour `t` falls in, as hourly() buckets it.
    static QDateTime hourOf(const QDateTime &t);

private:
    Database &m_db;
};

} // namespace sanctum
