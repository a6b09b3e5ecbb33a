#pragma once

#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QtQmlIntegration/qqmlintegration.h>

QT_FORWARD_DECLARE_CLASS(QJSEngine)
QT_FORWARD_DECLARE_CLASS(QQmlEngine)

namespace sanctum {

class AgentActions;
class AgentHourlyModel;
class AgentListModel;
class AuditChainChecker;
class AuditFileExporter;
class AuditListModel;
class AuditWorker;
class StepUpListModel;
class LeastPrivilegeController;
class InstanceStatus;
class MissionRegistry;
struct Services;
class TenantSession;
class MissionListModel;
class NotificationListModel;
class PolicyListModel;
class ScopeHeatmapModel;
class SessionController;
class UsageSnapshotLoader;

// What the QML interface calls: the models of the running instance and the
// operator's decisions. Approval waits for Token Vault, so it is asynchronous:
// the mission ids in flight are `busyIds`, and a failure lands in
// `errorString` instead of blocking the GUI thread.
class UiController : public QObject {
    Q_OBJECT
    // `Ui` in QML is the running instance's controller, made by GuiApp
    // before the engine loads; see create().
    QML_NAMED_ELEMENT(Ui)
    QML_SINGLETON
    // moc's output needs every property's type complete.
    Q_MOC_INCLUDE("ui/notificationlistmodel.h")
    Q_MOC_INCLUDE("ui/agentactions.h")
    Q_MOC_INCLUDE("ui/agenthourlymodel.h")
    Q_MOC_INCLUDE("ui/auditchainchecker.h")
    Q_MOC_INCLUDE("ui/auditfileexporter.h")
    Q_MOC_INCLUDE("ui/leastprivilegecontroller.h")
    Q_PROPERTY(sanctum::MissionListModel *missions READ missions CONSTANT)
    Q_PROPERTY(sanctum::AgentListModel *agents READ agents CONSTANT)
    Q_PROPERTY(sanctum::ScopeHeatmapModel *heatmap READ heatmap CONSTANT)
    Q_PROPERTY(sanctum::AuditListModel *audit READ audit CONSTANT)
    Q_PROPERTY(sanctum::AuditChainChecker *auditCheck READ auditCheck CONSTANT)
    Q_PROPERTY(sanctum::AuditFileExporter *auditExport READ auditExport CONSTANT)
    Q_PROPERTY(sanctum::StepUpListModel *stepUps READ stepUps CONSTANT)
    Q_PROPERTY(sanctum::SessionController *session READ session CONSTANT)
    Q_PROPERTY(sanctum::PolicyListModel *policies READ policies CONSTANT)
    Q_PROPERTY(sanctum::NotificationListModel *notifications READ notifications CONSTANT)
    Q_PROPERTY(sanctum::AgentActions *agentActions READ agentActions CONSTANT)
    // One agent's scopes by hour; the Agents page points it at the agent shown.
    Q_PROPERTY(sanctum::AgentHourlyModel *agentHourly READ agentHourly CONSTANT)
    // What an agent needs of its grant, what-if replays, tightening, exposure.
    Q_PROPERTY(sanctum::LeastPrivilegeController *leastPrivilege READ leastPrivilege CONSTANT)
    Q_PROPERTY(bool busy READ isBusy NOTIFY busyChanged)
    Q_PROPERTY(QStringList busyIds READ busyIds NOTIFY busyChanged)
    Q_PROPERTY(QString errorString READ errorString NOTIFY errorStringChanged)
    Q_PROPERTY(QString sessionState READ sessionState NOTIFY sessionChanged)
    Q_PROPERTY(QString operatorName READ operatorName NOTIFY sessionChanged)
    Q_PROPERTY(QString tenantIssuer READ tenantIssuer NOTIFY sessionChanged)
    Q_PROPERTY(QString brokerUrl READ brokerUrl NOTIFY brokerUrlChanged)
    Q_PROPERTY(QString dataDir READ dataDir CONSTANT)

public:
    explicit UiController(const Services &services, QObject *parent = nullptr);
    ~UiController() override;

