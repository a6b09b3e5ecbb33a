#include "cli/ctlaudit.h"

#include "cli/ctlargs.h"
#include "cli/ctlcontext.h"
#include "cli/texttable.h"
#include "domain/auditexporter.h"

#include <QFile>
#include <QJsonArray>
#include <QSaveFile>

#include <memory>

namespace sanctum {

QList<CtlCommand> CtlAudit::commands()
{
    return {
        {.name = QStringLiteral("audit list"),
         .options = {{.name = QStringLiteral("after"),
                      .value = QStringLiteral("SEQ"),
                      .help = QStringLiteral("only the entries after this one")},
                     {.name = QStringLiteral("limit"),
                      .value = QStringLiteral("N"),
                      .help = QStringLiteral("at most N entries")},
                     {.name = QStringLiteral("action"),
                      .value = QStringLiteral("PREFIX"),
                      .help = QStringLiteral("only actions starting so, e.g. agent.")},
                     {.name = QStringLiteral("subject"),
                      .value = QStringLiteral("ID"),
                      .help = QStringLiteral("only entries about this agent, mission, …")}},
         .help = QStringLiteral("audit entries, oldest first"),
         .run = [this](const CtlArgs &a) { return list(a); }},
        {.name = QStringLiteral("audit verify"),
         .help = QStringLiteral("check the hash chain; names the first bad entry"),
         .run = [this](const CtlArgs &) { return verify(); }},
        {.name = QStringLiteral("audit export"),
         .options = {{.name = QStringLiteral("format"),
                      .value = QStringLiteral("jsonl|csv"),
                      .help = QStringLiteral("JSON Lines (the default) or CSV")},
                     {.name = QStringLiteral("output"),
                      .value = QStringLiteral("FILE"),
                      .help = QStringLiteral("written only once complete (default: standard output)")}},
         .help = QStringLiteral("the whole audit log (default JSON Lines to stdout)"),
         .run = [this](const CtlArgs &a) { return exportLog(a); }},
    };
}

int CtlAudit::list(const CtlArgs &args)
{
    QJsonObject request;
    for (const auto &[option, key] : {std::pair{QStringLiteral("after"), QStringLiteral("after_seq")},
                                      std::pair{QStringLiteral("limit"), QStringLiteral("limit")}}) {
        if (!args.hasOption(option))
            continue;
        bool ok = false;
        const qint64 n = args.option(option).toLongLong(&ok);
        if (!ok || n < 0)
            return m_ctl.usage(QStringLiteral("--%1 takes a whole number").arg(option));
        request.insert(key, n);
    }
    if (args.hasOption(QStringLiteral("action")))
        request.insert(QStringLiteral("action"), args.option(QStringLiteral("action")));
    if (args.hasOption(QStringLiteral("subject")))
        request.insert(QStringLiteral("subject"), args.option(QStringLiteral("subject")));
    const auto r = m_ctl.call(QStringLiteral("audit.list"), request);
    if (!r)
        return CtlContext::Failed;
    const QJsonArray events = r->value(QStringLiteral("events")).toArray();
    if (m_ctl.json()) {
        m_ctl.printJson(events);
        return CtlContext::Success;
    }
    TextTable t({QStringLiteral("SEQ"),
                 QStringLiteral("AT"),
                 QStringLiteral("ACTOR"),
                 QStringLiteral("ACTION"),
                 QStringLiteral("SUBJECT")});
    for (const QJsonValue &v : events) {
        const QJsonObject e = v.toObject();
        t.addRow({TextTable::cell(e.value(QStringLiteral("seq"))),
                  TextTable::cell(e.value(QStringLiteral("at"))),
                  TextTable::cell(e.value(QStringLiteral("actor"))),
                  TextTable::cell(e.value(QStringLiteral("action"))),
                  TextTable::cell(e.value(QStringLiteral("subject_type"))) + QLatin1Char(' ') +
                      TextTable::cell(e.value(QStringLiteral("subject_id")))});
    }
    t.print(m_ctl.out());
    return CtlContext::Success;
}

int CtlAudit::verify()
{
    const auto r = m_ctl.call(QStringLiteral("audit.verify"));
    if (!r)
        return CtlContext::Failed;
    const bool intact = r->value(QStringLiteral("ok")).toBool();
    if (m_ctl.json())
        m_ctl.printJson(*r);
    else if (intact)
        m_ctl.out() << "Audit log intact: " << TextTable::cell(r->value(QStringLiteral("message"))) << ".\n";
    else
        m_ctl.out() << "Audit log TAMPERED (" << TextTable::cell(r->value(QStringLiteral("problem")))
                    << "): " << TextTable::cell(r->value(QStringLiteral("message"))) << ".\n";
    return intact ? CtlContext::Success : CtlContext::Failed;
}

int CtlAudit::exportLog(const CtlArgs &args)
{
    AuditExporter::Format format = AuditExporter::Format::JsonLines;
    const QString formatName =
        args.hasOption(QStringLiteral("format")) ? args.option(QStringLiteral("format")) : QStringLiteral("jsonl");
    if (!AuditExporter::formatFromName(formatName, &format))
        return m_ctl.usage(QStringLiteral("--format is jsonl or csv, not '%1'").arg(formatName));

    // To a file: written beside it and renamed into place only when complete,
    // so a failed export (full disk, lost instance) never leaves half a log.
    const QString path = args.option(QStringLiteral("output"));
    std::unique_ptr<QIODevice> device;
    if (path.isEmpty() || path == QStringLiteral("-")) {
        auto *stdoutFile = new QFile;
        stdoutFile->open(stdout, QIODevice::WriteOnly);
        device.reset(stdoutFile);
    } else {
        auto *file = new QSaveFile(path);
        if (!file->open(QIODevice::WriteOnly)) {
            delete file;
            return m_ctl.failed({QStringLiteral("io"), QStringLiteral("cannot write %1").arg(path)});
        }
        device.reset(file);
    }
    m_ctl.out().flush();
    AuditExporter exporter(*device, format);
    if (Status s = exporter.begin(); !s)
        return m_ctl.failed(s.error());

    constexpr int kPage = 1000;
    qint64 after = 0;
    qint64 written = 0;
    for (;;) {
        const auto r = m_ctl.call(QStringLiteral("audit.list"),
                                  {{QStringLiteral("after_seq"), after}, {QStringLiteral("limit"), kPage}});
        if (!r)
            return CtlContext::Failed; // a QSaveFile not committed leaves the target untouched
        const QJsonArray events = r->value(QStringLiteral("events")).toArray();
        for (const QJsonValue &v : events) {
            if (Status s = exporter.write(v.toObject()); !s)
                return m_ctl.failed(s.error());
            after = v.toObject().value(QStringLiteral("seq")).toInteger();
            ++written;
        }
        // The instance may return fewer than asked to keep its reply small;
        // only "no more" ends the export.
        if (events.isEmpty() || !r->value(QStringLiteral("more")).toBool())
            break;
    }
    if (auto *file = qobject_cast<QSaveFile *>(device.get())) {
        if (!file->commit())
            return m_ctl.failed(
                {QStringLiteral("io"), QStringLiteral("writing %1 failed: %2").arg(path, file->errorString())});
        m_ctl.err() << "Exported " << written << " audit entries to " << path << ".\n";
    }
    return CtlContext::Success;
}

} // namespace sanctum
