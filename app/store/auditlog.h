#pragma once

#include "domain/auditevent.h"
#include "domain/error.h"
#include "store/auditverifier.h"

#include <QList>
#include <QObject>

#include <functional>
#include <memory>

class QSqlDatabase;
class QSqlQuery;

namespace sanctum {

class Clock;
class Database;

// What an audited change says about itself; the log adds seq, time and hashes.
struct AuditEntry {
    QString actor;
    QString action;
    QString subjectType;
    QString subjectId;
    QJsonObject details;
};

// The first four members keep their places: callers initialise them by position.
struct AuditQuery {
    qint64 afterSeq = 0;      // only entries with seq > afterSeq
    int limit = 100;          // at most this many
    QString actionPrefix;     // e.g. "agent." ; empty for all
    QString subjectId;        // empty for all
    qint64 beforeSeq = 0;     // and, when not 0, seq < beforeSeq
    bool newestFirst = false; // oldest first unless set
    QString actor;            // exactly this actor ("operator:cli"); empty for all
    // Entries whose actor or subject id contains this, ignoring ASCII case;
    // empty for all.
    QString text;

    // Whether `e` is one of the entries this query selects, seq bounds aside:
    // how a view decides whether a live append belongs to its filter.
    bool matches(const AuditEvent &e) const;
};

// The append-only, hash-chained audit log. Every decision and state change in
// Sanctum is written through append(), in the same transaction as the change
// itself, and is durable (fsynced) before append() returns.
//
// Besides the chain, the log records its head (last seq and hash) in the
// meta table within each append's transaction. Appends continue from that
// head, never from whatever row happens to be last. When the table does not
// end at the head on opening (rows cut off the end, or added after it), the
// log says so in an entry of its own, so the finding is as durable and
// tamper-evident as the rest and verify() reports it from then on.
class AuditLog : public QObject {
    Q_OBJECT
public:
    AuditLog(Database &db, const Clock &clock, QObject *parent = nullptr);
    ~AuditLog() override;

    // Reads the head; records tampering found at the end of the table.
    Status load();

    // Appends `entry`; when `change` is given it runs first in the same
    // transaction, and neither is kept unless both succeed.
    Expected<AuditEvent> append(const AuditEntry &entry, const std::function<Status()> &change = {});

    Expected<QList<AuditEvent>> list(const AuditQuery &query) const;
    // The same read on any connection to the store, for readers on threads
    // of their own.
    static Expected<QList<AuditEvent>> list(const QSqlDatabase &db, const AuditQuery &query);
    AuditVerification verify() const;

    qint64 headSeq() const { return m_headSeq; }
    QByteArray headHash() const { return m_headHash; }

Q_SIGNALS:
    void appended(const sanctum::AuditEvent &event);

private:
    Status prepareStatements();
    Status writeEvent(const AuditEvent &event);

    Database &m_db;
    const Clock &m_clock;
    qint64 m_headSeq = 0;
    QByteArray m_headHash = AuditEvent::kGenesisHash;
    std::unique_ptr<QSqlQuery> m_insertEntry;
    std::unique_ptr<QSqlQuery> m_updateHead;
};

} // namespace sanctum
