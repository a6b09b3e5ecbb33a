#pragma once

#include <QJsonObject>
#include <QObject>
#include <QThread>

#include <functional>

namespace sanctum {

class Database;
class ScopeMapCatalog;

// Runs read-only analyses of the store (least privilege, exposure) on a
// thread of its own, with a store connection and scope maps of its own (a
// Qt SQL connection belongs to the thread that opened it; a catalog caches
// without locks), so a GROUP BY over a million usage events never stalls
// the thread that serves the broker, the admin socket and the window.
// Jobs run one at a time, in order; each answer comes back on the thread
// that owns the worker. An answer still on its way when the worker is
// destroyed is dropped.
class AnalysisWorker : public QObject {
    Q_OBJECT
public:
    using Job = std::function<QJsonObject(Database &db, ScopeMapCatalog &maps)>;
    using Done = std::function<void(const QJsonObject &result)>;

    explicit AnalysisWorker(const QString &databasePath, QObject *parent = nullptr);
    ~AnalysisWorker() override;

    // `job` gets an open store connection; when it cannot be opened, `done`
    // gets {"error": code, "message": text} instead.
    void run(Job job, Done done);

private:
    QThread m_thread;
    QObject *m_reader = nullptr; // lives on m_thread
};

} // namespace sanctum
