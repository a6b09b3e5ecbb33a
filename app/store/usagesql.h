#pragma once

#include "domain/error.h"

#include <QString>
#include <QVariantList>

class QSqlQuery;

namespace sanctum {

struct UsageWindow;

// The SQL pieces every question over usage_events is built from, written
// once so that "used", "denied" and "in the window" mean the same to the
// statistics, the least-privilege analysis and the anomaly checks.
namespace UsageSql {
// Allowed calls: the scope was really used.
QString usedCondition();
// Refused for lacking a scope, step-up refusals included.
QString deniedCondition();
// Allowed, but the upstream or the broker failed them.
QString failedCondition();
// Appends " AND at >= ? AND at < ?" for the window's ends that are set.
void addWindow(const UsageWindow &window, QString *sql, QVariantList *binds);
// Prepares forward-only (results are read once), binds in order, runs.
Status run(QSqlQuery &query, const QString &sql, const QVariantList &binds, const QString &what);
} // namespace UsageSql

} // namespace sanctum
