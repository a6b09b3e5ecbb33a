#pragma once

#include "domain/error.h"

#include <QDateTime>
#include <QJsonObject>
#include <QObject>
#include <QUrl>

#include <memory>

namespace sanctum {

class AgentRegistry;
class AnalysisWorker;
class AnomalyDetector;
class AuditLog;
class Clock;
class ConnectionTightener;
class Database;
class MissionRegistry;
class PolicyRegistry;
class ScopeMapCatalog;
class StepUpGate;
class TenantSession;
class UsageRecorder;

// The core of one running Sanctum: the store, the audit log and the services
// over them. Both the headless process and the GUI hold exactly one.
class Instance : public QObject {
    Q_OBJECT
public:
    // `clock` is not owned; it must outlive the instance.
    Instance(const QString &dataDir, const Clock &clock, QObject *parent = nullptr);
    ~Instance() override;

    // Opens the store in the data directory, which DataDir::prepare() made.
    Status open();

    QString dataDir() const { return m_dataDir; }
    const Clock &clock() const { return m_clock; }
    Database &database() { return *m_db; }
    AuditLog &audit() { return *m_audit; }
    AgentRegistry &agents() { return *m_agents; }
    PolicyRegistry &policies() { return *m_policies; }
    TenantSession &session() { return *m_session; }
    ScopeMapCatalog &scopeMaps() { return *m_scopeMaps; }
    StepUpGate &stepUp() { return *m_stepUp; }
    MissionRegistry &missions() { return *m_missions; }
    UsageRecorder &usage() { return *m_usage; }
    ConnectionTightener &tightener() { return *m_tightener; }
    AnomalyDetector &anomalies() { return *m_anomalies; }
    // The least-privilege analyses' thread, shared by the admin commands and the window.
    AnalysisWorker &analysis() { return *m_analysis; }

    // Where agents reach the broker, once it listens.
    void setBrokerUrl(const QUrl &url) { m_brokerUrl = url; }
    QUrl brokerUrl() const { return m_brokerUrl; }

    // What `sanctumctl status` shows.
    QJsonObject status() const;

private:
    QString m_dataDir;
    const Clock &m_clock;
    QDateTime m_startedAt;
    std::unique_ptr<Database> m_db;
    AuditLog *m_audit = nullptr;
    AgentRegistry *m_agents = nullptr;
    PolicyRegistry *m_policies = nullptr;
    TenantSession *m_session = nullptr;
    std::unique_ptr<ScopeMapCatalog> m_scopeMaps;
    StepUpGate *m_stepUp = nullptr;
    MissionRegistry *m_missions = nullptr;
    UsageRecorder *m_usage = nullptr;
    ConnectionTightener *m_tightener = nullptr;
    AnomalyDetector *m_anomalies = nullptr;
    AnalysisWorker *m_analysis = nullptr;
    QUrl m_brokerUrl;
};

} // namespace sanctum
