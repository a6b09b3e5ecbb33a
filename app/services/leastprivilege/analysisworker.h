#pragma once

#include "domain/error.h"
#include "store/storeworker.h"

#include <QJsonObject>
#include <QObject>

#include <functional>
#include <memory>

namespace sanctum {

class Database;
class ScopeMapCatalog;

// Runs read-only analyses of the store (least privilege, exposure) on a
// StoreWorker of its own, with scope maps of its own (a catalog caches
// without locks, so it stays on the worker's thread), so a GROUP BY over a
// million usage events never stalls the thread that serves the broker, the
// admin socket and the window. Jobs run one at a time, in order; each answer
// comes back on the thread that owns the worker. An answer still on its way
// when the worker is destroyed is dropped.
class AnalysisWorker : public QObject {
    Q_OBJECT
public:
    // The results stay JSON: the admin commands and the window consume them
    // as such.
    using Job = std::function<Expected<QJsonObject>(Database &db, ScopeMapCatalog &maps)>;
    using Done = std::function<void(Expected<QJsonObject> result)>;

    explicit AnalysisWorker(const QString &databasePath, QObject *parent = nullptr);
    ~AnalysisWorker() override;

    // `job` gets an open store connection; when it cannot be opened, `done`
    // gets that error instead.
    void run(Job job, Done done);

private:
    std::unique_ptr<ScopeMapCatalog> m_maps; // used by the jobs only: outlives m_store
    StoreWorker m_store;
};

} // namespace sanctum
