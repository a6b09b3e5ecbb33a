#include "cli/ctlapp.h"

#include "admin/adminclient.h"
#include "cli/ctlagent.h"
#include "cli/ctlauth.h"
#include "cli/ctlhelp.h"
#include "cli/ctlleastprivilege.h"
#include "cli/ctlmissions.h"
#include "cli/texttable.h"
#include "domain/auditexporter.h"
#include "domain/scopeset.h"
#include "domain/version.h"
#include "store/datadir.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

namespace sanctum {

CtlApp::CtlApp(QTextStream &out, QTextStream &err)
    : m_out(out)
    , m_err(err)
{
}

CtlApp::~CtlApp() = default;

int CtlApp::run(const QStringList &arguments)
{
    m_args = CtlArgs::parse(arguments);
    if (!m_args.error.isEmpty())
        return usage(m_args.error);
    if (m_args.has(QStringLiteral("version"))) {
        m_out << "sanctumctl " << SANCTUM_VERSION << '\n';
        return Success;
    }
    if (m_args.has(QStringLiteral("help")) || m_args.words.isEmpty()) {
        (m_args.words.isEmpty() && !m_args.has(QStringLiteral("help")) ? m_err : m_out) << ctlHelpText();
        return m_args.has(QStringLiteral("help")) ? Success : Usage;
    }
    m_dataDir = DataDir::resolve(m_args.option(QStringLiteral("data-dir")));
    m_client = std::make_unique<AdminClient>(m_dataDir);

    const QString command = m_args.word(0);
    if (command == QStringLiteral("status"))
        return status();
    if (command == QStringLiteral("agents"))
        return agents();
    if (command == QStringLiteral("audit"))
        return audit();
    if (command == QStringLiteral("policy"))
        return policy();
    CtlAuth auth(*this);
    if (command == QStringLiteral("tenant"))
        return auth.tenant();
    if (command == QStringLiteral("login"))
        return auth.login();
    if (command == QStringLiteral("logout"))
        return auth.logout();
    if (command == QStringLiteral("whoami"))
        return auth.whoami();
    if (command == QStringLiteral("connections"))
        return auth.connections();
    CtlMissions missions(*this);
    if (command == QStringLiteral("missions"))
        return missions.missions();
    if (command == QStringLiteral("revoke-all"))
        return missions.revokeAll();
    if (command == QStringLiteral("tighten"))
        return missions.tighten();
    if (command == QStringLiteral("agent"))
        return CtlAgent(*this).agent();
    CtlLeastPrivilege leastPrivilege(*this);
    if (command == QStringLiteral("analyze"))
        return leastPrivilege.analyze();
    if (command == QStringLiteral("report"))
        return leastPrivilege.report();
    return usage(QStringLiteral("unknown command '%1'").arg(command));
}

int CtlApp::usage(const QString &message)
{
    m_err << "sanctumctl: " << message << "\nRun 'sanctumctl --help' for the commands.\n";
    return Usage;
}

int CtlApp::failed(const Error &error)
{
    if (m_args.has(QStringLiteral("json")))
        m_err << QJsonDocument(
                     QJsonObject{{QStringLiteral("error"), error.code}, {QStringLiteral("message"), error.message}})
                     .toJson(QJsonDocument::Compact)
              << '\n';
    else
        m_err << "sanctumctl: " << error.message << '\n';
    return Failed;
}

Expected<QJsonObject> CtlApp::quietCall(const QString &cmd, const QJsonObject &args, int timeoutMs)
{
    return m_client->call(cmd, args, timeoutMs);
}

std::optional<QJsonObject> CtlApp::call(const QString &cmd, const QJsonObject &args, int timeoutMs)
{
    Expected<QJsonObject> reply = m_client->call(cmd, args, timeoutMs);
    if (!reply) {
        failed(reply.error());
        return std::nullopt;
    }
    return *reply;
}

void CtlApp::printJson(const QJsonValue &value)
{
    const QJsonDocument doc = value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    m_out << doc.toJson(QJsonDocument::Indented);
}

int CtlApp::status()
{
    if (m_args.words.size() != 1)
        return usage(QStringLiteral("status takes no arguments"));
    const auto s = call(QStringLiteral("status"));
    if (!s)
        return Failed;
    if (m_args.has(QStringLiteral("json"))) {
        printJson(*s);
        return Success;
    }
    TextTable t({QStringLiteral("Sanctum"), TextTable::cell(s->value(QStringLiteral("version")))});
    t.addRow({QStringLiteral("pid"), TextTable::cell(s->value(QStringLiteral("pid")))});
    t.addRow({QStringLiteral("data dir"), TextTable::cell(s->value(QStringLiteral("data_dir")))});
    t.addRow({QStringLiteral("started"), TextTable::cell(s->value(QStringLiteral("started_at")))});
    t.addRow({QStringLiteral("broker"), TextTable::cell(s->value(QStringLiteral("broker_url")))});
    t.addRow({QStringLiteral("logged in"), TextTable::cell(s->value(QStringLiteral("logged_in")))});
    t.addRow({QStringLiteral("tenant"), TextTable::cell(s->value(QStringLiteral("tenant")))});
    t.addRow({QStringLiteral("agents"), TextTable::cell(s->value(QStringLiteral("agents")))});
    t.addRow({QStringLiteral("missions"),
              QStringLiteral("%1 active, %2 pending")
                  .arg(s->value(QStringLiteral("missions_active")).toInt())
                  .arg(s->value(QStringLiteral("missions_pending")).toInt())});
    t.addRow({QStringLiteral("audit entries"), TextTable::cell(s->value(QStringLiteral("audit_head")))});
    t.print(m_out);
    return Success;
}

void CtlApp::printAgent(const QJsonObject &a)
{
    TextTable t({QStringLiteral("name"), TextTable::cell(a.value(QStringLiteral("name")))});
    t.addRow({QStringLiteral("id"), TextTable::cell(a.value(QStringLiteral("id")))});
    t.addRow({QStringLiteral("key"), TextTable::cell(a.value(QStringLiteral("key_prefix"))) + QStringLiteral("…")});
    t.addRow({QStringLiteral("created"), TextTable::cell(a.value(QStringLiteral("created_at")))});
    t.addRow({QStringLiteral("last seen"), TextTable::cell(a.value(QStringLiteral("last_seen_at")))});
    if (a.contains(QStringLiteral("removed_at")))
        t.addRow({QStringLiteral("removed"), TextTable::cell(a.value(QStringLiteral("removed_at")))});
    t.print(m_out);
}

int CtlApp::agents()
{
    const QString sub = m_args.word(1);
    const bool json = m_args.has(QStringLiteral("json"));
    if (sub == QStringLiteral("add") || sub == QStringLiteral("rotate-key")) {
        const bool add = sub == QStringLiteral("add");
        if (m_args.words.size() != 3)
            return usage(add ? QStringLiteral("agents add takes one NAME")
                             : QStringLiteral("agents rotate-key takes one AGENT (name or id)"));
        const auto r = add ? call(QStringLiteral("agents.add"), {{QStringLiteral("name"), m_args.word(2)}})
                           : call(QStringLiteral("agents.rotate_key"), {{QStringLiteral("agent"), m_args.word(2)}});
        if (!r)
            return Failed;
        if (json) {
            printJson(QJsonObject{{QStringLiteral("id"), r->value(QStringLiteral("id"))},
                                  {QStringLiteral("name"), r->value(QStringLiteral("name"))},
                                  {QStringLiteral("key"), r->value(QStringLiteral("key"))}});
        } else {
            m_out << (add ? "Added agent " : "New key for agent ") << TextTable::cell(r->value(QStringLiteral("name")))
                  << " (" << TextTable::cell(r->value(QStringLiteral("id"))) << ")"
                  << (add ? "" : "; the old key no longer works") << ".\n"
                  << "Agent key (shown only this once; give it to the agent as SANCTUM_AGENT_KEY):\n\n  "
                  << TextTable::cell(r->value(QStringLiteral("key"))) << "\n\n";
        }
        return Success;
    }
    if (sub == QStringLiteral("list")) {
        if (m_args.words.size() != 2)
            return usage(QStringLiteral("agents list takes no arguments"));
        const auto r =
            call(QStringLiteral("agents.list"), {{QStringLiteral("all"), m_args.has(QStringLiteral("all"))}});
        if (!r)
            return Failed;
        const QJsonArray list = r->value(QStringLiteral("agents")).toArray();
        if (json) {
            printJson(list);
            return Success;
        }
        if (list.isEmpty()) {
            m_out << "No agents yet. Add one with: sanctumctl agents add NAME\n";
            return Success;
        }
        TextTable t({QStringLiteral("NAME"),
                     QStringLiteral("ID"),
                     QStringLiteral("KEY"),
                     QStringLiteral("CREATED"),
                     QStringLiteral("LAST SEEN")});
        for (const QJsonValue &v : list) {
            const QJsonObject a = v.toObject();
            QString name = TextTable::cell(a.value(QStringLiteral("name")));
            if (a.contains(QStringLiteral("removed_at")))
                name += QStringLiteral(" (removed)");
            t.addRow({name,
                      TextTable::cell(a.value(QStringLiteral("id"))),
                      TextTable::cell(a.value(QStringLiteral("key_prefix"))) + QStringLiteral("…"),
                      TextTable::cell(a.value(QStringLiteral("created_at"))),
                      TextTable::cell(a.value(QStringLiteral("last_seen_at")))});
        }
        t.print(m_out);
        return Success;
    }
    if (sub == QStringLiteral("show") || sub == QStringLiteral("remove")) {
        if (m_args.words.size() != 3)
            return usage(QStringLiteral("agents %1 takes one AGENT (name or id)").arg(sub));
        QJsonObject args{{QStringLiteral("agent"), m_args.word(2)}};
        if (sub == QStringLiteral("remove") && m_args.hasOption(QStringLiteral("reason")))
            args.insert(QStringLiteral("reason"), m_args.option(QStringLiteral("reason")));
        const auto r =
            call(sub == QStringLiteral("show") ? QStringLiteral("agents.show") : QStringLiteral("agents.remove"), args);
        if (!r)
            return Failed;
        if (json)
            printJson(*r);
        else if (sub == QStringLiteral("show"))
            printAgent(*r);
        else
            m_out << "Removed agent " << TextTable::cell(r->value(QStringLiteral("name")))
                  << "; its key no longer works.\n";
        return Success;
    }
    return usage(sub.isEmpty() ? QStringLiteral("agents needs a subcommand: add, list, show, rotate-key or remove")
                               : QStringLiteral("unknown agents subcommand '%1'").arg(sub));
}

int CtlApp::audit()
{
    const QString sub = m_args.word(1);
    const bool json = m_args.has(QStringLiteral("json"));
    if (m_args.words.size() != 2)
        return usage(sub.isEmpty() ? QStringLiteral("audit needs a subcommand: list, verify or export")
                                   : QStringLiteral("audit %1 takes no further words").arg(sub));
    if (sub == QStringLiteral("list")) {
        QJsonObject args;
        for (const auto &[option, key] : {std::pair{QStringLiteral("after"), QStringLiteral("after_seq")},
                                          std::pair{QStringLiteral("limit"), QStringLiteral("limit")}}) {
            if (!m_args.hasOption(option))
                continue;
            bool ok = false;
            const qint64 n = m_args.option(option).toLongLong(&ok);
            if (!ok || n < 0)
                return usage(QStringLiteral("--%1 takes a whole number").arg(option));
            args.insert(key, n);
        }
        if (m_args.hasOption(QStringLiteral("action")))
            args.insert(QStringLiteral("action"), m_args.option(QStringLiteral("action")));
        if (m_args.hasOption(QStringLiteral("subject")))
            args.insert(QStringLiteral("subject"), m_args.option(QStringLiteral("subject")));
        const auto r = call(QStringLiteral("audit.list"), args);
        if (!r)
            return Failed;
        const QJsonArray events = r->value(QStringLiteral("events")).toArray();
        if (json) {
            printJson(events);
            return Success;
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
        t.print(m_out);
        return Success;
    }
    if (sub == QStringLiteral("verify")) {
        const auto r = call(QStringLiteral("audit.verify"));
        if (!r)
            return Failed;
        const bool intact = r->value(QStringLiteral("ok")).toBool();
        if (json)
            printJson(*r);
        else if (intact)
            m_out << "Audit log intact: " << TextTable::cell(r->value(QStringLiteral("message"))) << ".\n";
        else
            m_out << "Audit log TAMPERED (" << TextTable::cell(r->value(QStringLiteral("problem")))
                  << "): " << TextTable::cell(r->value(QStringLiteral("message"))) << ".\n";
        return intact ? Success : Failed;
    }
    if (sub == QStringLiteral("export"))
        return auditExport();
    return usage(QStringLiteral("unknown audit subcommand '%1'").arg(sub));
}

int CtlApp::auditExport()
{
    AuditExporter::Format format = AuditExporter::Format::JsonLines;
    const QString formatName =
        m_args.hasOption(QStringLiteral("format")) ? m_args.option(QStringLiteral("format")) : QStringLiteral("jsonl");
    if (!AuditExporter::formatFromName(formatName, &format))
        return usage(QStringLiteral("--format is jsonl or csv, not '%1'").arg(formatName));

    // To a file: written beside it and renamed into place only when complete,
    // so a failed export (full disk, lost instance) never leaves half a log.
    const QString path = m_args.option(QStringLiteral("output"));
    std::unique_ptr<QIODevice> device;
    if (path.isEmpty() || path == QStringLiteral("-")) {
        auto *stdoutFile = new QFile;
        stdoutFile->open(stdout, QIODevice::WriteOnly);
        device.reset(stdoutFile);
    } else {
        auto *file = new QSaveFile(path);
        if (!file->open(QIODevice::WriteOnly)) {
            delete file;
            return failed({QStringLiteral("io"), QStringLiteral("cannot write %1").arg(path)});
        }
        device.reset(file);
    }
    m_out.flush();
    AuditExporter exporter(*device, format);
    if (Status s = exporter.begin(); !s)
        return failed(s.error());

    constexpr int kPage = 1000;
    qint64 after = 0;
    qint64 written = 0;
    for (;;) {
        const auto r = call(QStringLiteral("audit.list"),
                            {{QStringLiteral("after_seq"), after}, {QStringLiteral("limit"), kPage}});
        if (!r)
            return Failed; // a QSaveFile not committed leaves the target untouched
        const QJsonArray events = r->value(QStringLiteral("events")).toArray();
        for (const QJsonValue &v : events) {
            if (Status s = exporter.write(v.toObject()); !s)
                return failed(s.error());
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
            return failed(
                {QStringLiteral("io"), QStringLiteral("writing %1 failed: %2").arg(path, file->errorString())});
        m_err << "Exported " << written << " audit entries to " << path << ".\n";
    }
    return Success;
}

int CtlApp::policy()
{
    const QString sub = m_args.word(1);
    const bool json = m_args.has(QStringLiteral("json"));
    if (m_args.words.size() != 2)
        return usage(sub.isEmpty() ? QStringLiteral("policy needs a subcommand: show or set")
                                   : QStringLiteral("policy %1 takes options, not words").arg(sub));
    const QString connection = m_args.option(QStringLiteral("connection"));
    QJsonObject result;
    if (sub == QStringLiteral("show")) {
        const auto r = call(QStringLiteral("policy.show"), {{QStringLiteral("connection"), connection}});
        if (!r)
            return Failed;
        if (json) {
            printJson(*r);
            return Success;
        }
        result = r->value(QStringLiteral("effective")).toObject();
    } else if (sub == QStringLiteral("set")) {
        QJsonObject changes;
        for (const auto &[option, key] :
             {std::pair{QStringLiteral("max-ttl"), QStringLiteral("max_ttl_seconds")},
              std::pair{QStringLiteral("request-expiry"), QStringLiteral("request_expiry_seconds")}}) {
            if (!m_args.hasOption(option))
                continue;
            bool ok = false;
            const qint64 n = m_args.option(option).toLongLong(&ok);
            if (!ok)
                return usage(QStringLiteral("--%1 takes a number of seconds").arg(option));
            changes.insert(key, n);
        }
        if (m_args.hasOption(QStringLiteral("auto-approve"))) {
            ScopeSet scopes;
            QString error;
            if (!ScopeSet::parse(m_args.option(QStringLiteral("auto-approve")), &scopes, &error))
                return usage(QStringLiteral("--auto-approve: %1").arg(error));
            changes.insert(QStringLiteral("auto_approve_scopes"), scopes.toJson());
        }
        if (m_args.hasOption(QStringLiteral("require-purpose"))) {
            const QString v = m_args.option(QStringLiteral("require-purpose"));
            if (v != QStringLiteral("true") && v != QStringLiteral("false"))
                return usage(QStringLiteral("--require-purpose is true or false"));
            changes.insert(QStringLiteral("require_purpose"), v == QStringLiteral("true"));
        }
        if (changes.isEmpty())
            return usage(QStringLiteral("policy set needs at least one of --max-ttl, --request-expiry, "
                                        "--auto-approve, --require-purpose"));
        const auto r = call(QStringLiteral("policy.set"),
                            {{QStringLiteral("connection"), connection}, {QStringLiteral("changes"), changes}});
        if (!r)
            return Failed;
        if (json) {
            printJson(*r);
            return Success;
        }
        result = *r;
    } else {
        return usage(QStringLiteral("unknown policy subcommand '%1'").arg(sub));
    }
    TextTable t({QStringLiteral("connection"), TextTable::cell(result.value(QStringLiteral("connection")))});
    t.addRow({QStringLiteral("max mission TTL"),
              TextTable::cell(result.value(QStringLiteral("max_ttl_seconds"))) + QStringLiteral(" s")});
    t.addRow({QStringLiteral("request expiry"),
              TextTable::cell(result.value(QStringLiteral("request_expiry_seconds"))) + QStringLiteral(" s")});
    t.addRow({QStringLiteral("auto-approve"), TextTable::cell(result.value(QStringLiteral("auto_approve_scopes")))});
    t.addRow({QStringLiteral("purpose required"), TextTable::cell(result.value(QStringLiteral("require_purpose")))});
    t.print(m_out);
    return Success;
}

} // namespace sanctum
