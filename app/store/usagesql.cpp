#include "store/usagesql.h"

#include "domain/timeformat.h"
#include "domain/usageevent.h"
#include "store/database.h"
#include "store/usagestats.h"

#include <QSqlQuery>

namespace sanctum::UsageSql {

namespace {
// Outcome names as the store holds them, spelled by the one function that
// writes them; constants, so inlining them into the SQL is safe.
QString quoted(UsageEvent::Outcome o)
{
    return QStringLiteral("'%1'").arg(UsageEvent::outcomeName(o));
}
} // namespace

QString usedCondition()
{
    return QStringLiteral("outcome = %1").arg(quoted(UsageEvent::Outcome::Allowed));
}

QString deniedCondition()
{
    return QStringLiteral("outcome IN (%1, %2)")
        .arg(quoted(UsageEvent::Outcome::Denied), quoted(UsageEvent::Outcome::StepUpDenied));
}

QString failedCondition()
{
    return QStringLiteral("outcome = %1").arg(quoted(UsageEvent::Outcome::Failed));
}

// Instants are stored as fixed-width UTC ISO text, so comparing the text
// compares the times, on any SQL engine, and an index on `at` serves it.
void addWindow(const UsageWindow &w, QString *sql, QVariantList *binds)
{
    if (w.from.isValid()) {
        *sql += QStringLiteral(" AND at >= ?");
        binds->append(TimeFormat::toString(w.from));
    }
    if (w.to.isValid()) {
        *sql += QStringLiteral(" AND at < ?");
        binds->append(TimeFormat::toString(w.to));
    }
}

Status run(QSqlQuery &q, const QString &sql, const QVariantList &binds, const QString &what)
{
    q.setForwardOnly(true);
    q.prepare(sql);
    for (const QVariant &b : binds)
        q.addBindValue(b);
    return Database::exec(q, what);
}

} // namespace sanctum::UsageSql
