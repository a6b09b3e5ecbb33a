#include "ui/auditchainchecker.h"

#include "store/database.h"
#include "ui/auditworker.h"
#include "ui/uilogging.h"

namespace sanctum {

AuditChainChecker::AuditChainChecker(AuditWorker &worker, QObject *parent)
    : QObject(parent)
    , m_worker(worker)
{
}

void AuditChainChecker::verify()
{
    if (m_running)
        return;
    m_running = true;
    Q_EMIT runningChanged();
    m_worker.run<AuditVerification>(
        [](Database &db) -> Expected<AuditVerification> { return AuditVerifier(db.handle()).run(); },
        this,
        [this](Expected<AuditVerification> v) {
            if (v)
                return onVerified(*v);
            AuditVerification unread;
            unread.problem = AuditVerification::Problem::Broken;
            unread.message = v.error().message;
            onVerified(unread);
        });
}

void AuditChainChecker::onVerified(const AuditVerification &v)
{
    m_verification = v;
    m_hasResult = true;
    m_result = describe(v);
    m_running = false;
    if (v.ok())
        qCInfo(lcUi) << "audit chain verified:" << v.checked << "entries";
    else
        qCWarning(lcUi).noquote() << "audit chain verification found a problem:" << v.message;
    Q_EMIT resultChanged();
    Q_EMIT runningChanged();
    Q_EMIT finished(v.ok());
}

QString AuditChainChecker::problem() const
{
    return m_hasResult ? AuditVerification::problemName(m_verification.problem) : QString();
}

QString AuditChainChecker::describe(const AuditVerification &v)
{
    using Problem = AuditVerification::Problem;
    const QString seq = QString::number(v.firstBadSeq);
    switch (v.problem) {
    case Problem::None:
        return tr("Chain intact: %n entries verified", nullptr, int(v.checked));
    case Problem::Edited:
        return tr("Entry #%1 was edited").arg(seq);
    case Problem::Deleted:
        return tr("Entry #%1 was deleted").arg(seq);
    case Problem::Inserted:
        return tr("Entry #%1 was inserted from outside Sanctum").arg(seq);
    case Problem::Reordered:
        return tr("Entry #%1 was moved out of order").arg(seq);
    case Problem::Truncated:
        return tr("The log was truncated: entries from #%1 on were cut off").arg(seq);
    case Problem::Broken:
        break;
    }
    if (v.firstBadSeq > 0)
        return tr("The chain is broken at entry #%1").arg(seq);
    return tr("The audit log could not be read: %1").arg(v.message);
}

} // namespace sanctum
