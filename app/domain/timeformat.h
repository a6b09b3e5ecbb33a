#pragma once

#include <QDateTime>
#include <QJsonValue>
#include <QString>

namespace sanctum {

// One textual form for instants everywhere (store, JSON, audit):
// UTC, ISO 8601 with milliseconds, e.g. 2026-11-28T12:00:00.000Z.
class TimeFormat {
public:
    static QString toString(const QDateTime &t);
    static QDateTime fromString(const QString &s);
    // null for an invalid (absent) instant
    static QJsonValue toJson(const QDateTime &t);
};

} // namespace sanctum
