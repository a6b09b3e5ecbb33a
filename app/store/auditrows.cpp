#include "store/auditrows.h"

#include "domain/timeformat.h"
#include "store/database.h"

#include <QJsonDocument>
#include <QSqlQuery>

namespace sanctum::AuditRows {

const QString kColumns = QStringLiteral("seq, at, actor, action, subject_type, subject_id, details, prev_hash, hash");
const QString kTamperAction = QStringLiteral("audit.tamper_detected");

const QString kHeadSeqKey = QStringLiteral("audit_head_seq");
const QString kHeadHashKey = QStringLiteral("audit_head_hash");

AuditEvent fromRow(const QSqlQuery &q)
{
    AuditEvent e;
    e.seq = q.value(0).toLongLong();
    e.at = TimeFormat::fromString(q.value(1).toString());
    e.actor = q.value(2).toString();
    e.action = q.value(3).toString();
    e.subjectType = q.value(4).toString();
    e.subjectId = q.value(5).toString();
    // Hashed as stored, never re-serialised.
    e.detailsJson = q.value(6).toByteArray();
    e.details = QJsonDocument::fromJson(e.detailsJson).object();
    e.prevHash = q.value(7).toByteArray();
    e.hash = q.value(8).toByteArray();
    return e;
}

Expected<Head> readHead(const QSqlDatabase &db)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT key, value FROM meta WHERE key IN (?, ?)"));
    q.addBindValue(kHeadSeqKey);
    q.addBindValue(kHeadHashKey);
    if (Status s = Database::exec(q, QStringLiteral("reading the audit head")); !s)
        return s.error();
    Head head;
    while (q.next()) {
        if (q.value(0).toString() == kHeadSeqKey)
            head.seq = q.value(1).toLongLong();
        else
            head.hash = q.value(1).toByteArray();
    }
    return head;
}

} // namespace sanctum::AuditRows