    MissionListModel *missions() const { return m_missions; }
    AgentListModel *agents() const { return m_agents; }
    ScopeHeatmapModel *heatmap() const { return m_heatmap; }
    AuditListModel *audit() const { return m_audit; }
    // Chain verification and export, on a thread of their own.
    AuditChainChecker *auditCheck() const { return m_auditCheck; }
    AuditFileExporter *auditExport() const { return m_auditExport; }
    StepUpListModel *stepUps() const { return m_stepUps; }
    SessionController *session() const { return m_session; }
    PolicyListModel *policies() const { return m_policies; }
    // The usage aggregates' reader the models (and the notifier) share.
    UsageSnapshotLoader &usageLoader() const { return *m_usageLoader; }
    // Every notification of this run, shown on the desktop or not.
    NotificationListModel *notifications() const { return m_notifications; }
    AgentActions *agentActions() const { return m_agentActions; }
    AgentHourlyModel *agentHourly() const { return m_agentHourly; }
    LeastPrivilegeController *leastPrivilege() const { return m_leastPrivilege; }

    bool isBusy() const { return !m_busy.isEmpty(); }
    QStringList busyIds() const { return m_busy.values(); }
    QString errorString() const { return m_error; }
    // "no_tenant", "signed_out", "signing_in" or "signed_in" (TenantSession::stateName).
    QString sessionState() const;
    QString operatorName() const;
    QString tenantIssuer() const;
    QString brokerUrl() const;
    QString dataDir() const;

    // Asks Token Vault for the upstream token first; the mission turns
    // active (or stays pending with an error) when that answer comes.
    Q_INVOKABLE void approve(const QString &id);
    Q_INVOKABLE bool deny(const QString &id, const QString &reason);
    Q_INVOKABLE bool revoke(const QString &id, const QString &reason);
    // The panic button; returns how many missions it ended, or -1.
    Q_INVOKABLE int revokeAll(const QString &reason);
    Q_INVOKABLE bool isBusyWith(const QString &id) const { return m_busy.contains(id); }
    Q_INVOKABLE void clearError();

    // The tray's way of asking the window to appear or to confirm a revoke-all.
    void requestShow() { Q_EMIT showRequested(); }
    void requestRevokeAll() { Q_EMIT revokeAllRequested(); }

    // The controller the QML singleton hands out; GuiApp sets it before
    // the engine loads anything.
    static UiController *current() { return s_current; }
    static void setCurrent(UiController *controller) { s_current = controller; }
    // What the QML engine asks for `Ui`: current(), left in C++'s hands.
    // Defined in the QML module (qml/uisingleton.cpp): it needs QtQml,
    // which this library does not link.
    static UiController *create(QQmlEngine *, QJSEngine *engine);

Q_SIGNALS:
    void busyChanged();
    void errorStringChanged();
    void sessionChanged();
    void brokerUrlChanged();
    // A short confirmation of what an action did, for a transient message.
    void notice(const QString &message);
    // An approval that did not go through (Token Vault refused, the
    // connection lacks a scope…); `code` is the core's error code.
    void approvalFailed(const QString &missionId, const QString &code, const QString &message);
    void showRequested();
    void revokeAllRequested();

private:
    void setError(const QString &error);
    void setBusy(const QString &id, bool busy);

    TenantSession &m_sessionService;
    MissionRegistry &m_missionService;
    const InstanceStatus &m_status;
    UsageSnapshotLoader *m_usageLoader; // before the models that share it
    MissionListModel *m_missions;
    AgentListModel *m_agents;
    ScopeHeatmapModel *m_heatmap;
    AuditListModel *m_audit;
    AuditWorker *m_auditWorker; // before (so destroyed before) the two it answers
    AuditChainChecker *m_auditCheck;
    AuditFileExporter *m_auditExport;
    StepUpListModel *m_stepUps;
    NotificationListModel *m_notifications;
    SessionController *m_session;
    PolicyListModel *m_policies;
    AgentActions *m_agentActions;
    AgentHourlyModel *m_agentHourly;
    LeastPrivilegeController *m_leastPrivilege;
    QSet<QString> m_busy;
    QString m_error;
    static UiController *s_current;
};

} // namespace sanctum
