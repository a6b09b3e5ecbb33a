#pragma once

#include "domain/error.h"

#include <QSqlDatabase>
#include <QString>

#include <functional>
#include <memory>

class QSqlQuery;

namespace sanctum {

// One SQLite database file, opened on the calling thread, in WAL mode with
// synchronous=FULL so that a committed transaction survives kill -9 and power
// loss. Opening runs the pending migrations; a file from a newer Sanctum is
// refused before anything is written to it.
class Database {
public:
    explicit Database(const QString &path);
    ~Database();
    Q_DISABLE_COPY_MOVE(Database)

    // Opens and migrates up to `targetVersion` (the latest by default; tests
    // pass an older one to build a database as an older release left it).
    Status open(int targetVersion = -1);
    void close();

    QSqlDatabase handle() const { return m_db; }
    QString path() const { return m_path; }
    int schemaVersion() const { return m_version; }

    // Runs `work` in one transaction: committed when it succeeds, rolled back
    // when it fails or the commit does.
    Status transaction(const std::function<Status()> &work);

    // Prepares, binds positionally and executes; a failure names `what`.
    static Status exec(QSqlQuery &query, const QString &what);
    Status exec(const QString &sql, const QString &what);

private:
    Status migrate(int targetVersion);
    Expected<int> readUserVersion();

    QString m_path;
    QString m_connectionName;
    QSqlDatabase m_db;
    std::unique_ptr<QSqlQuery> m_begin;
    std::unique_ptr<QSqlQuery> m_commit;
    std::unique_ptr<QSqlQuery> m_rollback;
    int m_version = 0;
    bool m_inTransaction = false;
};

} // namespace sanctum
