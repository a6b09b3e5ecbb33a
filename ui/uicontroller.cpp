#include "ui/uicontroller.h"

#include "domain/actor.h"
#include "ui/reasontext.h"

#include "auth/oidcclient.h"
#include "services/instancestatus.h"
#include "services/missions/missionregistry.h"
#include "services/policies/policyregistry.h"
#include "services/services.h"
#include "services/session/tenantsession.h"
#include "store/database.h"
#include "ui/agentactions.h"
#include "ui/agenthourlymodel.h"
#include "ui/agentlistmodel.h"
#include "ui/auditchainchecker.h"
#include "ui/auditfileexporter.h"
#include "ui/auditlistmodel.h"
#include "ui/auditworker.h"
#include "ui/leastprivilegecontroller.h"
#include "ui/missionlistmodel.h"
#include "ui/notificationlistmodel.h"
#include "ui/policylistmodel.h"
#include "ui/scopeheatmapmodel.h"
#include "ui/sessioncontroller.h"
#include "ui/stepuplistmodel.h"
#include "ui/uilogging.h"
#include "ui/usagesnapshotloader.h"

#include <QPointer>

namespace sanctum {

UiController *UiController::s_current = nullptr;

// The window's composition: each model gets only the services it shows.
UiController::UiController(const Services &services, QObject *parent)
    : QObject(parent)
    , m_sessionService(services.session)
    , m_missionService(services.missions)
    , m_status(services.status)
    , m_usageLoader(new UsageSnapshotLoader(services.database.path(), services.usage, this))
    , m_missions(new MissionListModel(services.missions, services.agents, services.clock, this))
    , m_agents(new AgentListModel(services.agents, services.missions, services.usage, *m_usageLoader, this))
    , m_heatmap(new ScopeHeatmapModel(services.agents, services.missions, services.usage, *m_usageLoader, this))
    , m_audit(new AuditListModel(services.audit, this))
    , m_auditWorker(new AuditWorker(services.database.path(), this))
    , m_auditCheck(new AuditChainChecker(*m_auditWorker, this))
    , m_auditExport(new AuditFileExporter(*m_auditWorker, m_audit, this))
    , m_stepUps(new StepUpListModel(services.stepUp, services.agents, services.clock, this))
    , m_notifications(new NotificationListModel(this))
    , m_session(new SessionController(services.session, this))
    , m_policies(new PolicyListModel(services.policies, this))
    , m_agentActions(new AgentActions(services.agents, services.missions, this))
    , m_agentHourly(new AgentHourlyModel(services.database, services.usage, services.clock, this))
    , m_leastPrivilege(
          new LeastPrivilegeController(services.analysis, services.usage, services.tightener, services.clock, this))
{
    connect(&m_sessionService, &TenantSession::stateChanged, this, &UiController::sessionChanged);
    connect(m_agentActions, &AgentActions::notice, this, &UiController::notice);
    connect(m_leastPrivilege, &LeastPrivilegeController::notice, this, &UiController::notice);
}

UiController::~UiController()
{
    if (s_current == this)
        s_current = nullptr;
}

QString UiController::sessionState() const
{
    return TenantSession::stateName(m_sessionService.state());
}

QString UiController::operatorName() const
{
    const QJsonObject identity = m_sessionService.identity();
    const QString name = identity.value(QStringLiteral("name")).toString();
    return name.isEmpty() ? identity.value(QStringLiteral("email")).toString() : name;
}

QString UiController::tenantIssuer() const
{
    const std::optional<TenantConfig> tenant = m_sessionService.tenant();
    return tenant ? tenant->issuer.toString() : QString();
}

QString UiController::brokerUrl() const
{
    return m_status.brokerUrl().toString();
}

QString UiController::dataDir() const
{
    return m_status.dataDir();
}

void UiController::approve(const QString &id)
{
    if (m_busy.contains(id))
        return;
    setBusy(id, true);
    // The registry may answer after the window (and this controller) is gone.
    QPointer<UiController> self(this);
    m_missionService.approve(id, Actor::operatorGui(), [self, id](Expected<Mission> m) {
        if (!self)
            return;
        self->setBusy(id, false);
        if (!m) {
            self->setError(m.error().message);
            Q_EMIT self->approvalFailed(id, m.error().code, m.error().message);
            return;
        }
        Q_EMIT self->notice(tr("Approved: %1").arg(m->request.purpose));
    });
}

bool UiController::deny(const QString &id, const QString &reason)
{
    if (const QString problem = ReasonText::problem(OperatorAction::DenyMission, reason); !problem.isEmpty()) {
        setError(problem);
        return false;
    }
    const Expected<Mission> m = m_missionService.deny(id, Actor::operatorGui(), reason.trimmed());
    if (!m) {
        setError(m.error().message);
        return false;
    }
    Q_EMIT notice(tr("Denied: %1").arg(m->request.purpose));
    return true;
}

bool UiController::revoke(const QString &id, const QString &reason)
{
    if (const QString problem = ReasonText::problem(OperatorAction::RevokeMission, reason); !problem.isEmpty()) {
        setError(problem);
        return false;
    }
    const Expected<Mission> m = m_missionService.revoke(id, Actor::operatorGui(), reason.trimmed());
    if (!m) {
        setError(m.error().message);
        return false;
    }
    Q_EMIT notice(tr("Revoked: %1").arg(m->request.purpose));
    return true;
}

int UiController::revokeAll(const QString &reason)
{
    if (const QString problem = ReasonText::problem(OperatorAction::RevokeAll, reason); !problem.isEmpty()) {
        setError(problem);
        return -1;
    }
    const Expected<QList<Mission>> ended = m_missionService.revokeAll(Actor::operatorGui(), reason.trimmed());
    if (!ended) {
        setError(ended.error().message);
        return -1;
    }
    Q_EMIT notice(tr("Revoked %n mission(s)", nullptr, int(ended->size())));
    return int(ended->size());
}

void UiController::clearError()
{
    setError({});
}

void UiController::setError(const QString &error)
{
    if (error == m_error)
        return;
    m_error = error;
    if (!error.isEmpty())
        qCInfo(lcUi).noquote() << "action failed:" << error;
    Q_EMIT errorStringChanged();
}

void UiController::setBusy(const QString &id, bool busy)
{
    const bool changed = busy ? !m_busy.contains(id) : m_busy.contains(id);
    if (!changed)
        return;
    if (busy)
        m_busy.insert(id);
    else
        m_busy.remove(id);
    Q_EMIT busyChanged();
}

} // namespace sanctum
