#include "services/instance.h"

#include "domain/clock.h"
#include "domain/logging.h"
#include "domain/scopemapcatalog.h"
#include "domain/timeformat.h"
#include "domain/version.h"
#include "services/agents/agentregistry.h"
#include "services/anomalies/anomalydetector.h"
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

#include <QCoreApplication>

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
    m_tightener = new ConnectionTightener(*this, this);
    if (Status s = m_missions->load(); !s)
        return s;
    // A removed agent keeps nothing: its missions end with it, in the name
    // of whoever removed it and for the same reason.
    connect(m_agents,
            &AgentRegistry::agentRemoved,
            m_missions,
            [this](const QString &id, const QString &actor, const QString &reason) {
                if (const auto r = m_missions->revokeAgent(
                        id, actor, reason.isEmpty() ? QStringLiteral("the agent was removed") : reason);
                    !r)
                    qCWarning(lcCore) << "could not revoke the missions of removed agent" << id << ":"
                                      << r.error().message;
            });
    m_usage = new UsageRecorder(DataDir::databasePath(m_dataDir), this);
    if (Status s = m_usage->start(); !s)
        return s;
    m_anomalies = new AnomalyDetector(*this, this);
    m_analysis = new AnalysisWorker(DataDir::databasePath(m_dataDir), this);
    m_startedAt = m_clock.now();
    return Done{};
}

QJsonObject Instance::status() const
{
    const Expected<qint64> agents = m_agents->count();
    return {
        {QStringLiteral("version"), QStringLiteral(SANCTUM_VERSION)},
        {QStringLiteral("pid"), QCoreApplication::applicationPid()},
        {QStringLiteral("data_dir"), m_dataDir},
        {QStringLiteral("schema_version"), m_db->schemaVersion()},
        {QStringLiteral("started_at"), TimeFormat::toJson(m_startedAt)},
        {QStringLiteral("agents"), agents ? *agents : -1},
        {QStringLiteral("audit_head"), m_audit->headSeq()},
        {QStringLiteral("broker_url"),
         m_brokerUrl.isValid() ? QJsonValue(m_brokerUrl.toString()) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("missions_active"), m_missions->activeCount()},
        {QStringLiteral("missions_pending"), m_missions->pendingCount()},
        {QStringLiteral("logged_in"), m_session->state() == TenantSession::State::SignedIn},
        {QStringLiteral("tenant"),
         m_session->tenant() ? QJsonValue(m_session->tenant()->issuer.toString()) : QJsonValue(QJsonValue::Null)},
    };
}

} // namespace sanctum
