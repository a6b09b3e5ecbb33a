#pragma once

#include "domain/auditevent.h"

#include <QJsonObject>
#include <QSqlDatabase>

class QSqlDatabase;

namespace sanctum {

// The outcome of walking the whole chain.
struct AuditVerification {
    enum class Problem { None, Edited, Deleted, Inserted, Reordered, Truncated, Broken };

    Problem problem = Problem::None;
    qint64 checked = 0;     // entries whose hash and link were confirmed
    qint64 firstBadSeq = 0; // the first entry that is wrong (or missing)
    qint64 headSeq = 0;     // the last entry the log recorded as written
    QString message;

    bool ok() const { return problem == Problem::None; }
    static QString problemName(Problem p);
    QJsonObject toJson() const;
};

// Walks the audit chain from the first entry to the recorded head and names
// the first thing wrong with it, saying what kind of tampering it looks like.
// Read-only; safe to run while the log is in use on the same connection.
class AuditVerifier {
public:
    explicit AuditVerifier(const QSqlDatabase &db);

    AuditVerification run();

private:
    using Problem = AuditVerification::Problem;

    AuditVerification fail(Problem p, qint64 seq, const QString &message);
    // Why entry `e` does not link to the entry before it.
    AuditVerification diagnoseBrokenLink(const AuditEvent &e);
    // The verdict an entry the log wrote about its own tampering records.
    AuditVerification reportRecordedTampering(const AuditEvent &marker);
    qint64 seqOfHash(const QByteArray &hash) const;

    QSqlDatabase m_db;
    AuditVerification m_result;
};

} // namespace sanctum
