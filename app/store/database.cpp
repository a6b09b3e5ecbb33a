#include "store/database.h"

#include "domain/logging.h"
#include "store/migrations.h"

#include <QAtomicInteger>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>

namespace sanctum {

namespace {
QString nextConnectionName()
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("sanctum-db-%1").arg(counter.fetchAndAddRelaxed(1));
}

Error sqlError(const QString &what, const QSqlError &e)
{
    QString detail = e.databaseText();
    if (detail.isEmpty())
        detail = e.text();
    return Error{QStringLiteral("store"), QStringLiteral("%1 failed: %2").arg(what, detail)};
}
} // namespace

Database::Database(const QString &path)
    : m_path(path)
    , m_connectionName(nextConnectionName())
{
}

Database::~Database()
{
    close();
}

void Database::close()
{
    if (!m_db.isValid())
        return;
    m_begin.reset();
    m_commit.reset();
    m_rollback.reset();
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
}

Status Database::open(int targetVersion)
{
    if (targetVersion < 0)
        targetVersion = Migrations::latestVersion();
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE")))
        return Error{QStringLiteral("store"),
                     QStringLiteral("Qt's SQLite driver is not installed (Debian package libqt6sql6-sqlite)")};

    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    m_db.setDatabaseName(m_path);
    // Another process (a backup, `sqlite3` in a terminal) may hold a lock for a moment.
    m_db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!m_db.open()) {
        Error e = sqlError(QStringLiteral("opening %1").arg(m_path), m_db.lastError());
        close();
        return e;
    }

    // Read the version before anything writes: a newer schema must stay untouched.
    const Expected<int> version = readUserVersion();
    if (!version) {
        close();
        return version.error();
    }
    m_version = *version;
    if (m_version > Migrations::latestVersion()) {
        const int found = m_version;
        close();
        return Error{QStringLiteral("schema_too_new"),
                     QStringLiteral("the database %1 has schema version %2, but this Sanctum only knows up to "
                                    "version %3; it was left untouched. Run a newer Sanctum, or use another "
                                    "--data-dir.")
                         .arg(m_path)
                         .arg(found)
                         .arg(Migrations::latestVersion())};
    }

    QFile::setPermissions(m_path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("PRAGMA journal_mode=WAL")) || !q.next() ||
        q.value(0).toString().compare(QStringLiteral("wal"), Qt::CaseInsensitive) != 0) {
        Error e = sqlError(QStringLiteral("switching %1 to WAL mode").arg(m_path), q.lastError());
        close();
        return e;
    }
    // FULL: every commit is fsynced, so whatever was acknowledged survives a
    // crash or power loss (NORMAL in WAL mode may lose the last commits).
    for (const char *pragma : {"PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON"}) {
        if (!q.exec(QString::fromLatin1(pragma))) {
            Error e = sqlError(QString::fromLatin1(pragma), q.lastError());
            close();
            return e;
        }
    }

    // Every change runs in a transaction: its three statements are parsed once.
    m_begin = std::make_unique<QSqlQuery>(m_db);
    m_commit = std::make_unique<QSqlQuery>(m_db);
    m_rollback = std::make_unique<QSqlQuery>(m_db);
    if (!m_begin->prepare(QStringLiteral("BEGIN IMMEDIATE")) || !m_commit->prepare(QStringLiteral("COMMIT")) ||
        !m_rollback->prepare(QStringLiteral("ROLLBACK"))) {
        Error e = sqlError(QStringLiteral("preparing transactions"), m_begin->lastError());
        close();
        return e;
    }

    if (Status s = migrate(targetVersion); !s) {
        close();
        return s;
    }
    return Done{};
}

Expected<int> Database::readUserVersion()
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
        return sqlError(QStringLiteral("reading the schema version of %1").arg(m_path), q.lastError());
    return q.value(0).toInt();
}

Status Database::migrate(int targetVersion)
{
    for (const Migration &m : Migrations::all()) {
        if (m.version <= m_version || m.version > targetVersion)
            continue;
        qCInfo(lcStore).noquote() << "migrating" << m_path << "to schema version" << m.version
                                  << QStringLiteral("(%1)").arg(m.description);
        Status s = transaction([&]() -> Status {
            for (const QString &sql : m.statements)
                if (Status st = exec(sql, QStringLiteral("migration %1").arg(m.version)); !st)
                    return st;
            // PRAGMA takes no bound parameters; the version is our own integer.
            return exec(QStringLiteral("PRAGMA user_version = %1").arg(m.version),
                        QStringLiteral("recording schema version %1").arg(m.version));
        });
        if (!s)
            return s;
        m_version = m.version;
    }
    return Done{};
}

Status Database::transaction(const std::function<Status()> &work)
{
    // Nested calls join the outer transaction, which commits or rolls back as one.
    if (m_inTransaction)
        return work();
    // IMMEDIATE takes the write lock up front, so a transaction never fails
    // half-way for want of it.
    if (!m_begin->exec())
        return sqlError(QStringLiteral("starting a transaction"), m_begin->lastError());
    m_inTransaction = true;
    Status s = work();
    m_inTransaction = false;
    if (!s) {
        m_rollback->exec();
        return s;
    }
    if (!m_commit->exec()) {
        Error e = sqlError(QStringLiteral("committing"), m_commit->lastError());
        m_rollback->exec();
        return e;
    }
    return Done{};
}

Status Database::exec(QSqlQuery &query, const QString &what)
{
    if (!query.exec())
        return sqlError(what, query.lastError());
    return Done{};
}

Status Database::exec(const QString &sql, const QString &what)
{
    QSqlQuery q(m_db);
    if (!q.exec(sql))
        return sqlError(what, q.lastError());
    return Done{};
}

} // namespace sanctum
