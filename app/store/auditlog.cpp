#include "store/auditlog.h"

#include "domain/actor.h"

#include "store/auditrows.h"

#include "domain/clock.h"
#include "domain/logging.h"
#include "domain/timeformat.h"
#include "store/database.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace sanctum {

namespace {
// Unset text is stored as empty text, as the hash sees it, not as NULL.
QString text(const QString &s)
{
    return s.isNull() ? QStringLiteral("") : s;
}
} // namespace

AuditLog::AuditLog(Database &db, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_db(db)
    , m_clock(clock)
{
}

AuditLog::~AuditLog() = default;

Status AuditLog::load()
{
    if (Status s = prepareStatements(); !s)
        return s;
    const Expected<AuditRows::Head> head = AuditRows::readHead(m_db.handle());
    if (!head)
        return head.error();
    m_headSeq = head->seq;
    m_headHash = head->hash;

    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"));
    if (Status s = Database::exec(q, QStringLiteral("reading the last audit entry")); !s)
        return s;
    const qint64 last = q.next() ? q.value(0).toLongLong() : 0;
    if (last == m_headSeq)
        return Done{};

    QJsonObject details;
    if (last < m_headSeq) {
        details = {{QStringLiteral("problem"), QStringLiteral("truncated")},
                   {QStringLiteral("first"), last + 1},
                   {QStringLiteral("last"), m_headSeq}};
    } else {
        details = {{QStringLiteral("problem"), QStringLiteral("inserted")},
                   {QStringLiteral("first"), m_headSeq + 1},
                   {QStringLiteral("last"), last}};
        // Go on after the foreign rows, or every append would collide with them.
        m_headSeq = last;
        m_headHash = q.value(1).toByteArray();
    }
    qCCritical(lcAudit).noquote() << "the audit log was tampered with:"
                                  << details.value(QStringLiteral("problem")).toString() << "entries"
                                  << details.value(QStringLiteral("first")).toInteger() << "to"
                                  << details.value(QStringLiteral("last")).toInteger() << "; recording it";
    const Expected<AuditEvent> recorded = append(
        {Actor::system(), AuditRows::kTamperAction, QStringLiteral("audit"), QStringLiteral("audit_log"), details});
    return recorded ? Status(Done{}) : Status(recorded.error());
}

Expected<AuditEvent> AuditLog::append(const AuditEntry &entry, const std::function<Status()> &change)
{
    Q_ASSERT_X(m_insertEntry, "AuditLog::append", "load() the log before appending");
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

Status AuditLog::prepareStatements()
{
    // Appends are the store's hottest durable path: both statements are
    // parsed once per connection, not once per entry.
    m_insertEntry = std::make_unique<QSqlQuery>(m_db.handle());
    m_updateHead = std::make_unique<QSqlQuery>(m_db.handle());
    const bool ok =
        m_insertEntry->prepare(
            QStringLiteral("INSERT INTO audit_log (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)").arg(AuditRows::kColumns)) &&
        // An upsert updates the rows in place (no delete and re-insert in the
        // key index, as INSERT OR REPLACE would), and is PostgreSQL syntax too.
        m_updateHead->prepare(QStringLiteral("INSERT INTO meta (key, value) VALUES (?, ?), (?, ?) "
                                             "ON CONFLICT (key) DO UPDATE SET value = excluded.value"));
    if (!ok)
        return Error{
            QStringLiteral("store"),
            QStringLiteral("preparing the audit statements failed: %1")
                .arg((m_insertEntry->lastError().isValid() ? m_insertEntry : m_updateHead)->lastError().text())};
    return Done{};
}

Status AuditLog::writeEvent(const AuditEvent &e)
{
    QSqlQuery &q = *m_insertEntry;
    q.bindValue(0, e.seq);
    q.bindValue(1, TimeFormat::toString(e.at));
    q.bindValue(2, text(e.actor));
    q.bindValue(3, text(e.action));
    q.bindValue(4, text(e.subjectType));
    q.bindValue(5, text(e.subjectId));
    q.bindValue(6, QString::fromUtf8(e.detailsJson));
    q.bindValue(7, QString::fromLatin1(e.prevHash));
    q.bindValue(8, QString::fromLatin1(e.hash));
    static const QString kWriting = QStringLiteral("writing an audit entry");
    if (Status s = Database::exec(q, kWriting); !s)
        return s;

    QSqlQuery &h = *m_updateHead;
    h.bindValue(0, AuditRows::kHeadSeqKey);
    h.bindValue(1, QString::number(e.seq));
    h.bindValue(2, AuditRows::kHeadHashKey);
    h.bindValue(3, QString::fromLatin1(e.hash));
    static const QString kRecording = QStringLiteral("recording the audit head");
    return Database::exec(h, kRecording);
}

Expected<QList<AuditEvent>> AuditLog::list(const AuditQuery &query) const
{
    return list(m_db.handle(), query);
}

Expected<QList<AuditEvent>> AuditLog::list(const QSqlDatabase &db, const AuditQuery &query)
{
    // Every shape walks the primary key in seq order (forwards or backwards)
    // from a bound and stops after `limit` matches, so a page costs what it
    // skips, never a sort of the whole table. Plain SQL throughout: SQLite
    // and PostgreSQL alike.
    QString sql = QStringLiteral("SELECT %1 FROM audit_log WHERE seq > ?").arg(AuditRows::kColumns);
    QVariantList binds{query.afterSeq};
    if (query.beforeSeq > 0) {
        sql += QStringLiteral(" AND seq < ?");
        binds << query.beforeSeq;
    }
    if (!query.actionPrefix.isEmpty()) {
        // substr instead of LIKE: action names may contain '_' and '%'.
        sql += QStringLiteral(" AND substr(action, 1, ?) = ?");
        binds << query.actionPrefix.size() << query.actionPrefix;
    }
    if (!query.subjectId.isEmpty()) {
        sql += QStringLiteral(" AND subject_id = ?");
        binds << query.subjectId;
    }
    if (!query.actor.isEmpty()) {
        // Served by the audit_log_actor index.
        sql += QStringLiteral(" AND actor = ?");
        binds << query.actor;
    }
    if (!query.text.isEmpty()) {
        // LIKE with an escape character so '%' and '_' typed by a person
        // match themselves; lower() on both sides, since SQLite's LIKE
        // ignores ASCII case and PostgreSQL's does not.
        QString pattern = query.text.toLower();
        pattern.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
            .replace(QLatin1Char('%'), QStringLiteral("\\%"))
            .replace(QLatin1Char('_'), QStringLiteral("\\_"));
        pattern = QLatin1Char('%') + pattern + QLatin1Char('%');
        sql += QStringLiteral(" AND (lower(actor) LIKE ? ESCAPE '\\' OR lower(subject_id) LIKE ? ESCAPE '\\')");
        binds << pattern << pattern;
    }
    sql += query.newestFirst ? QStringLiteral(" ORDER BY seq DESC LIMIT ?") : QStringLiteral(" ORDER BY seq LIMIT ?");
    binds << qBound(1, query.limit, 10000);

    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(sql);
    for (const QVariant &v : binds)
        q.addBindValue(v);
    if (Status s = Database::exec(q, QStringLiteral("listing the audit log")); !s)
        return s.error();
    QList<AuditEvent> out;
    while (q.next())
        out.append(AuditRows::fromRow(q));
    return out;
}

bool AuditQuery::matches(const AuditEvent &e) const
{
    // As the SQL above decides it; lower() there folds ASCII letters only.
    const auto containsFolded = [](const QString &haystack, const QString &needle) {
        return haystack.toLower().contains(needle.toLower());
    };
    return (actionPrefix.isEmpty() || e.action.startsWith(actionPrefix)) &&
           (subjectId.isEmpty() || e.subjectId == subjectId) && (actor.isEmpty() || e.actor == actor) &&
           (text.isEmpty() || containsFolded(e.actor, text) || containsFolded(e.subjectId, text));
}

AuditVerification AuditLog::verify() const
{
    return AuditVerifier(m_db.handle()).run();
}

} // namespace sanctum
