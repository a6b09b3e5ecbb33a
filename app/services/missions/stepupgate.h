#pragma once

#include "domain/error.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>

namespace sanctum {

class AuditLog;
class Clock;

// One call that needs a dangerous scope, waiting for the operator.
struct StepUpRequest {
    QString id; // "el_" + 16 hex
    QString missionId;
    QString agentId;
    QString connection;
    QString scope;
    QString method;
    QString pathTemplate;
    QDateTime requestedAt;
    QDateTime expiresAt;

    QJsonObject toJson() const;
};

// Step-up for dangerous scopes: a mission never holds one for its lifetime;
// each call that needs it asks here, waits for a one-off approval, and the
// step-up is spent by that one call. Undecided requests lapse.
class StepUpGate : public QObject {
    Q_OBJECT

public:
    static constexpr int kDefaultWaitSeconds = 120;
    static constexpr int kMaxPendingPerMission = 4;

    StepUpGate(AuditLog &audit, const Clock &clock, QObject *parent = nullptr);

    void setWaitSeconds(int seconds) { m_waitSeconds = seconds; }
    // `decided` is called exactly once: Done when the operator allowed this
    // one call, an error when it was refused, lapsed or the mission ended.
    // A null `context` going away withdraws the request silently.
    Expected<StepUpRequest> ask(StepUpRequest stepUp, QObject *context, std::function<void(Status)> decided);
    Status approve(const QString &id, const QString &actor);
    Status deny(const QString &id, const QString &actor, const QString &reason);
    // The mission ended: every call of it still waiting is refused.
    void dropMission(const QString &missionId, const QString &why);
    QList<StepUpRequest> pending() const;
    bool isPending(const QString &id) const { return m_pending.contains(id); }

Q_SIGNALS:
    void requested(const sanctum::StepUpRequest &stepUp);
    void settled(const QString &id);

private:
    struct Waiting {
        StepUpRequest stepUp;
        QPointer<QObject> context;
        bool hasContext = false;
        std::function<void(Status)> decided;
    };
    void settle(const QString &id, const QString &actor, const QString &action, Status outcome, const QString &reason);
    void onTick();
    void arm();

    AuditLog &m_audit;
    const Clock &m_clock;
    QHash<QString, Waiting> m_pending;
    QTimer m_timer;
    int m_waitSeconds = kDefaultWaitSeconds;
};

} // namespace sanctum
