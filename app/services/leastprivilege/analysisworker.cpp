#include "services/leastprivilege/analysisworker.h"

#include "domain/scopemapcatalog.h"
#include "store/database.h"

namespace sanctum {

namespace {
// The worker thread's end, opened on first use.
class Reader : public QObject {
public:
    explicit Reader(const QString &path)
        : m_db(path)
    {
    }

    QJsonObject run(const AnalysisWorker::Job &job)
    {
        if (!m_open) {
            if (Status s = m_db.open(); !s)
                return {{QStringLiteral("error"), s.error().code}, {QStringLiteral("message"), s.error().message}};
            m_open = true;
        }
        return job(m_db, m_maps);
    }

private:
    Database m_db;
    ScopeMapCatalog m_maps;
    bool m_open = false;
};
} // namespace

AnalysisWorker::AnalysisWorker(const QString &databasePath, QObject *parent)
    : QObject(parent)
{
    m_thread.setObjectName(QStringLiteral("sanctum-analysis"));
    m_thread.start(QThread::LowPriority);
    m_reader = new Reader(databasePath);
    m_reader->moveToThread(&m_thread);
}

AnalysisWorker::~AnalysisWorker()
{
    // A job still running finishes first; its answer then has no one to go to.
    QObject *reader = std::exchange(m_reader, nullptr);
    QMetaObject::invokeMethod(
        reader, [reader] { delete reader; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void AnalysisWorker::run(Job job, Done done)
{
    auto *reader = static_cast<Reader *>(m_reader);
    QMetaObject::invokeMethod(m_reader, [this, reader, job = std::move(job), done = std::move(done)] {
        const QJsonObject result = reader->run(job);
        // Queued to this object: dropped by Qt if it is gone by then.
        QMetaObject::invokeMethod(this, [done, result] { done(result); });
    });
}

} // namespace sanctum
