#include "ui/auditworker.h"

#include "store/database.h"

namespace sanctum {

namespace {

// The worker thread's end: the connection, opened on first use so that a
// page never visited costs no file handle.
class AuditConnection : public QObject {
public:
    explicit AuditConnection(const QString &path)
        : m_db(path)
    {
    }

    void run(const AuditWorker::Job &job)
    {
        if (!m_open) {
            if (Status s = m_db.open(); !s)
                return job(nullptr, s.error().message);
            m_open = true;
        }
        job(&m_db, {});
    }

private:
    Database m_db;
    bool m_open = false;
};

} // namespace

AuditWorker::AuditWorker(const QString &databasePath, QObject *parent)
    : QObject(parent)
    , m_path(databasePath)
{
    m_thread.setObjectName(QStringLiteral("sanctum-audit"));
    m_thread.start(QThread::LowPriority);
    m_context = new AuditConnection(m_path);
    m_context->moveToThread(&m_thread);
}

AuditWorker::~AuditWorker()
{
    // A job still running finishes first; the connection closes on its own thread.
    QObject *context = std::exchange(m_context, nullptr);
    QMetaObject::invokeMethod(
        context, [context] { delete context; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void AuditWorker::run(Job job)
{
    auto *connection = static_cast<AuditConnection *>(m_context);
    QMetaObject::invokeMethod(m_context, [connection, job = std::move(job)] { connection->run(job); });
}

} // namespace sanctum
