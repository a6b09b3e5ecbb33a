#include "ui/uicontroller.h"

#include "auth/oidcclient.h"
#include "services/instance.h"
#include "services/missions/missionregistry.h"
#include "services/policies/policyregistry.h"
#include "services/session/tenantsession.h"
#include "store/database.h"
#include "ui/agentactions.h"
#include "ui/agenthourlymodel.h"
#include "ui/agentlistmodel.h"
#include "ui/auditchainchecker.h"
#include "ui/auditfileexporter.h"
#include "ui/auditlistmodel.h"
#include "ui/auditworker.h"
#include "ui/elevationlistmodel.h"
#include "ui/leastprivilegecontroller.h"
#include "ui/missionlistmodel.h"
#include "ui/notificationlistmodel.h"
#include "ui/policylistmodel.h"
#include "ui/scopeheatmapmodel.h"
#include "ui/sessioncontroller.h"
#include "ui/uilogging.h"
#include "ui/usagesnapshotloader.h"

#include <QPointer>

namespace sanctum {

namespace {
// Who decided, as the audit log records it; the CLI is "operator:cli".
const QString kActor = QStringLiteral("operator:gui");
} // namespace

UiController *UiController::s_current = nullptr;

UiController::UiController(Instance &instance, QObject *parent)
    : QObject(parent)
    , m_instance(instance)
    , m_usageLoader(new UsageSnapshotLoader(instance.database().path(), instance.usage(), this))
    , m_missions(new MissionListModel(instance, this))
    , m_agents(new AgentListModel(instance, *m_usageLoader, this))
    , m_heatmap(new ScopeHeatmapModel(instance, *m_usageLoader, this))
    , m_audit(new AuditListModel(instance.audit(), this))
    , m_auditWorker(new AuditWorker(instance.database().path(), this))
    , m_auditCheck(new AuditChainChecker(*m_auditWorker, this))
    , m_auditExport(new AuditFileExporter(*m_auditWorker, m_audit, this))
    , m_elevations(new ElevationListModel(instance, this))
    , m_notifications(new NotificationListModel(this))
    , m_session(new SessionController(instance, this))
    , m_policies(new PolicyListModel(instance.policies(), this))
    , m_agentActions(new AgentActions(instance, this))
    , m_agentHourly(new AgentHourlyModel(instance, this))
    , m_leastPrivilege(new LeastPrivilegeController(instance, this))
{
    connect(&instance.session(), &TenantSession::stateChanged, this, &UiController::sessionChanged);
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
    switch (m_instance.session().state()) {
    case TenantSession::State::NoTenant:
        return QStringLiteral("no-tenant");
    case TenantSession::State::SignedOut:
        return QStringLiteral("signed-out");
    case TenantSession::State::SigningIn:
        return QStringLiteral("signing-in");
    case TenantSession::State::SignedIn:
        return QStringLiteral("signed-in");
    }
    return {};
}

QString UiController::operatorName() const
{
    const QJsonObject identity = m_instance.session().identity();
    const QString name = identity.value(QStringLiteral("name")).toString();
    return name.isEmpty() ? identity.value(QStringLiteral("email")).toString() : name;
}

QString UiController::tenantIssuer() const
{
    const std::optional<TenantConfig> tenant = m_instance.session().tenant();
    return tenant ? tenant->issuer.toString() : QString();
}

QString UiController::brokerUrl() const
{
    return m_instance.brokerUrl().toString();
}

QString UiController::dataDir() const
{
    return m_instance.dataDir();
}

void UiController::approve(const QString &id)
{
    if (m_busy.contains(id))
        return;
    setBusy(id, true);
    // The registry may answer after the window (and this controller) is gone.
    QPointer<UiController> self(this);
    m_instance.missions().approve(id, kActor, [self, id](Expected<Mission> m) {
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
    const Expected<Mission> m = m_instance.missions().deny(id, kActor, reason.trimmed());
    if (!m) {
        setError(m.error().message);
        return false;
    }
    Q_EMIT notice(tr("Denied: %1").arg(m->request.purpose));
    return true;
}

bool UiController::revoke(const QString &id, const QString &reason)
{
    const Expected<Mission> m = m_instance.missions().revoke(id, kActor, reason.trimmed());
    if (!m) {
        setError(m.error().message);
        return false;
    }
    Q_EMIT notice(tr("Revoked: %1").arg(m->request.purpose));
    return true;
}

int UiController::revokeAll(const QString &reason)
{
    const Expected<QList<Mission>> ended = m_instance.missions().revokeAll(kActor, reason.trimmed());
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
