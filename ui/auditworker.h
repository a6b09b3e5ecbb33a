#pragma once

#include "store/storeworker.h"

namespace sanctum {

// The audit page's worker thread and connection, for its long reads: walking
// the whole chain, writing an export. Low priority, so the window stays
// responsive while they run.
class AuditWorker : public StoreWorker {
    Q_OBJECT
public:
    explicit AuditWorker(const QString &databasePath, QObject *parent = nullptr);
};

} // namespace sanctum
