#pragma once

#include "domain/error.h"
#include "services/services.h"

#include <QObject>
#include <QUrl>

#include <memory>
#include <optional>

namespace sanctum {

// The composition root of one running Sanctum: it opens the store, makes
// every service once, in order, handing each only what it uses, and owns
// them. Both mains, the tests and the benchmarks make exactly one; nothing
// below this layer can see it.
class Instance : public QObject {
    Q_OBJECT
public:
    // `clock` is not owned; it must outlive the instance.
    Instance(const QString &dataDir, const Clock &clock, QObject *parent = nullptr);
    ~Instance() override;

    // Opens the store in the data directory, which DataDir::prepare() made.
    Status open();

    // Valid once open() succeeded.
    const Services &services() const { return *m_services; }

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
    AnalysisWorker &analysis() { return *m_analysis; }
    InstanceStatus &status() { return *m_status; }

private:
    QString m_dataDir;
    const Clock &m_clock;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<ScopeMapCatalog> m_scopeMaps;
    std::unique_ptr<InstanceStatus> m_status;
    AuditLog *m_audit = nullptr;
    AgentRegistry *m_agents = nullptr;
    PolicyRegistry *m_policies = nullptr;
    TenantSession *m_session = nullptr;
    StepUpGate *m_stepUp = nullptr;
    MissionRegistry *m_missions = nullptr;
    UsageRecorder *m_usage = nullptr;
    ConnectionTightener *m_tightener = nullptr;
    AnomalyDetector *m_anomalies = nullptr;
    AnalysisWorker *m_analysis = nullptr;
    std::optional<Services> m_services;
};

} // namespace sanctum
