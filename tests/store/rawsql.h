#pragma once

#include <QAtomicInteger>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

namespace sanctum::test {

// A connection of its own to a SQLite file, beside (or instead of) the
// application's Database: how the tests build odd files and tamper with rows
// the way someone holding the file, not the API, would.
class RawSql {
public:
    explicit RawSql(const QString &path)
        : m_name(QStringLiteral("raw-sql-%1").arg(counter().fetchAndAddRelaxed(1)))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        m_open = db.open();
        if (!m_open)
            m_error = db.lastError().text();
    }
    ~RawSql()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    Q_DISABLE_COPY_MOVE(RawSql)

    bool isOpen() const { return m_open; }
    QString lastError() const { return m_error; }

    // Prepares `sql`, binds `binds` positionally and executes it.
    bool exec(const QString &sql, const QVariantList &binds = {})
    {
        QSqlQuery q(QSqlDatabase::database(m_name, false));
        return run(q, sql, binds);
    }

    // The first column of the first row, or an invalid QVariant.
    QVariant scalar(const QString &sql, const QVariantList &binds = {})
    {
        QSqlQuery q(QSqlDatabase::database(m_name, false));
        if (!run(q, sql, binds) || !q.next())
            return {};
        return q.value(0);
    }

    // Every row's first column.
    QVariantList column(const QString &sql, const QVariantList &binds = {})
    {
        QSqlQuery q(QSqlDatabase::database(m_name, false));
        QVariantList out;
        if (run(q, sql, binds))
            while (q.next())
                out << q.value(0);
        return out;
    }

private:
    static QAtomicInteger<quint64> &counter()
    {
        static QAtomicInteger<quint64> c;
        return c;
    }

    bool run(QSqlQuery &q, const QString &sql, const QVariantList &binds)
    {
        bool ok = binds.isEmpty() ? q.exec(sql) : q.prepare(sql);
        if (ok && !binds.isEmpty()) {
            for (const QVariant &v : binds)
                q.addBindValue(v);
            ok = q.exec();
        }
        if (!ok)
            m_error = q.lastError().text();
        return ok;
    }

    QString m_name;
    bool m_open = false;
    QString m_error;
};

} // namespace sanctum::test
