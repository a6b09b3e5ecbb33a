#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace sanctum {

// One entry of the tamper-evident audit log. Its hash covers every field but
// itself, chained to the previous entry:
//   hash = SHA-256(prev_hash ‖ canonical JSON of the event)
// where prev_hash is the previous entry's hash as 64 lowercase hex characters
// (64 zeros for the first entry).
struct AuditEvent {
    static const QByteArray kGenesisHash;

    qint64 seq = 0; // 1, 2, 3 … with no gaps
    QDateTime at;
    QString actor;       // "operator:cli", "agent:ag_…", "policy", "system"
    QString action;      // "agent.added", "mission.approved", "policy.changed" …
    QString subjectType; // "agent", "mission", "policy", "connection"
    QString subjectId;
    QJsonObject details;
    // The details exactly as hashed and stored (canonical JSON). Verification
    // hashes these bytes as read back, never a re-serialisation of them.
    QByteArray detailsJson;
    QByteArray prevHash; // hex
    QByteArray hash;     // hex

    // Sets details and their canonical bytes together.
    void setDetails(const QJsonObject &d);
    QByteArray canonicalJson() const;
    QByteArray computeHash() const;
    // The exported form: every field, hashes included.
    QJsonObject toJson() const;
};

} // namespace sanctum
