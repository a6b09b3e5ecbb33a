#include "auditlog.h"

#include "clock.h"
#include "database.h"
#include "logging.h"
#include "timeformat.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace sanctum {

namespace {
const QString kHeadSeq = QStringLiteral("audit_head_seq");
const QString kHeadHash = QStringLiteral("audit_head_hash");
const QString kColumns = QStringLiteral("seq, at, actor, action, subject_type, subject_id, details, prev_hash, hash");

AuditEvent eventFromRow(const QSqlQuery &q)
{
    AuditEvent e;
    e.seq = q.value(0).toLongLong();
    e.at = TimeFormat::fromString(q.value(1).toString());
    e.actor = q.value(2).toString();
    e.action = q.value(3).toString();
    e.subjectType = q.value(4).toString();
    e.subjectId = q.value(5).toString();
    e.detailsJson = q.value(6).toByteArray();
    e.details = QJsonDocument::fromJson(e.detailsJson).object();
    e.prevHash = q.value(7).toByteArray();
    e.hash = q.value(8).toByteArray();
    return e;
}
} // namespace

QString AuditVerification::problemName(Problem p)
{
    switch (p) {
    case Problem::None:
        return QStringLiteral("none");
    case Problem::Edited:
        return QStringLiteral("edited");
    case Problem::Deleted:
        return QStringLiteral("deleted");
    case Problem::Inserted:
        return QStringLiteral("inserted");
    case Problem::Reordered:
        return QStringLiteral("reordered");
    case Problem::Truncated:
        return QStringLiteral("truncated");
    case Problem::Broken:
        return QStringLiteral("broken");
    }
    Q_UNREACHABLE();
    return {};
}

QJsonObject AuditVerification::toJson() const
{
    QJsonObject o{
        {QStringLiteral("ok"), ok()},
        {QStringLiteral("checked"), checked},
        {QStringLiteral("head_seq"), headSeq},
        {QStringLiteral("problem"), problemName(problem)},
        {QStringLiteral("message"), message},
    };
    if (!ok())
        o.insert(QStringLiteral("first_bad_seq"), firstBadSeq);
    return o;
}

AuditLog::AuditLog(Database &db, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_db(db)
    , m_clock(clock)
{
}

Status AuditLog::load()
{
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("SELECT key, value FROM meta WHERE key IN (?, ?)"));
    q.addBindValue(kHeadSeq);
    q.addBindValue(kHeadHash);
    if (Status s = Database::exec(q, QStringLiteral("reading the audit head")); !s)
        return s;
    m_headSeq = 0;
    m_headHash = AuditEvent::kGenesisHash;
    while (q.next()) {
        if (q.value(0).toString() == kHeadSeq)
            m_headSeq = q.value(1).toLongLong();
        else
            m_headHash = q.value(1).toByteArray();
    }
    qCDebug(lcAudit) << "audit head at" << m_headSeq;
    return Done{};
}

Expected<AuditEvent> AuditLog::append(const AuditEntry &entry, const std::function<Status()> &change)
{
    AuditEvent e;
    e.seq = m_headSeq + 1;
    e.at = m_clock.now();
    e.actor = entry.actor;
    e.action = entry.action;
    e.subjectType = entry.subjectType;
    e.subjectId = entry.subjectId;
    e.setDetails(entry.details);
    e.prevHash = m_headHash;
    e.hash = e.computeHash();

    Status s = m_db.transaction([&]() -> Status {
        if (change)
            if (Status c = change(); !c)
                return c;
        return writeEvent(e);
    });
    if (!s) {
        qCWarning(lcAudit) << "audit append failed:" << s.error().message;
        return s.error();
    }
    // Only now, with the transaction durable, does the head move.
    m_headSeq = e.seq;
    m_headHash = e.hash;
    Q_EMIT appended(e);
    return e;
}

Status AuditLog::writeEvent(const AuditEvent &e)
{
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("INSERT INTO audit_log (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)").arg(kColumns));
    q.addBindValue(e.seq);
    q.addBindValue(TimeFormat::toString(e.at));
    q.addBindValue(e.actor);
    q.addBindValue(e.action);
    q.addBindValue(e.subjectType);
    q.addBindValue(e.subjectId);
    q.addBindValue(QString::fromUtf8(e.detailsJson));
    q.addBindValue(QString::fromLatin1(e.prevHash));
    q.addBindValue(QString::fromLatin1(e.hash));
    if (Status s = Database::exec(q, QStringLiteral("writing audit entry %1").arg(e.seq)); !s)
        return s;

    QSqlQuery head(m_db.handle());
    head.prepare(QStringLiteral("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?), (?, ?)"));
    head.addBindValue(kHeadSeq);
    head.addBindValue(QString::number(e.seq));
    head.addBindValue(kHeadHash);
    head.addBindValue(QString::fromLatin1(e.hash));
    return Database::exec(head, QStringLiteral("recording the audit head"));
}

