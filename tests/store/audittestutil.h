#pragma once

#include "domain/clock.h"
#include "domain/timeformat.h"
#include "rawsql.h"
#include "store/auditlog.h"
#include "store/database.h"

#include <QDateTime>

// Writing audit logs through the API and tampering with them behind its back.
namespace sanctum::test {

inline const QDateTime kStart = QDateTime(QDate(2026, 11, 28), QTime(12, 0), Qt::UTC);

// The application's view of one file: database, clock and log.
class Session {
public:
    explicit Session(const QString &path, const QDateTime &now = kStart)
        : db(path)
        , clock(now)
        , log(db, clock)
    {
    }
    Status open()
    {
        if (Status s = db.open(); !s)
            return s;
        return log.load();
    }

    Database db;
    ManualClock clock;
    AuditLog log;
};

inline AuditEntry entryFor(int i)
{
    const bool byAgent = i % 3 == 0;
    return AuditEntry{byAgent ? QStringLiteral("agent:ag_00000000000000%1").arg(i % 100, 2, 10, QLatin1Char('0'))
                              : QStringLiteral("operator:cli"),
                      byAgent ? QStringLiteral("mission.requested") : QStringLiteral("agent.added"),
                      byAgent ? QStringLiteral("mission") : QStringLiteral("agent"),
                      QStringLiteral("id_%1").arg(i),
                      QJsonObject{{QStringLiteral("i"), i}, {QStringLiteral("name"), QStringLiteral("bot-%1").arg(i)}}};
}

// Appends `count` events through the API, a second apart, then closes the file.
inline bool writeLog(const QString &path, int count)
{
    Session s(path);
    if (!s.open())
        return false;
    for (int i = 1; i <= count; ++i) {
        s.clock.advance(1000);
        const Expected<AuditEvent> e = s.log.append(entryFor(i));
        if (!e || e->seq != i)
            return false;
    }
    return true;
}

inline AuditVerification reopenAndVerify(const QString &path)
{
    Session s(path);
    if (Status st = s.open(); !st) {
        AuditVerification v;
        v.problem = AuditVerification::Problem::Broken;
        v.message = st.error().message;
        return v;
    }
    return s.log.verify();
}

// A row forged with full knowledge of the format: correctly linked to the row
// before it and correctly hashed.
inline bool insertForged(RawSql &raw, qint64 seq)
{
    AuditEvent e;
    e.seq = seq;
    e.at = kStart.addSecs(seq);
    e.actor = QStringLiteral("operator:mallory");
    e.action = QStringLiteral("agent.removed");
    e.subjectType = QStringLiteral("agent");
    e.subjectId = QStringLiteral("ag_forged");
    e.setDetails({{QStringLiteral("reason"), QStringLiteral("nothing to see")}});
    e.prevHash = seq == 1
                     ? AuditEvent::kGenesisHash
                     : raw.scalar(QStringLiteral("SELECT hash FROM audit_log WHERE seq = ?"), {seq - 1}).toByteArray();
    e.hash = e.computeHash();
    return raw.exec(QStringLiteral("INSERT INTO audit_log (seq, at, actor, action, subject_type, subject_id, details, "
                                   "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                    {e.seq,
                     TimeFormat::toString(e.at),
                     e.actor,
                     e.action,
                     e.subjectType,
                     e.subjectId,
                     QString::fromUtf8(e.detailsJson),
                     QString::fromLatin1(e.prevHash),
                     QString::fromLatin1(e.hash)});
}

inline const QStringList kContentColumns = {QStringLiteral("at"),
                                            QStringLiteral("actor"),
                                            QStringLiteral("action"),
                                            QStringLiteral("subject_type"),
                                            QStringLiteral("subject_id"),
                                            QStringLiteral("details"),
                                            QStringLiteral("prev_hash"),
                                            QStringLiteral("hash")};

inline bool swapRows(RawSql &raw, qint64 a, qint64 b)
{
    QVariantList rowA;
    QVariantList rowB;
    for (const QString &c : kContentColumns) {
        rowA << raw.scalar(QStringLiteral("SELECT %1 FROM audit_log WHERE seq = ?").arg(c), {a});
        rowB << raw.scalar(QStringLiteral("SELECT %1 FROM audit_log WHERE seq = ?").arg(c), {b});
    }
    const QString update =
        QStringLiteral("UPDATE audit_log SET %1 = ? WHERE seq = ?").arg(kContentColumns.join(QStringLiteral(" = ?, ")));
    return raw.exec(update, rowB + QVariantList{a}) && raw.exec(update, rowA + QVariantList{b});
}

} // namespace sanctum::test
