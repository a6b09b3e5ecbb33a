#include "domain/timeformat.h"

namespace sanctum {

QString TimeFormat::toString(const QDateTime &t)
{
    if (!t.isValid())
        return {};
    return t.toUTC().toString(Qt::ISODateWithMs);
}

QDateTime TimeFormat::fromString(const QString &s)
{
    if (s.isEmpty())
        return {};
    QDateTime t = QDateTime::fromString(s, Qt::ISODateWithMs);
    return t.isValid() ? t.toUTC() : QDateTime();
}

QJsonValue TimeFormat::toJson(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(toString(t)) : QJsonValue(QJsonValue::Null);
}

} // namespace sanctum
