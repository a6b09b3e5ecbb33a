// AuditFileExporter: the audit page's export, written on the audit worker
// in the format `sanctumctl audit export` writes, of what the filter shows.
#include "domain/auditexporter.h"
#include "domain/canonicaljson.h"
#include "store/auditlog.h"
#include "store/database.h"
#include "ui/auditfileexporter.h"
#include "ui/auditlistmodel.h"
#include "ui/auditworker.h"
#include "uifixture.h"

#include <QBuffer>
#include <QFile>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace sanctum;
using namespace sanctum::test;

class TestAuditFileExporter : public QObject {
    Q_OBJECT

    std::unique_ptr<UiFixture> m_fx;
    std::unique_ptr<AuditWorker> m_worker;
    QTemporaryDir m_out;

    AuditLog &log() { return m_fx->instance().audit(); }

    void append(int n, const QString &action = QStringLiteral("test.entry"))
    {
        for (int i = 0; i < n; ++i)
            QVERIFY(log()
                        .append({QStringLiteral("operator:test"),
                                 action,
                                 QStringLiteral("test"),
                                 QStringLiteral("t%1").arg(i),
                                 {{QStringLiteral("n"), i}, {QStringLiteral("note"), QStringLiteral("a, \"b\"")}}})
                        .ok());
    }

    static bool runToEnd(AuditFileExporter &exporter, const QString &path, const QString &format)
    {
        QSignalSpy finished(&exporter, &AuditFileExporter::finished);
        exporter.exportTo(path, format);
        if (!exporter.isRunning())
            return false; // the writing is the worker's
        return finished.wait(20000) && !exporter.isRunning() && exporter.hasResult();
    }

    static QByteArray readAll(const QString &path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

    // What `sanctumctl audit export` writes for `query`'s entries: the
    // instance's JSON of each, through the shared exporter.
    QByteArray asTheCliWrites(AuditExporter::Format format, AuditQuery query = {})
    {
        QByteArray bytes;
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        AuditExporter exporter(buffer, format);
        if (!exporter.begin())
            return {};
        query.limit = 10000;
        const auto events = log().list(query);
        for (const AuditEvent &e : *events) {
            // As the admin socket carries it: serialised, then parsed.
            const QJsonObject carried = QJsonDocument::fromJson(QJsonDocument(e.toJson()).toJson()).object();
            if (!exporter.write(carried))
                return {};
        }
        return bytes;
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_out.isValid());
        m_fx = std::make_unique<UiFixture>();
        QString why;
        QVERIFY2(m_fx->open(&why), qPrintable(why));
        m_worker = std::make_unique<AuditWorker>(m_fx->instance().database().path());
    }

    void cleanup()
    {
        m_worker.reset();
        m_fx.reset();
    }

    void jsonLinesAsTheCliWritesThem()
    {
        // More than a page of the exporter's reads, to cross a page boundary.
        append(AuditFileExporter::kPageSize + 30);
        AuditFileExporter exporter(*m_worker, nullptr);
        QSignalSpy progress(&exporter, &AuditFileExporter::writtenChanged);
        const QString path = m_out.filePath(QStringLiteral("all.jsonl"));
        QVERIFY(runToEnd(exporter, path, QStringLiteral("jsonl")));
        QVERIFY2(exporter.isOk(), qPrintable(exporter.result()));
        QCOMPARE(exporter.written(), log().headSeq());
        QVERIFY(progress.size() >= 3); // reset, a page, the end
        QCOMPARE(exporter.result(), QStringLiteral("Exported %1 entries to %2").arg(log().headSeq()).arg(path));
        QCOMPARE(exporter.path(), path);

        const QByteArray written = readAll(path);
        QCOMPARE(written, asTheCliWrites(AuditExporter::Format::JsonLines));
        const QList<QByteArray> lines = written.split('\n');
        QCOMPARE(lines.size(), int(log().headSeq()) + 1); // the last line ends too
        const QJsonObject first = QJsonDocument::fromJson(lines.first()).object();
        QCOMPARE(first.value(QStringLiteral("seq")).toInteger(), 1);
        QCOMPARE(lines.first(), CanonicalJson::serialize(first));
    }

    void csvOfWhatTheFilterShows()
    {
        append(5, QStringLiteral("keep.entry"));
        append(7, QStringLiteral("skip.entry"));
        AuditListModel model(log());
        model.setActionPrefix(QStringLiteral("keep."));
        AuditFileExporter exporter(*m_worker, &model);
        const QString path = m_out.filePath(QStringLiteral("kept.csv"));
        QVERIFY(runToEnd(exporter, QUrl::fromLocalFile(path).toString(), QStringLiteral("csv")));
        QVERIFY2(exporter.isOk(), qPrintable(exporter.result()));
        QCOMPARE(exporter.written(), qint64(5));

        AuditQuery kept;
        kept.actionPrefix = QStringLiteral("keep.");
        const QByteArray written = readAll(path);
        QCOMPARE(written, asTheCliWrites(AuditExporter::Format::Csv, kept));
        QVERIFY(written.startsWith("seq,at,actor,action,subject_type,subject_id,details,prev_hash,hash\r\n"));
        QCOMPARE(written.count("\r\n"), 6);
        QVERIFY(!written.contains("skip.entry"));
    }

    void aMissingFolderIsSaidPlainly()
    {
        AuditFileExporter exporter(*m_worker, nullptr);
        const QString folder = m_out.filePath(QStringLiteral("not-there"));
        QVERIFY(runToEnd(exporter, folder + QStringLiteral("/audit.jsonl"), QStringLiteral("jsonl")));
        QVERIFY(!exporter.isOk());
        QCOMPARE(exporter.result(),
                 QStringLiteral("Could not write %1/audit.jsonl: the folder %1 does not exist").arg(folder));
    }

    void aFolderIsNotAFile()
    {
        AuditFileExporter exporter(*m_worker, nullptr);
        QVERIFY(runToEnd(exporter, m_out.path(), QStringLiteral("csv")));
        QVERIFY(!exporter.isOk());
        QCOMPARE(exporter.result(), QStringLiteral("Could not write %1: it is a folder").arg(m_out.path()));
    }

    void anExistingFileIsReplacedWhole()
    {
        const QString path = m_out.filePath(QStringLiteral("replace.jsonl"));
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray(100000, 'x'));
        }
        append(3);
        AuditFileExporter exporter(*m_worker, nullptr);
        QVERIFY(runToEnd(exporter, path, QStringLiteral("jsonl")));
        QVERIFY(exporter.isOk());
        QCOMPARE(readAll(path), asTheCliWrites(AuditExporter::Format::JsonLines));
    }

    void noPathOrAnUnknownFormatIsRefusedAtOnce()
    {
        AuditFileExporter exporter(*m_worker, nullptr);
        QSignalSpy finished(&exporter, &AuditFileExporter::finished);
        exporter.exportTo(QStringLiteral("  "), QStringLiteral("jsonl"));
        QCOMPARE(finished.size(), 1);
        QCOMPARE(exporter.result(), QStringLiteral("Choose a file to export to."));
        exporter.exportTo(m_out.filePath(QStringLiteral("x")), QStringLiteral("xml"));
        QCOMPARE(finished.size(), 2);
        QVERIFY(!exporter.isOk());
        QVERIFY(exporter.result().contains(QStringLiteral("xml")));
        QVERIFY(!QFile::exists(m_out.filePath(QStringLiteral("x"))));
    }
};

QTEST_GUILESS_MAIN(TestAuditFileExporter)
#include "tst_auditfileexporter.moc"
