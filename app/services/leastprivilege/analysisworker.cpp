#include "services/leastprivilege/analysisworker.h"

#include "domain/scopemapcatalog.h"
#include "store/database.h"

namespace sanctum {

AnalysisWorker::AnalysisWorker(const QString &databasePath, QObject *parent)
    : QObject(parent)
    , m_maps(std::make_unique<ScopeMapCatalog>())
    , m_store(databasePath, QStringLiteral("sanctum-analysis"), QThread::LowPriority)
{
}

// The store worker goes first: a job still running finishes, and its answer
// then has no one to go to.
AnalysisWorker::~AnalysisWorker() = default;

void AnalysisWorker::run(Job job, Done done)
{
    ScopeMapCatalog *maps = m_maps.get();
    m_store.run<QJsonObject>(
        [maps, job = std::move(job)](Database &db) { return job(db, *maps); }, this, std::move(done));
}

} // namespace sanctum
