#include "ui/notifier.h"

#include "domain/clock.h"
#include "domain/usageevent.h"
#include "services/anomalies/anomalydetector.h"
#include "services/missions/missionregistry.h"
#include "services/session/tenantsession.h"
#include "store/usagerecorder.h"
#include "store/usagestats.h"
#include "ui/agentnames.h"
#include "ui/notificationlistmodel.h"
#include "ui/notificationsink.h"
#include "ui/uicontroller.h"
#include "ui/uilogging.h"

#include <QCoreApplication>
#include <QMap>
#include <QPointer>

#include <algorithm>

namespace sanctum {

namespace {

// Agents write purposes (and operators name agents) freely: one line, short.
// Escaping for servers that render markup is the sink's job.
QString clip(const QString &text)
{
    const QString line = text.simplified();
    if (line.size() <= Notifier::kMaxAgentText)
        return line;
    return line.left(Notifier::kMaxAgentText - 1) + QChar(0x2026);
}

QString healthText(Connection::Health health)
{
    switch (health) {
    case Connection::Health::Expired:
        return Notifier::tr("expired");
    case Connection::Health::Revoked:
        return Notifier::tr("revoked");
    case Connection::Health::Failing:
        return Notifier::tr("failing");
    case Connection::Health::Connected:
    case Connection::Health::Unknown:
        break;
    }
    return {};
}

bool unhealthy(Connection::Health health)
{
    return !healthText(health).isEmpty();
}

// A QTimer takes an int; far deadlines are simply looked at again later.
constexpr qint64 kMaxTimerMs = 60 * 60 * 1000;

} // namespace

Notifier::Notifier(MissionRegistry &missions, AgentRegistry &agents, AnomalyDetector &anomalies, TenantSession &session,
                   const Clock &clock, UiController &controller, QObject *parent)
    : QObject(parent)
    , m_missions(missions)
    , m_agents(agents)
    , m_anomalies(anomalies)
    , m_session(session)
    , m_clock(clock)
    , m_controller(controller)
    , m_names(new AgentNames(agents, this))
{
    m_expiryTimer.setSingleShot(true);
    connect(&m_expiryTimer, &QTimer::timeout, this, &Notifier::checkExpiries);
    // A test clock moves in jumps; the real one only flows.
    connect(&clock, &Clock::jumped, this, &Notifier::checkExpiries);
    connect(&missions, &MissionRegistry::missionChanged, this, &Notifier::onMissionChanged);
    connect(&anomalies, &AnomalyDetector::detected, this, &Notifier::onAnomaly);
    connect(&session, &TenantSession::connectionChecked, this, &Notifier::onConnectionChecked);
    connect(&controller, &UiController::approvalFailed, this, &Notifier::onApprovalFailed);
    seed();
}

Notifier::~Notifier() = default;

void Notifier::addSink(NotificationSink *sink)
{
    sink->setParent(this);
    m_sinks.append(sink);
    connect(sink, &NotificationSink::actionInvoked, this, &Notifier::onAction);
}

void Notifier::seed()
{
    MissionFilter active;
    active.state = MissionState::Active;
    active.limit = 10000;
    if (const Expected<QList<Mission>> missions = m_missions.list(active)) {
        const QDateTime warnAfter = m_clock.now().addSecs(kExpiryWarningSeconds);
        for (const Mission &m : *missions)
            if (m.expiresAt > warnAfter)
                m_expiring.insert(m.id, m.expiresAt);
    }
    armExpiryTimer();

    for (const Connection &c : m_session.connections())
        m_health.insert(c.name, c.health);
}

void Notifier::onMissionChanged(const Mission &m)
{
    if (m.state != MissionState::Pending) {
        // Decided, here or elsewhere: its request notification is moot.
        if (const auto it = m_requests.constFind(m.id); it != m_requests.cend()) {
            for (NotificationSink *sink : std::as_const(m_sinks))
                sink->withdraw(it.value());
            m_requests.erase(it);
        }
    }
    switch (m.state) {
    case MissionState::Pending:
        announceRequest(m);
        break;
    case MissionState::Active:
        // A mission shorter than the warning would be announced as expiring
        // the moment it starts: that is noise, not a warning.
        if (m.expiresAt > m_clock.now().addSecs(kExpiryWarningSeconds)) {
            m_expiring.insert(m.id, m.expiresAt);
            armExpiryTimer();
        }
        break;
    case MissionState::Revoked:
        // revoke-all ends many at once: they are announced together.
        if (m_revoked.isEmpty())
            QMetaObject::invokeMethod(this, &Notifier::announceRevocations, Qt::QueuedConnection);
        m_revoked.append(m);
        Q_FALLTHROUGH();
    case MissionState::Completed:
    case MissionState::Expired:
    case MissionState::Denied:
        m_expiring.remove(m.id);
        break;
    }
}

void Notifier::announceRequest(const Mission &m)
{
    Notification n;
    n.kind = Notification::Kind::ApprovalRequest;
    n.missionId = m.id;
    n.persistent = true;
    n.title = tr("Approval needed");
    const QStringList scopes = m.request.scopes.united(m.stepUpScopes).toList();
    n.body = tr("%1 asks for %2 on %3 for %n minute(s): %4", nullptr, int((m.request.ttlSeconds + 59) / 60))
                 .arg(clip(m_names->name(m.agentId)),
                      scopes.join(QStringLiteral(", ")),
                      m.request.connection,
                      clip(m.request.purpose));
    n.actions = {{QStringLiteral("approve"), tr("Approve")}, {QStringLiteral("deny"), tr("Deny")}};
    m_requests.insert(m.id, post(n));
}

void Notifier::announceRevocations()
{
    const QList<Mission> revoked = std::exchange(m_revoked, {});
    if (revoked.isEmpty())
        return;
    Notification n;
    n.kind = Notification::Kind::MissionRevoked;
    if (revoked.size() == 1) {
        const Mission &m = revoked.first();
        n.missionId = m.id;
        n.title = tr("Mission revoked");
        n.body = m.reason.isEmpty()
                     ? tr("%1 can no longer work on: %2").arg(clip(m_names->name(m.agentId)), clip(m.request.purpose))
                     : tr("%1 can no longer work on: %2 (%3)")
                           .arg(clip(m_names->name(m.agentId)), clip(m.request.purpose), clip(m.reason));
    } else {
        QStringList agents;
        for (const Mission &m : revoked) {
            const QString name = clip(m_names->name(m.agentId));
            if (!agents.contains(name))
                agents.append(name);
        }
        n.title = tr("%n mission(s) revoked", nullptr, int(revoked.size()));
        n.body = tr("Agents cut off: %1").arg(agents.join(QStringLiteral(", ")));
    }
    post(n);
}

void Notifier::checkExpiries()
{
    const QDateTime now = m_clock.now();
    QList<std::pair<QDateTime, QString>> due;
    for (auto it = m_expiring.begin(); it != m_expiring.end();) {
        if (it.value() <= now) {
            it = m_expiring.erase(it); // already over: the revocation or expiry says so
        } else if (now.secsTo(it.value()) <= kExpiryWarningSeconds) {
            due.append({it.value(), it.key()});
            it = m_expiring.erase(it);
        } else {
            ++it;
        }
    }
    std::sort(due.begin(), due.end());
    for (const auto &[expiresAt, id] : due) {
        const Expected<Mission> m = m_missions.get(id);
        if (!m || m->state != MissionState::Active)
            continue;
        Notification n;
        n.kind = Notification::Kind::MissionExpiring;
        n.missionId = id;
        n.title = tr("Mission about to expire");
        n.body = tr("%1's mission ends in %n second(s): %2", nullptr, int(now.secsTo(expiresAt)))
                     .arg(clip(m_names->name(m->agentId)), clip(m->request.purpose));
        post(n);
    }
    armExpiryTimer();
}

void Notifier::armExpiryTimer()
{
    if (m_expiring.isEmpty()) {
        m_expiryTimer.stop();
        return;
    }
    const QDateTime first = *std::min_element(m_expiring.cbegin(), m_expiring.cend());
    const qint64 ms = m_clock.now().msecsTo(first.addSecs(-kExpiryWarningSeconds));
    m_expiryTimer.start(int(std::clamp<qint64>(ms, 0, kMaxTimerMs)));
}

void Notifier::onAnomaly(const Anomaly &anomaly)
{
    switch (anomaly.kind) {
    case Anomaly::Kind::FirstScopeUse:
        // One batch often brings several firsts of one agent: one notification.
        if (m_firstUses.isEmpty())
            QMetaObject::invokeMethod(this, &Notifier::announceFirstUses, Qt::QueuedConnection);
        m_firstUses[anomaly.agentId].append(anomaly.scope);
        m_firstUseConnection.insert(anomaly.agentId, anomaly.connection);
        return;
    case Anomaly::Kind::DeniedBurst: {
        Notification n;
        n.kind = Notification::Kind::DeniedBurst;
        n.title = tr("Calls refused in a burst");
        n.body = tr("%1 had %n call(s) refused within a minute on %2: it is trying what its missions do not allow.",
                    nullptr,
                    anomaly.deniedCount)
                     .arg(clip(m_names->name(anomaly.agentId)), anomaly.connection);
        post(n);
        return;
    }
    case Anomaly::Kind::IdleMission: {
        Notification n;
        n.kind = Notification::Kind::IdleMission;
        n.missionId = anomaly.missionId;
        n.title = tr("A mission used nothing");
        n.body = tr("%1's mission on %2 ended without a single call: the grant was not needed.")
                     .arg(clip(m_names->name(anomaly.agentId)), anomaly.connection);
        post(n);
        return;
    }
    }
}

void Notifier::announceFirstUses()
{
    const QMap<QString, QStringList> firsts = std::exchange(m_firstUses, {});
    for (auto it = firsts.cbegin(); it != firsts.cend(); ++it) {
        Notification n;
        n.kind = Notification::Kind::ScopeFirstUsed;
        n.title = tr("Scope used for the first time");
        n.body = tr("%1 used %2 on %3 for the first time.")
                     .arg(clip(m_names->name(it.key())),
                          it.value().join(QStringLiteral(", ")),
                          m_firstUseConnection.value(it.key()));
        post(n);
    }
    m_firstUseConnection.clear();
}

void Notifier::onConnectionChecked(const Connection &c)
{
    const Connection::Health before = m_health.value(c.name, Connection::Health::Unknown);
    m_health.insert(c.name, c.health);
    if (!unhealthy(c.health) || c.health == before)
        return;
    Notification n;
    n.kind = Notification::Kind::ConnectionFailed;
    n.title = tr("Connection failing");
    n.body = tr("The %1 connection is %2: missions on it cannot be approved until it is reconnected.")
                 .arg(c.name, healthText(c.health));
    post(n);
}

void Notifier::onApprovalFailed(const QString &missionId, const QString &code, const QString &message)
{
    // A conflict (decided elsewhere meanwhile) is no failure of the connection.
    if (code == QStringLiteral("conflict"))
        return;
    Notification n;
    n.kind = Notification::Kind::ConnectionFailed;
    n.missionId = missionId;
    n.title = tr("Approval failed");
    n.body = tr("The mission stays pending: %1").arg(clip(message));
    post(n);
}

void Notifier::onAction(quint64 serial, const QString &action)
{
    const QString missionId = m_requests.key(serial);
    if (missionId.isEmpty())
        return; // decided meanwhile, or not a request
    if (action == QStringLiteral("approve"))
        m_controller.approve(missionId);
    else if (action == QStringLiteral("deny"))
        m_controller.deny(missionId, tr("denied from a notification"));
}

quint64 Notifier::post(Notification n)
{
    n.at = m_clock.now();
    n.delivery = Notification::Delivery::Sending;
    const quint64 serial = m_controller.notifications()->add(n);
    deliver(serial, 0, {});
    return serial;
}

void Notifier::deliver(quint64 serial, int sinkIndex, QStringList failures)
{
    NotificationListModel *list = m_controller.notifications();
    const Notification *n = list->find(serial);
    if (!n)
        return; // dropped from the capped list while a sink was trying
    if (sinkIndex >= m_sinks.size()) {
        list->setDelivery(serial, Notification::Delivery::Undelivered);
        // Once per outage, not once per notification.
        if (!m_deliveryFailing) {
            m_deliveryFailing = true;
            qCWarning(lcNotify).noquote() << "cannot show notifications; they are kept in the window's list only:"
                                          << (failures.isEmpty() ? QStringLiteral("no notification service")
                                                                 : failures.join(QStringLiteral("; ")));
        }
        return;
    }
    NotificationSink *sink = m_sinks.at(sinkIndex);
    QPointer<Notifier> self(this);
    sink->deliver(*n, [self, serial, sinkIndex, failures, name = sink->name()](bool ok, const QString &why) mutable {
        if (!self)
            return;
        if (ok) {
            self->m_deliveryFailing = false;
            self->m_controller.notifications()->setDelivery(serial, Notification::Delivery::Delivered, name);
            return;
        }
        failures.append(name + QStringLiteral(": ") + why);
        self->deliver(serial, sinkIndex + 1, failures);
    });
}

} // namespace sanctum
