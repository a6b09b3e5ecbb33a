#include "domain/agent.h"

#include "domain/timeformat.h"

#include <QRegularExpression>

namespace sanctum {

QJsonObject Agent::toJson() const
{
    QJsonObject o{
        {QStringLiteral("id"), id},
        {QStringLiteral("name"), name},
        {QStringLiteral("key_prefix"), keyPrefix},
        {QStringLiteral("created_at"), TimeFormat::toJson(createdAt)},
        {QStringLiteral("last_seen_at"), TimeFormat::toJson(lastSeenAt)},
    };
    if (isRemoved())
        o.insert(QStringLiteral("removed_at"), TimeFormat::toJson(removedAt));
    return o;
}

bool Agent::isValidName(const QString &name)
{
    // Names appear in tables, logs and shell commands: keep them plain.
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"));
    return re.match(name).hasMatch();
}

} // namespace sanctum
