#pragma once

#include <QString>

namespace sanctum {

class AgentRegistry;
class AnalysisWorker;
class AnomalyDetector;
class AuditLog;
class Clock;
class ConnectionTightener;
class Database;
class InstanceStatus;
class MissionRegistry;
class PolicyRegistry;
class ScopeMapCatalog;
class StepUpGate;
class TenantSession;
class UsageRecorder;

// Every service of one running Sanctum, as the composition root
// (root/instance.h) built them. It is handed only to code that composes —
// the window (GuiApp), the admin socket's command groups, the mains — which
// give each class it makes just the services that class uses. No service,
// model or stage takes this whole.
struct Services {
    QString dataDir;
    const Clock &clock;
    Database &database;
    AuditLog &audit;
    AgentRegistry &agents;
    PolicyRegistry &policies;
    TenantSession &session;
    ScopeMapCatalog &scopeMaps;
    StepUpGate &stepUp;
    MissionRegistry &missions;
    UsageRecorder &usage;
    ConnectionTightener &tightener;
    AnomalyDetector &anomalies;
    AnalysisWorker &analysis;
    InstanceStatus &status;
};

} // namespace sanctum
