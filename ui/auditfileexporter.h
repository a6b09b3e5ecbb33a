#pragma once

#include "domain/auditexporter.h"
#include "store/auditlog.h"

#include <QObject>
#include <QtQmlIntegration/qqmlintegration.h>

namespace sanctum {

class AuditListModel;
class AuditWorker;

// "Export…" for the audit page: writes the entries the page's filter
// selects, oldest first, as JSON Lines or CSV — the same bytes as
// `sanctumctl audit export` — on the audit worker, into a QSaveFile, so a
// failed export leaves no half-written file and an existing one untouched.
class AuditFileExporter : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Use Ui.auditExport")
    Q_PROPERTY(bool running READ isRunning NOTIFY runningChanged)
    // Entries written so far by the export under way (or the last one).
    // A number in QML (double): exact far beyond any log.
    Q_PROPERTY(double written READ writtenNumber NOTIFY writtenChanged)
    Q_PROPERTY(bool hasResult READ hasResult NOTIFY resultChanged)
    Q_PROPERTY(bool ok READ isOk NOTIFY resultChanged)
    // "Exported 12 entries to /home/…", or what went wrong, in plain words.
    Q_PROPERTY(QString result READ result NOTIFY resultChanged)
    // The file the last export wrote (or tried to).
    Q_PROPERTY(QString path READ path NOTIFY resultChanged)

public:
    static constexpr int kPageSize = 1000;

    // `filterSource`, when given, is the model whose filter an export applies.
    AuditFileExporter(AuditWorker &worker, const AuditListModel *filterSource, QObject *parent = nullptr);

    // `format` is "jsonl" or "csv"; `path` a local path or a file: URL (as a
    // file dialog gives it). Does nothing while an export runs.
    Q_INVOKABLE void exportTo(const QString &path, const QString &format);
    // A place to offer: the documents folder, a dated name, `format`'s suffix.
    Q_INVOKABLE QString suggestedPath(const QString &format) const;
    // A local path from what a person typed or a dialog returned.
    Q_INVOKABLE static QString localPath(const QString &pathOrUrl);

    bool isRunning() const { return m_running; }
    qint64 written() const { return m_written; }
    double writtenNumber() const { return double(m_written); }
    bool hasResult() const { return m_hasResult; }
    bool isOk() const { return m_ok; }
    QString result() const { return m_result; }
    QString path() const { return m_path; }

Q_SIGNALS:
    void runningChanged();
    void writtenChanged();
    void resultChanged();
    void finished(bool ok);

private:
    struct Outcome {
        bool ok = false;
        qint64 written = 0;
        QString message;
    };
    // On the worker thread.
    Outcome write(const QSqlDatabase &db, const QString &path, AuditExporter::Format format, AuditQuery query);
    void finish(const Outcome &outcome);
    void fail(const QString &message);

    AuditWorker &m_worker;
    const AuditListModel *m_filterSource;
    bool m_running = false;
    qint64 m_written = 0;
    bool m_hasResult = false;
    bool m_ok = false;
    QString m_result;
    QString m_path;
};

} // namespace sanctum
