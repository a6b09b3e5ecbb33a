#include "ui/auditworker.h"

namespace sanctum {

AuditWorker::AuditWorker(const QString &databasePath, QObject *parent)
    : StoreWorker(databasePath, QStringLiteral("sanctum-audit"), QThread::LowPriority, parent)
{
}

} // namespace sanctum
