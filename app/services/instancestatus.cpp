#include "services/instancestatus.h"

#include "domain/clock.h"
#include "domain/timeformat.h"
#include "domain/version.h"
#include "services/agents/agentregistry.h"
#include "services/missions/missionregistry.h"
#include "services/session/tenantsession.h"
#include "store/auditlog.h"
#include "store/database.h"

#include <QCoreApplication>

namespace sanctum {

InstanceStatus::InstanceStatus(const QString &dataDir, const Clock &clock, const Database &db, const AuditLog &audit,
                               const AgentRegistry &agents, const MissionRegistry &missions,
                               const TenantSession &session)
    : m_dataDir(dataDir)
    , m_startedAt(clock.now())
    , m_db(db)
    , m_audit(audit)
    , m_agents(agents)
    , m_missions(missions)
    , m_session(session)
{
}

QJsonObject InstanceStatus::toJson() const
{
    const Expected<qint64> agents = m_agents.count();
    return {
        {QStringLiteral("version"), QStringLiteral(SANCTUM_VERSION)},
        {QStringLiteral("pid"), QCoreApplication::applicationPid()},
        {QStringLiteral("data_dir"), m_dataDir},
        {QStringLiteral("schema_version"), m_db.schemaVersion()},
        {QStringLiteral("started_at"), TimeFormat::toJson(m_startedAt)},
        {QStringLiteral("agents"), agents ? *agents : -1},
        {QStringLiteral("audit_head"), m_audit.headSeq()},
        {QStringLiteral("broker_url"),
         m_brokerUrl.isValid() ? QJsonValue(m_brokerUrl.toString()) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("missions_active"), m_missions.activeCount()},
        {QStringLiteral("missions_pending"), m_missions.pendingCount()},
        {QStringLiteral("logged_in"), m_session.state() == TenantSession::State::SignedIn},
        {QStringLiteral("tenant"),
         m_session.tenant() ? QJsonValue(m_session.tenant()->issuer.toString()) : QJsonValue(QJsonValue::Null)},
    };
}

} // namespace sanctum
