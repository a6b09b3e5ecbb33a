#pragma once

#include "domain/mission.h"
#include "domain/usageevent.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>

namespace sanctum {

class AuditLog;
class Clock;
class Database;
class MissionRegistry;
class UsageRecorder;

// Something in the recorded use that an operator should hear about.
struct Anomaly {
    enum class Kind { FirstScopeUse, DeniedBurst, IdleMission };
    Kind kind = Kind::FirstScopeUse;
    QString agentId;
    QString missionId; // IdleMission; the mission that made the first use otherwise
    QString connection;
    QString scope;          // FirstScopeUse
    int deniedCount = 0;    // DeniedBurst: refusals within the burst window
    QString action() const; // the audit action: "anomaly.first_scope_use", …
};

// Watches usage and missions for what least privilege cares about: an agent
// using a scope for the first time ever, a burst of refused calls (an agent
// probing beyond its mission), and a mission that ended without using
// anything (a grant nobody needed). Each becomes one audit entry and one
// `detected` signal (the control panel notifies), once.
//
// Cheap on the broker's thread: "first ever" is one indexed lookup per
// agent and scope not yet seen in this run; "used nothing" is answered from
// this run's batches, and from one lookup only for a mission that was
// already active when Sanctum started.
class AnomalyDetector : public QObject {
    Q_OBJECT
public:
    static constexpr int kBurstDenials = 5;           // refusals …
    static constexpr qint64 kBurstWindowSecs = 60;    // … within this long
    static constexpr qint64 kBurstCooldownSecs = 600; // then quiet for this long per agent

    AnomalyDetector(Database &db, UsageRecorder &usage, MissionRegistry &missions, AuditLog &audit, const Clock &clock,
                    QObject *parent = nullptr);

Q_SIGNALS:
    void detected(const sanctum::Anomaly &anomaly);

private:
    void onCommitted(const QList<UsageEvent> &events);
    void onMissionChanged(const Mission &mission);
    void checkIdle(const Mission &mission);
    bool usedBefore(const QString &agentId, const QString &scope, qint64 beforeId) const;
    bool missionUsedAnything(const QString &missionId) const;
    void report(const Anomaly &anomaly);

    Database &m_db;
    UsageRecorder &m_usage;
    AuditLog &m_audit;
    QDateTime m_startedAt;
    QSet<QString> m_usedScopes;                 // agent + '\n' + scope known used
    QSet<QString> m_missionsWithUse;            // missions with an allowed call seen in this run
    QHash<QString, QList<QDateTime>> m_denials; // agent → recent refusals
    QHash<QString, QDateTime> m_quietUntil;     // agent → no burst report before
};

} // namespace sanctum

Q_DECLARE_METATYPE(sanctum::Anomaly)
