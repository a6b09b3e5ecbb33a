#include "services/anomalies/anomalydetector.h"

#include "domain/actor.h"

#include "domain/clock.h"
#include "domain/logging.h"
#include "services/agents/agentregistry.h"
#include "services/missions/missionregistry.h"
#include "store/auditlog.h"
#include "store/database.h"
#include "store/usagerecorder.h"
#include "store/usagestore.h"

#include <QJsonObject>

namespace sanctum {

namespace {
QString key(const QString &agentId, const QString &scope)
{
    return agentId + QLatin1Char('\n') + scope;
}

bool ended(MissionState s)
{
    return s == MissionState::Completed || s == MissionState::Expired || s == MissionState::Revoked;
}
} // namespace

QString Anomaly::action() const
{
    switch (kind) {
    case Kind::FirstScopeUse:
        return QStringLiteral("anomaly.first_scope_use");
    case Kind::DeniedBurst:
        return QStringLiteral("anomaly.denied_burst");
    case Kind::IdleMission:
        return QStringLiteral("anomaly.idle_mission");
    }
    return {};
}

AnomalyDetector::AnomalyDetector(Database &db, UsageRecorder &usage, MissionRegistry &missions, AuditLog &audit,
                                 const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_db(db)
    , m_usage(usage)
    , m_audit(audit)
    , m_startedAt(clock.now())
{
    connect(&usage, &UsageRecorder::committed, this, &AnomalyDetector::onCommitted);
    connect(&missions, &MissionRegistry::missionChanged, this, &AnomalyDetector::onMissionChanged);
}

void AnomalyDetector::onCommitted(const QList<UsageEvent> &events)
{
    for (const UsageEvent &e : events) {
        if (e.outcome == UsageEvent::Outcome::Allowed) {
            if (!e.missionId.isEmpty())
                m_missionsWithUse.insert(e.missionId);
            if (e.scope.isEmpty() || m_usedScopes.contains(key(e.agentId, e.scope)))
                continue;
            m_usedScopes.insert(key(e.agentId, e.scope));
            if (!usedBefore(e.agentId, e.scope, e.id))
                report({Anomaly::Kind::FirstScopeUse, e.agentId, e.missionId, e.connection, e.scope, 0});
        } else if (e.outcome == UsageEvent::Outcome::Denied || e.outcome == UsageEvent::Outcome::StepUpDenied) {
            QList<QDateTime> &recent = m_denials[e.agentId];
            recent.append(e.at);
            const QDateTime since = e.at.addSecs(-kBurstWindowSecs);
            while (!recent.isEmpty() && recent.constFirst() < since)
                recent.removeFirst();
            const QDateTime quiet = m_quietUntil.value(e.agentId);
            if (recent.size() >= kBurstDenials && (!quiet.isValid() || e.at >= quiet)) {
                report({Anomaly::Kind::DeniedBurst, e.agentId, e.missionId, e.connection, {}, int(recent.size())});
                m_quietUntil.insert(e.agentId, e.at.addSecs(kBurstCooldownSecs));
                recent.clear();
            }
        }
    }
}

void AnomalyDetector::onMissionChanged(const Mission &mission)
{
    if (!ended(mission.state) || !mission.decidedAt.isValid())
        return; // only missions that were active can have wasted their grant
    // Its last calls may still be on their way to the store: decide once
    // everything recorded so far is committed.
    m_usage.whenCommitted([this, mission](Status) { checkIdle(mission); });
}

void AnomalyDetector::checkIdle(const Mission &mission)
{
    if (m_missionsWithUse.remove(mission.id))
        return;
    // Active before this run started: its use may predate what this run saw.
    if (mission.decidedAt < m_startedAt && missionUsedAnything(mission.id))
        return;
    report({Anomaly::Kind::IdleMission, mission.agentId, mission.id, mission.request.connection, {}, 0});
}

bool AnomalyDetector::usedBefore(const QString &agentId, const QString &scope, qint64 beforeId) const
{
    const Expected<bool> used = UsageStore(m_db).hasUseBefore(agentId, scope, beforeId);
    return !used || *used; // unsure: better no report than a false one
}

bool AnomalyDetector::missionUsedAnything(const QString &missionId) const
{
    const Expected<bool> used = UsageStore(m_db).missionHasUse(missionId);
    return !used || *used;
}

void AnomalyDetector::report(const Anomaly &anomaly)
{
    QJsonObject details{{QStringLiteral("agent"), anomaly.agentId}, {QStringLiteral("connection"), anomaly.connection}};
    if (!anomaly.scope.isEmpty())
        details.insert(QStringLiteral("scope"), anomaly.scope);
    if (!anomaly.missionId.isEmpty())
        details.insert(QStringLiteral("mission"), anomaly.missionId);
    if (anomaly.deniedCount > 0)
        details.insert(QStringLiteral("denied"), anomaly.deniedCount);
    const bool aboutMission = anomaly.kind == Anomaly::Kind::IdleMission;
    const Expected<AuditEvent> logged =
        m_audit.append({Actor::system(),
                        anomaly.action(),
                        aboutMission ? QStringLiteral("mission") : QStringLiteral("agent"),
                        aboutMission ? anomaly.missionId : anomaly.agentId,
                        details});
    if (!logged)
        qCWarning(lcCore).noquote() << "could not audit" << anomaly.action() << ':' << logged.error().message;
    Q_EMIT detected(anomaly);
}

} // namespace sanctum
