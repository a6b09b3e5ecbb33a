#include "store/auditverifier.h"

#include "domain/actor.h"

#include "store/auditrows.h"

#include <QSqlError>
#include <QSqlQuery>

namespace sanctum {

namespace {
// How far back a renumbering is looked for when an entry matches its hash
// only under another seq.
constexpr int kMaxRenumberShift = 64;

// "entry 3 was" / "entries 3 to 5 were"
QString entries(qint64 first, qint64 last)
{
    return first == last ? QStringLiteral("entry %1 was").arg(first)
                         : QStringLiteral("entries %1 to %2 were").arg(first).arg(last);
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

AuditVerifier::AuditVerifier(const QSqlDatabase &db)
    : m_db(db)
{
}

AuditVerification AuditVerifier::fail(Problem p, qint64 seq, const QString &message)
{
    m_result.problem = p;
    m_result.firstBadSeq = seq;
    m_result.message = message;
    return m_result;
}

qint64 AuditVerifier::seqOfHash(const QByteArray &hash) const
{
    // Only asked after a broken link, so a scan is acceptable.
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT seq FROM audit_log WHERE hash = ? LIMIT 1"));
    q.addBindValue(QString::fromLatin1(hash));
    return q.exec() && q.next() ? q.value(0).toLongLong() : 0;
}

AuditVerification AuditVerifier::run()
{
    m_result = {};
    const Expected<AuditRows::Head> head = AuditRows::readHead(m_db);
    if (!head)
        return fail(Problem::Broken, 0, head.error().message);
    m_result.headSeq = head->seq;

    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT %1 FROM audit_log ORDER BY seq").arg(AuditRows::kColumns)))
        return fail(Problem::Broken, 0, QStringLiteral("cannot read the audit log: %1").arg(q.lastError().text()));

    QByteArray prevHash = AuditEvent::kGenesisHash;
    qint64 expected = 1;
    while (q.next()) {
        const AuditEvent e = AuditRows::fromRow(q);
        const bool marker = e.action == AuditRows::kTamperAction && e.actor == Actor::system();
        if (e.seq != expected) {
            // A gap the log itself found and recorded right after it.
            if (marker && e.computeHash() == e.hash &&
                e.details.value(QStringLiteral("first")).toInteger() == expected &&
                e.details.value(QStringLiteral("last")).toInteger() == e.seq - 1)
                return reportRecordedTampering(e);
            return fail(Problem::Deleted, expected, QStringLiteral("%1 deleted").arg(entries(expected, e.seq - 1)));
        }
        if (e.prevHash != prevHash)
            return diagnoseBrokenLink(e);
        if (e.computeHash() != e.hash)
            return fail(Problem::Edited,
                        e.seq,
                        QStringLiteral("entry %1 was edited: its hash does not match its contents").arg(e.seq));
        if (marker)
            return reportRecordedTampering(e);
        prevHash = e.hash;
        ++expected;
        ++m_result.checked;
    }

    const qint64 last = expected - 1;
    if (last < head->seq)
        return fail(Problem::Truncated,
                    last + 1,
                    QStringLiteral("the log was truncated: %1 cut off its end").arg(entries(last + 1, head->seq)));
    if (last > head->seq)
        return fail(
            Problem::Inserted,
            head->seq + 1,
            QStringLiteral("%1 added outside Sanctum, after the recorded head").arg(entries(head->seq + 1, last)));
    if (prevHash != head->hash)
        return fail(Problem::Edited,
                    last,
                    QStringLiteral("entry %1 was replaced: it differs from the recorded head").arg(last));
    m_result.message = m_result.checked == 1 ? QStringLiteral("1 entry verified")
                                             : QStringLiteral("%1 entries verified").arg(m_result.checked);
    return m_result;
}

AuditVerification AuditVerifier::diagnoseBrokenLink(const AuditEvent &e)
{
    // Which entry does it link to instead? Entry 0 is the genesis.
    const bool toGenesis = e.prevHash == AuditEvent::kGenesisHash;
    const qint64 linked = toGenesis ? 0 : seqOfHash(e.prevHash);
    if ((linked > 0 || toGenesis) && linked == e.seq - 2)
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
                    QStringLiteral("entries after %1 were deleted and the rest renumbered: entry %2 links to entry %1")
                        .arg(linked)
                        .arg(e.seq));
    if (e.computeHash() != e.hash) {
        // It may be intact but renumbered: its hash holds under a later seq.
        AuditEvent shifted = e;
        for (int d = 1; d <= kMaxRenumberShift; ++d) {
            shifted.seq = e.seq + d;
            if (shifted.computeHash() == e.hash)
                return fail(Problem::Deleted,
                            e.seq,
                            QStringLiteral("%1 deleted before entry %2, and the entries after renumbered")
                                .arg(d == 1 ? QStringLiteral("an entry was") : QStringLiteral("%1 entries were").arg(d))
                                .arg(e.seq + d));
        }
        return fail(Problem::Edited,
                    e.seq,
                    QStringLiteral("entry %1 was edited: neither its link nor its hash matches").arg(e.seq));
    }
    return fail(
        Problem::Broken,
        e.seq,
        QStringLiteral("entry %1 does not link to entry %2: one of them was altered").arg(e.seq).arg(e.seq - 1));
}

AuditVerification AuditVerifier::reportRecordedTampering(const AuditEvent &marker)
{
    const QString problem = marker.details.value(QStringLiteral("problem")).toString();
    const qint64 first = marker.details.value(QStringLiteral("first")).toInteger();
    const qint64 last = marker.details.value(QStringLiteral("last")).toInteger();
    if (problem == QStringLiteral("truncated"))
        return fail(Problem::Truncated,
                    first,
                    QStringLiteral("the log was truncated: %1 cut off its end (found when Sanctum opened it, and "
                                   "recorded as entry %2)")
                        .arg(entries(first, last))
                        .arg(marker.seq));
    return fail(Problem::Inserted,
                first,
                QStringLiteral("%1 added outside Sanctum (found when Sanctum opened the log, and recorded as "
                               "entry %2)")
                    .arg(entries(first, last))
                    .arg(marker.seq));
}

} // namespace sanctum
