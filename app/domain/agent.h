#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace sanctum {

// An AI agent known to this instance. It proves who it is with an agent key
// ("sa_…") that is shown once at creation; only the key's SHA-256 is kept.
struct Agent {
    QString id; // "ag_" + 16 hex, public
    QString name;
    QString keyHash;   // hex SHA-256 of the key; never the key
    QString keyPrefix; // first characters of the key, so an operator can tell keys apart
    QDateTime createdAt;
    QDateTime lastSeenAt;
    QDateTime removedAt;

    bool isRemoved() const { return removedAt.isValid(); }
    // Never includes the hash: nothing outside the store needs it.
    QJsonObject toJson() const;

    static bool isValidName(const QString &name);
};

} // namespace sanctum
