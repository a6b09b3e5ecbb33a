#pragma once

#include "domain/auditevent.h"
#include "domain/error.h"

class QSqlDatabase;
class QSqlQuery;

namespace sanctum {

// How audit entries sit in the audit_log table and the meta head, shared by
// the log that writes them and the verifier that checks them.
namespace AuditRows {

extern const QString kColumns;
// The action of the entry the log writes about itself when it finds, on
// opening, that rows were cut off its end or added after its head.
extern const QString kTamperAction;
// The head's keys in the meta table.
extern const QString kHeadSeqKey;
extern const QString kHeadHashKey;

struct Head {
    qint64 seq = 0;
    QByteArray hash = AuditEvent::kGenesisHash;
};

AuditEvent fromRow(const QSqlQuery &q);
Expected<Head> readHead(const QSqlDatabase &db);

} // namespace AuditRows
} // namespace sanctum
