#include "store/storeworker.h"

#include "store/database.h"

namespace sanctum {

namespace {
// The thread's end: the connection, opened there on first use.
class Connection : public QObject {
public:
    explicit Connection(const QString &path)
        : m_db(path)
    {
    }

    void run(const std::function<void(Database *, const Error &)> &task)
    {
        if (!m_opened) {
            if (Status s = m_db.open(); !s)
                return task(nullptr, s.error()); // tried again with the next job
            m_opened = true;
        }
        task(&m_db, Error{});
    }

private:
    Database m_db;
    bool m_opened = false;
};
} // namespace

StoreWorker::StoreWorker(const QString &databasePath, const QString &threadName, QThread::Priority priority,
                         QObject *parent)
    : QObject(parent)
{
    m_thread.setObjectName(threadName);
    m_thread.start(priority);
    m_connection = new Connection(databasePath);
    m_connection->moveToThread(&m_thread);
}

StoreWorker::~StoreWorker()
{
    // Queued behind every job already handed over: those run first, and
    // their answers, posted to this object, are dropped with it.
    QObject *connection = std::exchange(m_connection, nullptr);
    QMetaObject::invokeMethod(
        connection, [connection] { delete connection; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

Status StoreWorker::open()
{
    return runNow<Done>([](Database &) -> Status { return Done{}; });
}

void StoreWorker::enqueue(Task task)
{
    auto *connection = static_cast<Connection *>(m_connection);
    QMetaObject::invokeMethod(m_connection, [connection, task = std::move(task)] { connection->run(task); });
}

void StoreWorker::enqueueAndWait(Task task)
{
    Q_ASSERT(QThread::currentThread() != &m_thread);
    auto *connection = static_cast<Connection *>(m_connection);
    QMetaObject::invokeMethod(
        m_connection, [connection, &task] { connection->run(task); }, Qt::BlockingQueuedConnection);
}

void StoreWorker::deliver(const QPointer<QObject> &context, std::function<void()> answer)
{
    // Through this object first: it outlives every running job, so posting
    // to it from the worker thread is safe, and Qt drops the post if it is
    // gone by then. The context is looked at only from the owner's thread.
    QMetaObject::invokeMethod(this, [context, answer = std::move(answer)] {
        if (!context)
            return;
        if (context->thread() == QThread::currentThread())
            return answer();
        QMetaObject::invokeMethod(context.data(), [context, answer] {
            if (context)
                answer();
        });
    });
}

} // namespace sanctum
