#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QUrl>

namespace sanctum {

class AgentRegistry;
class AuditLog;
class Clock;
class Database;
class MissionRegistry;
class TenantSession;

// What `sanctumctl status` and the window's overview say about this
// instance: its version and process, where its data is, where agents reach
// its broker, and the counts that show it is alive.
class InstanceStatus {
public:
    InstanceStatus(const QString &dataDir, const Clock &clock, const Database &db, const AuditLog &audit,
                   const AgentRegistry &agents, const MissionRegistry &missions, const TenantSession &session);

    // Where agents reach the broker, once it listens.
    void setBrokerUrl(const QUrl &url) { m_brokerUrl = url; }
    QUrl brokerUrl() const { return m_brokerUrl; }
    QString dataDir() const { return m_dataDir; }

    QJsonObject toJson() const;

private:
    QString m_dataDir;
    QDateTime m_startedAt;
    const Database &m_db;
    const AuditLog &m_audit;
    const AgentRegistry &m_agents;
    const MissionRegistry &m_missions;
    const TenantSession &m_session;
    QUrl m_brokerUrl;
};

} // namespace sanctum
