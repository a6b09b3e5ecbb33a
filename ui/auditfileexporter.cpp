#include "ui/auditfileexporter.h"

#include "store/database.h"
#include "ui/auditlistmodel.h"
#include "ui/auditworker.h"
#include "ui/uilogging.h"

#include <QDate>
#include <QDir>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>
#include <QUrl>

namespace sanctum {

namespace {

// Why `path` cannot be written, as a person would say it. QSaveFile's own
// error string names its temporary file, which the person never chose.
QString whyNotWritable(const QString &path, const QFileDevice &file)
{
    const QFileInfo info(path);
    const QFileInfo folder(info.absolutePath());
    if (info.isDir())
        return AuditFileExporter::tr("it is a folder");
    if (!folder.exists())
        return AuditFileExporter::tr("the folder %1 does not exist").arg(QDir::toNativeSeparators(folder.filePath()));
    if (!folder.isDir())
        return AuditFileExporter::tr("%1 is not a folder").arg(QDir::toNativeSeparators(folder.filePath()));
    if (!folder.isWritable() || (info.exists() && !info.isWritable()))
        return AuditFileExporter::tr("permission denied");
    if (file.error() == QFileDevice::ResourceError)
        return AuditFileExporter::tr("the disk is full or unavailable");
    return file.errorString().isEmpty() ? AuditFileExporter::tr("unknown error") : file.errorString();
}

} // namespace

AuditFileExporter::AuditFileExporter(AuditWorker &worker, const AuditListModel *filterSource, QObject *parent)
    : QObject(parent)
    , m_worker(worker)
    , m_filterSource(filterSource)
{
}

QString AuditFileExporter::localPath(const QString &pathOrUrl)
{
    const QString trimmed = pathOrUrl.trimmed();
    if (trimmed.startsWith(QLatin1String("file:")))
        return QUrl(trimmed).toLocalFile();
    if (trimmed.isEmpty())
        return {};
    // A bare name goes where a person would look for it first.
    return QDir::cleanPath(QDir::home().absoluteFilePath(QDir::fromNativeSeparators(trimmed)));
}

QString AuditFileExporter::suggestedPath(const QString &format) const
{
    QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (folder.isEmpty() || !QFileInfo(folder).isDir())
        folder = QDir::homePath();
    const QString suffix = format == QStringLiteral("csv") ? QStringLiteral("csv") : QStringLiteral("jsonl");
    return QDir(folder).filePath(
        QStringLiteral("sanctum-audit-%1.%2").arg(QDate::currentDate().toString(Qt::ISODate), suffix));
}

void AuditFileExporter::exportTo(const QString &pathOrUrl, const QString &format)
{
    if (m_running)
        return;
    AuditExporter::Format f;
    if (!AuditExporter::formatFromName(format, &f))
        return fail(tr("Unknown export format “%1”: choose JSON Lines or CSV.").arg(format));
    const QString path = localPath(pathOrUrl);
    m_path = path;
    if (path.isEmpty())
        return fail(tr("Choose a file to export to."));

    AuditQuery query = m_filterSource ? m_filterSource->filter() : AuditQuery{};
    m_running = true;
    m_written = 0;
    Q_EMIT runningChanged();
    Q_EMIT writtenChanged();
    // The worker is destroyed before this object by their owner, and waits
    // for the job under way: `this` outlives every progress report.
    m_worker.run<Outcome>(
        [this, path, f, query](Database &db) -> Expected<Outcome> { return write(db.handle(), path, f, query); },
        this,
        [this](Expected<Outcome> outcome) {
            if (outcome)
                return finish(*outcome);
            Outcome unread;
            unread.message = tr("Could not read the audit log: %1").arg(outcome.error().message);
            finish(unread);
        });
}

AuditFileExporter::Outcome AuditFileExporter::write(const QSqlDatabase &db, const QString &path,
                                                    AuditExporter::Format format, AuditQuery query)
{
    Outcome outcome;
    const QString shown = QDir::toNativeSeparators(path);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        outcome.message = tr("Could not write %1: %2").arg(shown, whyNotWritable(path, file));
        return outcome;
    }
    AuditExporter exporter(file, format);
    if (Status s = exporter.begin(); !s) {
        outcome.message = tr("Could not write %1: %2").arg(shown, whyNotWritable(path, file));
        return outcome;
    }
    // Oldest first, a page at a time, so memory stays flat on any log.
    query.limit = kPageSize;
    query.newestFirst = false;
    query.beforeSeq = 0;
    query.afterSeq = 0;
    for (;;) {
        const Expected<QList<AuditEvent>> page = AuditLog::list(db, query);
        if (!page) {
            outcome.message = tr("Could not read the audit log: %1").arg(page.error().message);
            return outcome; // not committed: the target is untouched
        }
        for (const AuditEvent &e : *page) {
            if (Status s = exporter.write(e); !s) {
                outcome.message = tr("Could not write %1: %2").arg(shown, whyNotWritable(path, file));
                return outcome;
            }
            query.afterSeq = e.seq;
        }
        outcome.written += page->size();
        const qint64 written = outcome.written;
        QMetaObject::invokeMethod(this, [this, written] {
            m_written = written;
            Q_EMIT writtenChanged();
        });
        if (page->size() < kPageSize)
            break;
    }
    if (!file.commit()) {
        outcome.message = tr("Could not write %1: %2").arg(shown, whyNotWritable(path, file));
        return outcome;
    }
    outcome.ok = true;
    outcome.message = tr("Exported %n entries to %1", nullptr, int(outcome.written)).arg(shown);
    return outcome;
}

void AuditFileExporter::finish(const Outcome &outcome)
{
    if (outcome.ok)
        qCInfo(lcUi) << "exported" << outcome.written << "audit entries";
    else
        qCWarning(lcUi).noquote() << "audit export failed:" << outcome.message;
    m_running = false;
    m_written = outcome.written;
    m_ok = outcome.ok;
    m_hasResult = true;
    m_result = outcome.message;
    Q_EMIT writtenChanged();
    Q_EMIT resultChanged();
    Q_EMIT runningChanged();
    Q_EMIT finished(outcome.ok);
}

void AuditFileExporter::fail(const QString &message)
{
    finish({false, 0, message});
}

} // namespace sanctum
