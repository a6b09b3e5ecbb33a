#pragma once

#include "domain/error.h"
#include "store/usagestats.h"

#include <QJsonObject>
#include <QList>

namespace sanctum {

class Database;

// Privilege-time in scope-hours. One scope-hour is one scope held (for any
// part of) one UTC hour of the window; it is "used" when at least one call
// that scope let through was made in that hour, and "unused" otherwise.
struct ExposureFigures {
    qint64 held = 0;
    qint64 used = 0;
    qint64 unused() const { return held - used; }
    QJsonObject toJson() const;
};

// One agent under a standing grant versus under missions.
struct AgentExposure {
    QString agentId;
    ExposureFigures standing; // the connections' full scopes, every hour of the window
    ExposureFigures missions; // each mission's scopes, only in the hours it was active
    // How much of the standing grant's unused privilege-time missions avoid.
    double reductionPercent() const;
    QJsonObject toJson() const;
};

struct ExposureReport {
    UsageWindow window;
    qint64 windowHours = 0;
    QList<AgentExposure> agents; // ordered by agent id
    ExposureFigures standing;    // totals over the agents
    ExposureFigures missions;
    double reductionPercent() const;
    QJsonObject toJson() const;

    static double reduction(const ExposureFigures &standing, const ExposureFigures &missions);
};

// Unused privilege-time of every agent that held a mission in the window,
// compared with what a standing grant of the same connections would have
// left lying around. The standing grant is the connection's held scopes
// (Connection::heldScopes) or, when Sanctum never learnt them, the union of
// every scope granted on that connection in the window. Step-up scopes are
// never held by a mission (each call asks), so they count only in the
// standing grant, where they would be held.
class ExposureAnalyzer {
public:
    explicit ExposureAnalyzer(Database &db)
        : m_db(db)
    {
    }

    // Both ends of `window` must be set.
    Expected<ExposureReport> report(const UsageWindow &window) const;

private:
    Database &m_db;
};

} // namespace sanctum
