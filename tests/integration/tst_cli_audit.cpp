// sanctumctl's audit commands (verify, export) and what reaches the disk,
// against a real `sanctum --headless`; tampering is done from outside, on the
// database of a stopped instance, the way an intruder would.

#include "integrationsupport.h"
#include "testsupport.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace sanctum::test;

namespace {
const QStringList kCsvHeader =
    args({"seq", "at", "actor", "action", "subject_type", "subject_id", "details", "prev_hash", "hash"});

// RFC 4180 records: quoted fields may hold commas, quotes ("") and newlines.
QList<QStringList> parseCsv(const QString &text, bool *wellFormed)
{
    QList<QStringList> records;
    QStringList record;
    QString field;
    bool quoted = false;
    *wellFormed = true;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == QLatin1Char('"') && i + 1 < text.size() && text.at(i + 1) == QLatin1Char('"')) {
                field += c;
                ++i;
            } else if (c == QLatin1Char('"')) {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == QLatin1Char('"') && field.isEmpty()) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            record << field;
            field.clear();
        } else if (c == QLatin1Char('\r') && i + 1 < text.size() && text.at(i + 1) == QLatin1Char('\n')) {
            record << field;
            records << record;
            record.clear();
            field.clear();
            ++i;
        } else {
            if (c == QLatin1Char('"') || c == QLatin1Char('\n') || c == QLatin1Char('\r'))
                *wellFormed = false;
            field += c;
        }
    }
    if (quoted || !field.isEmpty() || !record.isEmpty())
        *wellFormed = false; // every record ends with CRLF
    return records;
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Runs `sql` on a stopped instance's database from this process.
bool tamper(const QString &dataDir, const QString &sql)
{
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("intruder"));
        db.setDatabaseName(dataDir + QStringLiteral("/sanctum.db"));
        if (db.open()) {
            QSqlQuery q(db);
            ok = q.exec(sql) && q.numRowsAffected() == 1;
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("intruder"));
    return ok;
}
} // namespace

class TestCliAudit : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<HeadlessInstance> m_instance;
    QTemporaryDir m_tmp;

    CtlRun ctl(const QStringList &arguments) const { return m_instance->ctl(arguments); }

    // Sends `requests` over one admin connection, pipelined in batches, and
    // checks every reply; true when all succeeded.
    static bool sendAll(HeadlessInstance &instance, const QList<QJsonObject> &requests)
    {
        LineClient client;
        if (!client.connectTo(adminSocketPath(instance)))
            return false;
        for (qsizetype batch = 0; batch < requests.size(); batch += 100) {
            const qsizetype end = qMin(requests.size(), batch + 100);
            QByteArray lines;
            for (qsizetype i = batch; i < end; ++i)
                lines += QJsonDocument(requests.at(i)).toJson(QJsonDocument::Compact) + '\n';
            if (!client.send(lines))
                return false;
            for (qsizetype i = batch; i < end; ++i)
                if (!client.readReply().value(QStringLiteral("ok")).toBool())
                    return false;
            // The instance logs each entry on stdout; keep its pipe from filling.
            drainOutput(instance.process());
        }
        return true;
    }

    QJsonArray auditEvents() const { return parseJson(ctl(args({"audit", "list", "--json"})).out).array(); }

