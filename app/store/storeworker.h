#pragma once

#include "domain/error.h"

#include <QObject>
#include <QPointer>
#include <QThread>

#include <functional>
#include <optional>

namespace sanctum {

class Database;

// A thread of its own with one connection to the store, opened on that
// thread (a Qt SQL connection belongs to the thread that opened it), for
// work that must not hold up the thread that owns the worker: the usage
// writer's batches, the usage aggregates, the audit chain walk, the
// least-privilege analyses.
//
// Jobs run one at a time, in the order given. Each answer is an Expected<T>:
// a job's own failure and a store that could not be opened arrive the same
// way. The answer goes to `done` on the context's thread, and is dropped when
// the context or the worker is gone by then. Destroying the worker lets the
// jobs already handed over finish (a clean shutdown loses no write), then
// closes the connection on its thread.
class StoreWorker : public QObject {
    Q_OBJECT
public:
    template<class T>
    using Job = std::function<Expected<T>(Database &db)>;

    StoreWorker(const QString &databasePath, const QString &threadName,
                QThread::Priority priority = QThread::InheritPriority, QObject *parent = nullptr);
    ~StoreWorker() override;

    // Opens the connection now and waits for it; otherwise the first job
    // opens it, so a worker never used costs no file handle.
    Status open();

    template<class T>
    void run(Job<T> job, QObject *context, std::function<void(Expected<T>)> done)
    {
        QPointer<QObject> to(context);
        enqueue([this, job = std::move(job), to, done = std::move(done)](Database *db, const Error &openError) {
            Expected<T> result = db ? job(*db) : Expected<T>(openError);
            if (done)
                deliver(to, [done, result = std::move(result)] { done(result); });
        });
    }

    // Runs `job` and waits for its answer. Never from a job.
    template<class T>
    Expected<T> runNow(Job<T> job)
    {
        std::optional<Expected<T>> result;
        enqueueAndWait([&](Database *db, const Error &openError) { result = db ? job(*db) : Expected<T>(openError); });
        return std::move(*result);
    }

private:
    using Task = std::function<void(Database *db, const Error &openError)>;
    void enqueue(Task task);
    void enqueueAndWait(Task task);
    void deliver(const QPointer<QObject> &context, std::function<void()> answer);

    QThread m_thread;
    QObject *m_connection = nullptr; // lives on m_thread, owns the Database
};

} // namespace sanctum
