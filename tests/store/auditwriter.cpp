// A child for tst_auditcrash: appends audit entries as fast as it can and
// acknowledges each one on stdout only after append() has returned, the way
// Sanctum acknowledges a decision to its caller. The test kills it with
// SIGKILL at some point and checks that every acknowledged entry survived.
//
//   auditwriter <data dir> [max entries]
#include "domain/clock.h"
#include "store/auditlog.h"
#include "store/database.h"
#include "store/datadir.h"

#include <QCoreApplication>
#include <QSqlQuery>

#include <cstdio>
#include <unistd.h>

using namespace sanctum;

namespace {

// Straight to the file descriptor: no stdio buffer that SIGKILL could drop
// after the ack was counted as given, and none that could hold it back.
bool writeAll(int fd, const QByteArray &bytes)
{
    qsizetype done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.constData() + done, size_t(bytes.size() - done));
        if (n < 0)
            return false;
        done += n;
    }
    return true;
}

int fail(const QString &what)
{
    writeAll(STDERR_FILENO, "auditwriter: " + what.toUtf8() + '\n');
    return 2;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 2)
        return fail(QStringLiteral("usage: auditwriter <data dir> [max entries]"));
    const QString dataDir = args.at(1);
    const qint64 maxEntries = args.size() > 2 ? args.at(2).toLongLong() : -1;

    if (Status s = DataDir::prepare(dataDir); !s)
        return fail(s.error().message);
    Database db(DataDir::databasePath(dataDir));
    if (Status s = db.open(); !s)
        return fail(s.error().message);
    SystemClock clock;
    AuditLog log(db, clock);
    if (Status s = log.load(); !s)
        return fail(s.error().message);

    for (qint64 i = 1; maxEntries < 0 || i <= maxEntries; ++i) {
        const qint64 seq = log.headSeq() + 1;
        // A change in the same transaction, so the test can also check that
        // entry and change survive (or vanish) together.
        const Expected<AuditEvent> e =
            log.append(AuditEntry{QStringLiteral("operator:crash-test"),
                                  QStringLiteral("test.written"),
                                  QStringLiteral("test"),
                                  QString::number(seq),
                                  QJsonObject{{QStringLiteral("i"), i}}},
                       [&]() -> Status {
                           QSqlQuery q(db.handle());
                           q.prepare(QStringLiteral("INSERT INTO meta (key, value) VALUES (?, ?)"));
                           q.addBindValue(QStringLiteral("crash_change_%1").arg(seq));
                           q.addBindValue(QString::number(i));
                           return Database::exec(q, QStringLiteral("the change"));
                       });
        if (!e)
            return fail(e.error().message);
        if (!writeAll(STDOUT_FILENO, "ack " + QByteArray::number(e->seq) + '\n'))
            return fail(QStringLiteral("cannot write to stdout"));
    }
    return 0;
}
