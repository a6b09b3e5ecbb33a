#pragma once

#include <QObject>
#include <QThread>

#include <functional>

namespace sanctum {

class Database;

// A thread of its own with its own connection to the store (Qt SQL
// connections belong to the thread that opened them), for the audit page's
// long reads: walking the whole chain, writing an export. Jobs run one after
// another in the order given; the GUI thread only hands them over.
class AuditWorker : public QObject {
    Q_OBJECT
public:
    explicit AuditWorker(const QString &databasePath, QObject *parent = nullptr);
    ~AuditWorker() override;

    // Runs `job` on the worker thread with the open connection, or with
    // nullptr and the reason when the store could not be opened there.
    using Job = std::function<void(Database *db, const QString &openError)>;
    void run(Job job);

private:
    QString m_path;
    QThread m_thread;
    QObject *m_context = nullptr; // lives on m_thread, owns the connection
};

} // namespace sanctum