private Q_SLOTS:
    void initTestCase()
    {
        m_instance = std::make_unique<HeadlessInstance>();
        QVERIFY2(m_instance->start(), m_instance->output().constData());
        // Some history, with details that need quoting in CSV.
        QCOMPARE(ctl(args({"agents", "add", "alpha"})).exitCode, 0);
        QCOMPARE(ctl(args({"agents", "add", "beta"})).exitCode, 0);
        QCOMPARE(ctl(args({"agents", "remove", "beta", "--reason", "said \"no\", twice\nthen left"})).exitCode, 0);
        QCOMPARE(ctl(args({"agents", "remove", "alpha", "--reason", "=1+1"})).exitCode, 0);
        QCOMPARE(ctl(args({"policy", "set", "--max-ttl", "900", "--auto-approve", "read:user"})).exitCode, 0);
        QCOMPARE(auditEvents().size(), 5);
    }

    void cleanupTestCase() { m_instance.reset(); }

    void verifyACleanLog()
    {
        const CtlRun r = ctl(args({"audit", "verify"}));
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("intact") && r.out.contains("5 entries verified"), r.out.constData());
        const QJsonObject json = parseJson(ctl(args({"audit", "verify", "--json"})).out).object();
        QCOMPARE(json.value(QStringLiteral("ok")), QJsonValue(true));
        QCOMPARE(json.value(QStringLiteral("checked")).toInteger(), 5);
        QCOMPARE(json.value(QStringLiteral("head_seq")).toInteger(), 5);
    }

    void auditListIsAChain()
    {
        const QJsonArray events = auditEvents();
        QString prev(64, QLatin1Char('0'));
        for (qsizetype i = 0; i < events.size(); ++i) {
            const QJsonObject e = events.at(i).toObject();
            QCOMPARE(e.value(QStringLiteral("seq")).toInteger(), i + 1);
            QCOMPARE(e.value(QStringLiteral("prev_hash")).toString(), prev);
            prev = e.value(QStringLiteral("hash")).toString();
            QCOMPARE(prev.size(), 64);
        }
        const QJsonArray paged =
            parseJson(ctl(args({"audit", "list", "--after", "2", "--limit", "2", "--json"})).out).array();
        QCOMPARE(paged.size(), 2);
        QCOMPARE(paged.at(0).toObject().value(QStringLiteral("seq")).toInteger(), 3);
        const QJsonArray policy = parseJson(ctl(args({"audit", "list", "--action", "policy.", "--json"})).out).array();
        QCOMPARE(policy.size(), 1);
    }

    void exportCsv()
    {
        const QString path = m_tmp.filePath(QStringLiteral("audit.csv"));
        const CtlRun r = ctl({QStringLiteral("audit"),
                              QStringLiteral("export"),
                              QStringLiteral("--format"),
                              QStringLiteral("csv"),
                              QStringLiteral("--output"),
                              path});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.err.contains("Exported 5 audit entries"));
        QVERIFY(r.out.isEmpty());
        bool wellFormed = false;
        const QList<QStringList> records = parseCsv(QString::fromUtf8(readFile(path)), &wellFormed);
        QVERIFY(wellFormed);
        QVERIFY(!records.isEmpty());
        QCOMPARE(records.first(), kCsvHeader);
        const QJsonArray events = auditEvents();
        QCOMPARE(records.size() - 1, events.size());
        for (qsizetype i = 0; i < events.size(); ++i) {
            const QJsonObject e = events.at(i).toObject();
            const QStringList &row = records.at(i + 1);
            QCOMPARE(row.size(), kCsvHeader.size());
            QCOMPARE(row.at(0).toLongLong(), e.value(QStringLiteral("seq")).toInteger());
            QCOMPARE(row.at(3), e.value(QStringLiteral("action")).toString());
            QCOMPARE(row.at(8), e.value(QStringLiteral("hash")).toString());
            QCOMPARE(parseJson(row.at(6).toUtf8()).object(), e.value(QStringLiteral("details")).toObject());
        }
    }

    void exportJsonLines_data()
    {
        QTest::addColumn<bool>("toFile");
        QTest::newRow("stdout") << false;
        QTest::newRow("file") << true;
    }

    void exportJsonLines()
    {
        QFETCH(bool, toFile);
        const QString path = m_tmp.filePath(QStringLiteral("audit.jsonl"));
        QStringList command = args({"audit", "export", "--format", "jsonl"});
        if (toFile)
            command << QStringLiteral("--output") << path;
        const CtlRun r = ctl(command);
        QCOMPARE(r.exitCode, 0);
        const QByteArray text = toFile ? readFile(path) : r.out;
        QVERIFY(text.endsWith('\n'));
        const QList<QByteArray> lines = text.chopped(1).split('\n');
        const QJsonArray events = auditEvents();
        QCOMPARE(lines.size(), events.size());
        for (qsizetype i = 0; i < lines.size(); ++i) {
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson(lines.at(i), &error);
            QVERIFY2(error.error == QJsonParseError::NoError && doc.isObject(), lines.at(i).constData());
            const QJsonObject e = events.at(i).toObject();
            for (const char *key : {"seq", "hash", "prev_hash", "action", "details"})
                QCOMPARE(doc.object().value(QLatin1String(key)), e.value(QLatin1String(key)));
        }
    }

    // The export pages through audit.list 1000 entries at a time; a log
    // longer than one page must come out whole, in order.
    void exportPagesThroughALongLog()
    {
        HeadlessInstance instance;
        QVERIFY2(instance.start(), instance.output().constData());
        const int total = 1001;
        QList<QJsonObject> requests;
        for (int i = 0; i < total; ++i)
            requests << QJsonObject{
                {QStringLiteral("cmd"), QStringLiteral("agents.add")},
                {QStringLiteral("args"), QJsonObject{{QStringLiteral("name"), QStringLiteral("bulk-%1").arg(i)}}}};
        QVERIFY(sendAll(instance, requests));

        const CtlRun r = instance.ctl(args({"audit", "export"}));
        QCOMPARE(r.exitCode, 0);
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), total);
        for (int i = 0; i < total; ++i)
            QCOMPARE(parseJson(lines.at(i)).object().value(QStringLiteral("seq")).toInteger(), i + 1);
        const CtlRun verify = instance.ctl(args({"audit", "verify"}));
        QCOMPARE(verify.exitCode, 0);
        QVERIFY(verify.out.contains("1001 entries verified"));
    }

    // Entries are not all small: a policy change records the policy before
    // and after. A log of such entries must still export whole.
    void exportCopesWithLargeEntries()
    {
        HeadlessInstance instance;
        QVERIFY2(instance.start(), instance.output().constData());
        QJsonArray scopes;
        for (int i = 0; i < 30; ++i)
            scopes.append(QStringLiteral("repo:scope-%1").arg(i));
        const int total = 800;
        QList<QJsonObject> requests;
        for (int i = 0; i < total; ++i)
            requests << QJsonObject{{QStringLiteral("cmd"), QStringLiteral("policy.set")},
                                    {QStringLiteral("args"),
                                     QJsonObject{{QStringLiteral("changes"),
                                                  QJsonObject{{QStringLiteral("max_ttl_seconds"), 100 + i},
                                                              {QStringLiteral("auto_approve_scopes"), scopes}}}}}};
        QVERIFY(sendAll(instance, requests));

        const QString path = m_tmp.filePath(QStringLiteral("large.jsonl"));
        const CtlRun r =
            instance.ctl({QStringLiteral("audit"), QStringLiteral("export"), QStringLiteral("--output"), path});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(readFile(path).trimmed().split('\n').size(), total);
    }

    void exportRefusesUnknownFormats()
    {
        const QString path = m_tmp.filePath(QStringLiteral("audit.xml"));
        const CtlRun r = ctl({QStringLiteral("audit"),
                              QStringLiteral("export"),
                              QStringLiteral("--format"),
                              QStringLiteral("xml"),
                              QStringLiteral("--output"),
                              path});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("xml"));
        QVERIFY(!QFileInfo::exists(path));
    }

    void failedExportLeavesTheTargetAlone()
    {
        const QString path = m_tmp.filePath(QStringLiteral("keep.jsonl"));
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("previous export\n");
        }
        const CtlRun r = runCtl({QStringLiteral("--data-dir"),
                                 m_tmp.filePath(QStringLiteral("no-instance")),
                                 QStringLiteral("audit"),
                                 QStringLiteral("export"),
                                 QStringLiteral("--output"),
                                 path});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(readFile(path), QByteArray("previous export\n"));
    }

    void theKeyNeverReachesTheDisk()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.path() + QStringLiteral("/data");
        HeadlessInstance instance(dir);
        QVERIFY2(instance.start(), instance.output().constData());
        const CtlRun added = instance.ctl(args({"agents", "add", "disk-check", "--json"}));
        QCOMPARE(added.exitCode, 0);
        const QByteArray key = parseJson(added.out).object().value(QStringLiteral("key")).toString().toUtf8();
        QCOMPARE(key.size(), 46);
        const QByteArray body = key.mid(3);
        const QByteArray hash = QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex();

        auto scan = [&](bool running) {
            QByteArray all;
            for (const auto &[path, bytes] : readAllFiles(dir)) {
                QVERIFY2(!bytes.contains(body), qPrintable(path));
                all += bytes;
            }
            QVERIFY2(running || all.contains(hash), "the key's SHA-256 is not stored");
        };
        scan(true); // the WAL, while it holds the newest pages
        if (QTest::currentTestFailed())
            return;
        instance.stop();
        QCOMPARE(instance.process().exitStatus(), QProcess::NormalExit);
        QVERIFY(QFileInfo::exists(dir + QStringLiteral("/sanctum.db")));
        scan(false);
        QVERIFY(!instance.output().contains(body));
    }

    void tamperingIsDetected_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("problem");
        QTest::addColumn<int>("badSeq");
        QTest::addColumn<QString>("names");
        QTest::newRow("details edited") << QStringLiteral(
                                               "UPDATE audit_log SET details = '{\"name\":\"innocent\"}' WHERE seq = 2")
                                        << QStringLiteral("edited") << 2 << QStringLiteral("entry 2 was edited");
        QTest::newRow("actor edited") << QStringLiteral("UPDATE audit_log SET actor = 'system' WHERE seq = 1")
                                      << QStringLiteral("edited") << 1 << QStringLiteral("entry 1 was edited");
        QTest::newRow("row deleted") << QStringLiteral("DELETE FROM audit_log WHERE seq = 2")
                                     << QStringLiteral("deleted") << 2 << QStringLiteral("entry 2 was deleted");
        QTest::newRow("last row dropped") << QStringLiteral("DELETE FROM audit_log WHERE seq = 3")
                                          << QStringLiteral("truncated") << 3 << QStringLiteral("entry 3 was cut off");
    }

    void tamperingIsDetected()
    {
        QFETCH(QString, sql);
        QFETCH(QString, problem);
        QFETCH(int, badSeq);
        QFETCH(QString, names);
        QTemporaryDir tmp;
        const QString dir = tmp.path() + QStringLiteral("/data");
        {
            HeadlessInstance before(dir);
            QVERIFY2(before.start(), before.output().constData());
            QCOMPARE(before.ctl(args({"agents", "add", "one"})).exitCode, 0);
            QCOMPARE(before.ctl(args({"agents", "add", "two"})).exitCode, 0);
            QCOMPARE(before.ctl(args({"agents", "remove", "one", "--reason", "done"})).exitCode, 0);
            QCOMPARE(before.ctl(args({"audit", "verify"})).exitCode, 0);
            before.stop();
            QCOMPARE(before.process().exitStatus(), QProcess::NormalExit);
        }
        QVERIFY(tamper(dir, sql));

        HeadlessInstance after(dir);
        QVERIFY2(after.start(), after.output().constData());
        const CtlRun r = after.ctl(args({"audit", "verify"}));
        QCOMPARE(r.exitCode, 1);
        const QString out = QString::fromUtf8(r.out + r.err);
        QVERIFY2(out.contains(QStringLiteral("TAMPERED")), qPrintable(out));
        QVERIFY2(out.contains(names), qPrintable(out));

        const CtlRun json = after.ctl(args({"audit", "verify", "--json"}));
        QCOMPARE(json.exitCode, 1);
        const QJsonObject v = parseJson(json.out).object();
        QCOMPARE(v.value(QStringLiteral("ok")), QJsonValue(false));
        QCOMPARE(v.value(QStringLiteral("problem")).toString(), problem);
        QCOMPARE(v.value(QStringLiteral("first_bad_seq")).toInteger(), badSeq);

        // Later entries do not paper over the damage.
        QCOMPARE(after.ctl(args({"agents", "add", "three"})).exitCode, 0);
        const CtlRun again = after.ctl(args({"audit", "verify", "--json"}));
        QCOMPARE(again.exitCode, 1);
        QCOMPARE(parseJson(again.out).object().value(QStringLiteral("first_bad_seq")).toInteger(), badSeq);
    }
};

QTEST_GUILESS_MAIN(TestCliAudit)
#include "tst_cli_audit.moc"
