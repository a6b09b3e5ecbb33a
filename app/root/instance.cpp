#include "root/instance.h"

#include "domain/clock.h"
#include "domain/scopemapcatalog.h"
#include "services/agents/agentregistry.h"
#include "services/anomalies/anomalydetector.h"
#include "services/instancestatus.h"
#include "services/leastprivilege/analysisworker.h"
#include "services/leastprivilege/connectiontightener.h"
#include "services/missions/missionregistry.h"
#include "services/missions/stepupgate.h"
#include "services/policies/policyregistry.h"
#include "services/session/tenantsession.h"
#include "store/auditlog.h"
#include "store/database.h"
#include "store/datadir.h"
#include "store/usagerecorder.h"

namespace sanctum {

Instance::Instance(const QString &dataDir, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_dataDir(dataDir)
    , m_clock(clock)
    , m_db(std::make_unique<Database>(DataDir::databasePath(dataDir)))
    , m_scopeMaps(std::make_unique<ScopeMapCatalog>())
{
}

// Children (the services) go before the database they use.
Instance::~Instance()
{
    m_services.reset();
    const QObjectList services = children();
    qDeleteAll(services);
}

Status Instance::open()
{
    // The caller prepared the data directory: the instance lock lives there
    // and is taken before the instance opens.
    if (Status s = m_db->open(); !s)
        return s;
    m_audit = new AuditLog(*m_db, m_clock, this);
    if (Status s = m_audit->load(); !s)
        return s;
    m_agents = new AgentRegistry(*m_db, *m_audit, m_clock, this);
    m_policies = new PolicyRegistry(*m_db, *m_audit, m_clock, this);
    m_session = new TenantSession(*m_db, *m_audit, m_clock, this);
    if (Status s = m_session->load(); !s)
        return s;
    m_stepUp = new StepUpGate(*m_audit, m_clock, this);
    m_missions = new MissionRegistry(*m_db, *m_audit, *m_policies, *m_session, *m_scopeMaps, *m_stepUp, m_clock, this);
    m_missions->endMissionsOfRemovedAgents(*m_agents);
    m_tightener = new ConnectionTightener(*m_session, *m_scopeMaps, *m_policies, *m_missions, *m_audit, this);
    if (Status s = m_missions->load(); !s)
        return s;
    m_usage = new UsageRecorder(DataDir::databasePath(m_dataDir), this);
    if (Status s = m_usage->start(); !s)
        return s;
    m_anomalies = new AnomalyDetector(*m_db, *m_usage, *m_missions, *m_audit, m_clock, this);
    m_analysis = new AnalysisWorker(DataDir::databasePath(m_dataDir), this);
    m_status =
        std::make_unique<InstanceStatus>(m_dataDir, m_clock, *m_db, *m_audit, *m_agents, *m_missions, *m_session);
    m_services.emplace(Services{m_dataDir,
                                m_clock,
                                *m_db,
                                *m_audit,
                                *m_agents,
                                *m_policies,
                                *m_session,
                                *m_scopeMaps,
                                *m_stepUp,
                                *m_missions,
                                *m_usage,
                                *m_tightener,
                                *m_anomalies,
                                *m_analysis,
                                *m_status});
    return Done{};
}

} // namespace sanctum