Expected<QList<AuditEvent>> AuditLog::list(const AuditQuery &query) const
{
    QString sql = QStringLiteral("SELECT %1 FROM audit_log WHERE seq > ?").arg(kColumns);
    QVariantList binds{query.afterSeq};
    if (!query.actionPrefix.isEmpty()) {
        // substr instead of LIKE: action names may contain '_' and '%'.
        sql += QStringLiteral(" AND substr(action, 1, ?) = ?");
        binds << query.actionPrefix.size() << query.actionPrefix;
    }
    if (!query.subjectId.isEmpty()) {
        sql += QStringLiteral(" AND subject_id = ?");
        binds << query.subjectId;
    }
    sql += QStringLiteral(" ORDER BY seq LIMIT ?");
    binds << qBound(1, query.limit, 10000);

    QSqlQuery q(m_db.handle());
    q.setForwardOnly(true);
    q.prepare(sql);
    for (const QVariant &v : binds)
        q.addBindValue(v);
    if (Status s = Database::exec(q, QStringLiteral("listing the audit log")); !s)
        return s.error();
    QList<AuditEvent> out;
    while (q.next())
        out.append(eventFromRow(q));
    return out;
}

AuditVerification AuditLog::verify() const
{
    using Problem = AuditVerification::Problem;
    AuditVerification r;

    // The head as durably recorded, read fresh rather than trusted from memory.
    QSqlQuery head(m_db.handle());
    head.prepare(QStringLiteral("SELECT key, value FROM meta WHERE key IN (?, ?)"));
    head.addBindValue(kHeadSeq);
    head.addBindValue(kHeadHash);
    QByteArray headHash = AuditEvent::kGenesisHash;
    if (Database::exec(head, QStringLiteral("reading the audit head"))) {
        while (head.next()) {
            if (head.value(0).toString() == kHeadSeq)
                r.headSeq = head.value(1).toLongLong();
            else
                headHash = head.value(1).toByteArray();
        }
    }

    auto fail = [&r](Problem p, qint64 seq, const QString &message) {
        r.problem = p;
        r.firstBadSeq = seq;
        r.message = message;
        return r;
    };
    // Where in the log is the entry whose hash is `hash`? Only asked after a
    // broken link, so a full scan is acceptable.
    auto seqOfHash = [this](const QByteArray &hash) -> qint64 {
        QSqlQuery q(m_db.handle());
        q.prepare(QStringLiteral("SELECT seq FROM audit_log WHERE hash = ? LIMIT 1"));
        q.addBindValue(QString::fromLatin1(hash));
        return q.exec() && q.next() ? q.value(0).toLongLong() : 0;
    };

    QSqlQuery q(m_db.handle());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT %1 FROM audit_log ORDER BY seq").arg(kColumns)))
        return fail(Problem::Broken, 0, QStringLiteral("cannot read the audit log: %1").arg(q.lastError().text()));

    QByteArray prevHash = AuditEvent::kGenesisHash;
    qint64 expected = 1;
    while (q.next()) {
        const AuditEvent e = eventFromRow(q);
        if (e.seq != expected)
            return fail(Problem::Deleted,
                        expected,
                        e.seq == expected + 1
                            ? QStringLiteral("entry %1 is missing (deleted)").arg(expected)
                            : QStringLiteral("entries %1 to %2 are missing (deleted)").arg(expected).arg(e.seq - 1));
        if (e.prevHash != prevHash) {
            const qint64 linked = seqOfHash(e.prevHash);
            if (linked > 0 && linked == e.seq - 2)
                return fail(Problem::Inserted,
                            e.seq - 1,
                            QStringLiteral("entry %1 was inserted: entry %2 still links to entry %3")
                                .arg(e.seq - 1)
                                .arg(e.seq)
                                .arg(linked));
            if (linked > e.seq)
                return fail(Problem::Reordered,
                            e.seq,
                            QStringLiteral("entry %1 is out of order: it links to entry %2, which comes after it")
                                .arg(e.seq)
                                .arg(linked));
            if (linked > 0)
                return fail(Problem::Deleted,
                            linked + 1,
                            QStringLiteral("entries after %1 were deleted and the rest renumbered: entry %2 "
                                           "links to entry %1")
                                .arg(linked)
                                .arg(e.seq));
            return fail(Problem::Broken,
                        e.seq,
                        QStringLiteral("entry %1 does not link to entry %2: one of them was altered")
                            .arg(e.seq)
                            .arg(e.seq - 1));
        }
        if (e.computeHash() != e.hash)
            return fail(Problem::Edited,
                        e.seq,
                        QStringLiteral("entry %1 was edited: its hash does not match its "
                                       "contents")
                            .arg(e.seq));
        prevHash = e.hash;
        ++expected;
        ++r.checked;
    }

    const qint64 last = expected - 1;
    if (last < r.headSeq)
        return fail(Problem::Truncated,
                    last + 1,
                    QStringLiteral("the log was truncated: it ends at entry %1, but entries up to %2 were written")
                        .arg(last)
                        .arg(r.headSeq));
    if (last > r.headSeq)
        return fail(Problem::Inserted,
                    r.headSeq + 1,
                    QStringLiteral("entries %1 to %2 were added outside Sanctum, after the recorded head")
                        .arg(r.headSeq + 1)
                        .arg(last));
    if (prevHash != headHash)
        return fail(Problem::Edited,
                    last,
                    QStringLiteral("entry %1 was replaced: it differs from the recorded head").arg(last));
    r.message =
        r.checked == 1 ? QStringLiteral("1 entry verified") : QStringLiteral("%1 entries verified").arg(r.checked);
    return r;
}

} // namespace sanctum
