#pragma once

#include "domain/connection.h"
#include "domain/mission.h"
#include "ui/notification.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QMap>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <QTimer>

namespace sanctum {

class AgentNames;
class MissionRegistry;
class AgentRegistry;
class AnomalyDetector;
class TenantSession;
class Clock;
class NotificationListModel;
class NotificationSink;
class UiController;
struct Anomaly;

// Turns what happens in the core into notifications: a request waiting for
// approval (with Approve and Deny where the server has actions), a mission
// about to expire, revocations, an agent's first use of a scope, and failing
// connections. Each goes into the controller's in-app list first, then to the
// first sink that manages to show it (the notification server, else the
// tray); when none does, the entry says so and one warning is logged, so
// nothing is ever lost silently.
class Notifier : public QObject {
    Q_OBJECT
public:
    // How long before its end an active mission is announced as expiring.
    static constexpr qint64 kExpiryWarningSeconds = 60;
    // Agent-provided text is cut to this many characters.
    static constexpr int kMaxAgentText = 160;

    Notifier(MissionRegistry &missions, AgentRegistry &agents, AnomalyDetector &anomalies, TenantSession &session,
             const Clock &clock, UiController &controller, QObject *parent = nullptr);
    ~Notifier() override;

    // Sinks in fallback order; the notifier takes ownership.
    void addSink(NotificationSink *sink);

private:
    void seed();
    void onMissionChanged(const Mission &m);
    // Anomalies the core detected: first use of a scope (grouped per agent
    // and turn), a burst of refusals, a mission that used nothing.
    void onAnomaly(const Anomaly &anomaly);
    void announceFirstUses();
    void onConnectionChecked(const Connection &c);
    void onApprovalFailed(const QString &missionId, const QString &code, const QString &message);
    void onAction(quint64 serial, const QString &action);

    void announceRequest(const Mission &m);
    void announceRevocations();
    void checkExpiries();
    void armExpiryTimer();

    quint64 post(Notification n);
    void deliver(quint64 serial, int sinkIndex, QStringList failures);

    MissionRegistry &m_missions;
    AgentRegistry &m_agents;
    AnomalyDetector &m_anomalies;
    TenantSession &m_session;
    const Clock &m_clock;
    UiController &m_controller;
    AgentNames *m_names;
    QList<NotificationSink *> m_sinks;
    QMap<QString, QStringList> m_firstUses;       // agent → scopes first used this turn
    QHash<QString, QString> m_firstUseConnection; // agent → its connection
    QHash<QString, QDateTime> m_expiring;         // active mission → expiry, not warned yet
    QHash<QString, quint64> m_requests;           // pending mission → its notification
    QHash<QString, Connection::Health> m_health;  // connection → last health seen
    QList<Mission> m_revoked;                     // this event-loop turn's revocations
    QTimer m_expiryTimer;
    bool m_deliveryFailing = false;
};

} // namespace sanctum
