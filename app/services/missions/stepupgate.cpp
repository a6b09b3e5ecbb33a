#include "services/missions/stepupgate.h"

#include "domain/actor.h"

#include "domain/clock.h"
#include "domain/logging.h"
#include "domain/securerandom.h"
#include "domain/timeformat.h"
#include "store/auditlog.h"

#include <QPointer>

namespace sanctum {

QJsonObject StepUpRequest::toJson() const
{
    return {
        {QStringLiteral("id"), id},
        {QStringLiteral("mission_id"), missionId},
        {QStringLiteral("agent_id"), agentId},
        {QStringLiteral("connection"), connection},
        {QStringLiteral("scope"), scope},
        {QStringLiteral("method"), method},
        {QStringLiteral("path_template"), pathTemplate},
        {QStringLiteral("requested_at"), TimeFormat::toJson(requestedAt)},
        {QStringLiteral("expires_at"), TimeFormat::toJson(expiresAt)},
    };
}

StepUpGate::StepUpGate(AuditLog &audit, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_audit(audit)
    , m_clock(clock)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &StepUpGate::onTick);
    connect(&m_clock, &Clock::jumped, this, &StepUpGate::onTick);
}

Expected<StepUpRequest> StepUpGate::ask(StepUpRequest e, QObject *context, std::function<void(Status)> decided)
{
    int waiting = 0;
    for (const Waiting &w : std::as_const(m_pending))
        waiting += w.stepUp.missionId == e.missionId;
    if (waiting >= kMaxPendingPerMission)
        return Error{QStringLiteral("step_up_busy"),
                     QStringLiteral("this mission already has %1 calls waiting for the operator").arg(waiting),
                     429};
    e.id = SecureRandom::identifier(QStringLiteral("el_"));
    e.requestedAt = m_clock.now();
    e.expiresAt = e.requestedAt.addSecs(m_waitSeconds);
    const Expected<AuditEvent> logged = m_audit.append({Actor::agent(e.agentId),
                                                        QStringLiteral("mission.step_up_requested"),
                                                        QStringLiteral("mission"),
                                                        e.missionId,
                                                        e.toJson()});
    if (!logged)
        return logged.error();
    m_pending.insert(e.id, Waiting{e, context, context != nullptr, std::move(decided)});
    arm();
    Q_EMIT requested(e);
    return e;
}

Status StepUpGate::approve(const QString &id, const QString &actor)
{
    if (!m_pending.contains(id))
        return Error{QStringLiteral("not_found"), QStringLiteral("no call is waiting as %1").arg(id), 404};
    settle(id, actor, QStringLiteral("mission.step_up_approved"), Done{}, {});
    return Done{};
}

Status StepUpGate::deny(const QString &id, const QString &actor, const QString &reason)
{
    if (!m_pending.contains(id))
        return Error{QStringLiteral("not_found"), QStringLiteral("no call is waiting as %1").arg(id), 404};
    settle(id,
           actor,
           QStringLiteral("mission.step_up_denied"),
           Error{QStringLiteral("step_up_denied"),
                 reason.isEmpty() ? QStringLiteral("the operator refused this call")
                                  : QStringLiteral("the operator refused this call: %1").arg(reason),
                 403},
           reason);
    return Done{};
}

void StepUpGate::dropMission(const QString &missionId, const QString &why)
{
    const QList<QString> ids = m_pending.keys();
    for (const QString &id : ids)
        if (m_pending.value(id).stepUp.missionId == missionId)
            settle(id,
                   Actor::system(),
                   QStringLiteral("mission.step_up_withdrawn"),
                   Error{QStringLiteral("invalid_token"), QStringLiteral("the mission ended: %1").arg(why), 401},
                   why);
}

QList<StepUpRequest> StepUpGate::pending() const
{
    QList<StepUpRequest> out;
    for (const Waiting &w : m_pending)
        out.append(w.stepUp);
    std::sort(out.begin(), out.end(), [](const StepUpRequest &a, const StepUpRequest &b) {
        return a.requestedAt < b.requestedAt;
    });
    return out;
}

void StepUpGate::settle(const QString &id, const QString &actor, const QString &action, Status outcome,
                        const QString &reason)
{
    Waiting w = m_pending.take(id);
    QJsonObject details = w.stepUp.toJson();
    if (!reason.isEmpty())
        details.insert(QStringLiteral("reason"), reason);
    // A decision is audited before it takes effect; if the log refuses, the
    // call is refused too rather than run unrecorded.
    if (const Expected<AuditEvent> logged =
            m_audit.append({actor, action, QStringLiteral("mission"), w.stepUp.missionId, details});
        !logged && outcome) {
        qCWarning(lcBroker) << "step-up approval not recorded; refusing the call:" << logged.error().message;
        outcome = Error{logged.error().code, logged.error().message, 503};
    }
    if (!w.hasContext || w.context)
        w.decided(outcome);
    Q_EMIT settled(id);
    arm();
}

void StepUpGate::onTick()
{
    const QDateTime now = m_clock.now();
    const QList<QString> ids = m_pending.keys();
    for (const QString &id : ids) {
        const auto it = m_pending.constFind(id);
        if (it == m_pending.constEnd())
            continue;
        if (it->hasContext && !it->context) {
            // The agent hung up; nobody is waiting for the answer any more.
            settle(id,
                   Actor::system(),
                   QStringLiteral("mission.step_up_withdrawn"),
                   Error{QStringLiteral("cancelled"), QStringLiteral("the call was abandoned")},
                   QStringLiteral("the agent disconnected"));
        } else if (it->stepUp.expiresAt <= now) {
            settle(id,
                   Actor::system(),
                   QStringLiteral("mission.step_up_expired"),
                   Error{QStringLiteral("step_up_timeout"),
                         QStringLiteral("nobody approved this call within %1 seconds").arg(m_waitSeconds),
                         403},
                   QStringLiteral("not decided in time"));
        }
    }
    arm();
}

void StepUpGate::arm()
{
    if (m_pending.isEmpty()) {
        m_timer.stop();
        return;
    }
    QDateTime next;
    for (const Waiting &w : std::as_const(m_pending))
        if (!next.isValid() || w.stepUp.expiresAt < next)
            next = w.stepUp.expiresAt;
    // Also wakes at least every second so an abandoned call is noticed.
    const qint64 ms = qBound(qint64(0), m_clock.now().msecsTo(next), qint64(1000));
    m_timer.start(int(ms));
}

} // namespace sanctum
