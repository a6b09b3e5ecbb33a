#include "cli/ctlleastprivilege.h"

#include "cli/ctlargs.h"
#include "cli/ctlcontext.h"
#include "cli/texttable.h"

#include <QJsonArray>

namespace sanctum {

namespace {
constexpr int kMaxDays = 3650;

// "2026-11-28 12:00" from the store's ISO text: minutes are enough here.
QString shortTime(const QJsonValue &v)
{
    const QString t = TextTable::cell(v);
    return t.size() >= 16 ? t.left(16).replace(QLatin1Char('T'), QLatin1Char(' ')) : t;
}

QString scopesCell(const QJsonValue &v)
{
    const QString s = TextTable::cell(v);
    return s.isEmpty() ? QStringLiteral("-") : s;
}

// "repo ×12 (last 2026-11-28 12:00), …"
QString countsCell(const QJsonArray &counts, const QString &lastKey)
{
    QStringList parts;
    for (const QJsonValue &v : counts) {
        const QJsonObject c = v.toObject();
        QString part = TextTable::cell(c.value(QStringLiteral("scope"))) + QStringLiteral(" ×") +
                       TextTable::cell(c.value(QStringLiteral("count")));
        if (!lastKey.isEmpty())
            part += QStringLiteral(" (last %1)").arg(shortTime(c.value(lastKey)));
        parts << part;
    }
    return parts.isEmpty() ? QStringLiteral("-") : parts.join(QStringLiteral(", "));
}

QString neededCell(const QJsonArray &needed)
{
    QStringList clauses;
    for (const QJsonValue &v : needed) {
        QStringList anyOf;
        for (const QJsonValue &s : v.toArray())
            anyOf << TextTable::cell(s);
        clauses << (anyOf.size() > 1 && needed.size() > 1 ? QStringLiteral("(%1)") : QStringLiteral("%1"))
                       .arg(anyOf.join(QStringLiteral(" or ")));
    }
    return clauses.join(QStringLiteral(" and "));
}

QString hoursCell(const QJsonObject &figures, const QString &key)
{
    return TextTable::cell(figures.value(key));
}
} // namespace

QList<CtlCommand> CtlLeastPrivilege::commands()
{
    const CtlOption days{.name = QStringLiteral("days"),
                         .value = QStringLiteral("N"),
                         .help = QStringLiteral("the window: the last N days (default 30)")};
    return {
        {.name = QStringLiteral("analyze"),
         .arguments = {{QStringLiteral("AGENT"), true}},
         .options = {days,
                     {.name = QStringLiteral("replay"),
                      .value = QStringLiteral("\"SCOPES\""),
                      .help = QStringLiteral("instead, the past calls of AGENT that this grant would have refused")},
                     {.name = QStringLiteral("connection"),
                      .value = QStringLiteral("NAME"),
                      .help = QStringLiteral("with --replay: only this connection's calls")}},
         .help = QStringLiteral("least privilege per agent and connection: scopes granted, used (calls, last use), "
                                "never used, denied, recommended"),
         .run = [this](const CtlArgs &a) { return a.hasOption(QStringLiteral("replay")) ? replay(a) : analyze(a); }},
        {.name = QStringLiteral("report exposure"),
         .options = {days},
         .help = QStringLiteral("unused privilege-time (scope-hours): a standing grant versus missions, and the "
                                "reduction"),
         .run = [this](const CtlArgs &a) { return exposure(a); }},
    };
}

bool CtlLeastPrivilege::addDays(const CtlArgs &args, QJsonObject *request, int *exitCode)
{
    if (!args.hasOption(QStringLiteral("days")))
        return true;
    bool ok = false;
    const int days = args.option(QStringLiteral("days")).toInt(&ok);
    if (!ok || days < 1 || days > kMaxDays) {
        *exitCode = m_ctl.usage(QStringLiteral("--days takes a whole number from 1 to %1").arg(kMaxDays));
        return false;
    }
    request->insert(QStringLiteral("days"), days);
    return true;
}

int CtlLeastPrivilege::analyze(const CtlArgs &args)
{
    QJsonObject request;
    int exitCode = CtlContext::Success;
    if (!addDays(args, &request, &exitCode))
        return exitCode;
    if (!args.arguments.isEmpty())
        request.insert(QStringLiteral("agent"), args.argument(0));
    const auto r = m_ctl.call(QStringLiteral("leastprivilege.analyze"), request);
    if (!r)
        return CtlContext::Failed;
    if (m_ctl.json()) {
        m_ctl.printJson(*r);
        return CtlContext::Success;
    }
    const QJsonArray analyses = r->value(QStringLiteral("analyses")).toArray();
    if (analyses.isEmpty()) {
        m_ctl.out() << "No grants or calls in the window.\n";
        return CtlContext::Success;
    }
    TextTable t({QStringLiteral("AGENT"),
                 QStringLiteral("CONNECTION"),
                 QStringLiteral("GRANTED"),
                 QStringLiteral("USED (CALLS, LAST USE)"),
                 QStringLiteral("NEVER USED"),
                 QStringLiteral("DENIED"),
                 QStringLiteral("RECOMMENDED")});
    for (const QJsonValue &v : analyses) {
        const QJsonObject a = v.toObject();
        QString recommended = scopesCell(a.value(QStringLiteral("recommended")));
        if (!a.value(QStringLiteral("recommendation_exact")).toBool(true))
            recommended += QStringLiteral(" (best found)");
        t.addRow({TextTable::cell(a.value(QStringLiteral("agent"))),
                  TextTable::cell(a.value(QStringLiteral("connection"))),
                  scopesCell(a.value(QStringLiteral("granted"))),
                  countsCell(a.value(QStringLiteral("used")).toArray(), QStringLiteral("last_used")),
                  scopesCell(a.value(QStringLiteral("never_used"))),
                  countsCell(a.value(QStringLiteral("denied")).toArray(), QString()),
                  recommended});
    }
    t.print(m_ctl.out());
    return CtlContext::Success;
}

int CtlLeastPrivilege::replay(const CtlArgs &args)
{
    if (args.arguments.size() != 1)
        return m_ctl.usage(QStringLiteral("analyze AGENT --replay \"SCOPES\" takes exactly one AGENT"));
    QJsonObject request{{QStringLiteral("agent"), args.argument(0)},
                        {QStringLiteral("scopes"), args.option(QStringLiteral("replay"))}};
    if (args.hasOption(QStringLiteral("connection")))
        request.insert(QStringLiteral("connection"), args.option(QStringLiteral("connection")));
    int exitCode = CtlContext::Success;
    if (!addDays(args, &request, &exitCode))
        return exitCode;
    const auto r = m_ctl.call(QStringLiteral("leastprivilege.replay"), request);
    if (!r)
        return CtlContext::Failed;
    if (m_ctl.json()) {
        m_ctl.printJson(*r);
        return CtlContext::Success;
    }
    const QJsonArray refused = r->value(QStringLiteral("refused")).toArray();
    const QString agent = TextTable::cell(r->value(QStringLiteral("agent")));
    const QString scopes = scopesCell(r->value(QStringLiteral("scopes")));
    const qint64 replayed = r->value(QStringLiteral("calls_replayed")).toInteger();
    if (refused.isEmpty()) {
        m_ctl.out() << "With " << scopes << ", all " << replayed << " allowed calls of " << agent
                    << " in the window would still have been allowed.\n";
        return CtlContext::Success;
    }
    m_ctl.out() << "With " << scopes << ", " << r->value(QStringLiteral("calls_refused")).toInteger() << " of "
                << replayed << " allowed calls of " << agent << " would have been refused:\n";
    TextTable t({QStringLiteral("CONNECTION"),
                 QStringLiteral("CALL"),
                 QStringLiteral("COUNT"),
                 QStringLiteral("LAST"),
                 QStringLiteral("WOULD NEED")});
    for (const QJsonValue &v : refused) {
        const QJsonObject c = v.toObject();
        t.addRow({TextTable::cell(c.value(QStringLiteral("connection"))),
                  TextTable::cell(c.value(QStringLiteral("method"))) + QLatin1Char(' ') +
                      TextTable::cell(c.value(QStringLiteral("path_template"))),
                  TextTable::cell(c.value(QStringLiteral("count"))),
                  shortTime(c.value(QStringLiteral("last_at"))),
                  neededCell(c.value(QStringLiteral("needed_any_of")).toArray())});
    }
    t.print(m_ctl.out());
    return CtlContext::Success;
}

int CtlLeastPrivilege::exposure(const CtlArgs &args)
{
    QJsonObject request;
    int exitCode = CtlContext::Success;
    if (!addDays(args, &request, &exitCode))
        return exitCode;
    const auto r = m_ctl.call(QStringLiteral("report.exposure"), request);
    if (!r)
        return CtlContext::Failed;
    if (m_ctl.json()) {
        m_ctl.printJson(*r);
        return CtlContext::Success;
    }
    const QString held = QStringLiteral("held_scope_hours");
    const QString unused = QStringLiteral("unused_scope_hours");
    TextTable t({QStringLiteral("AGENT"),
                 QStringLiteral("STANDING HELD"),
                 QStringLiteral("STANDING UNUSED"),
                 QStringLiteral("MISSIONS HELD"),
                 QStringLiteral("MISSIONS UNUSED"),
                 QStringLiteral("REDUCTION")});
    const auto addRow = [&](const QString &name, const QJsonObject &o) {
        const QJsonObject standing = o.value(QStringLiteral("standing")).toObject();
        const QJsonObject missions = o.value(QStringLiteral("missions")).toObject();
        t.addRow({name,
                  hoursCell(standing, held),
                  hoursCell(standing, unused),
                  hoursCell(missions, held),
                  hoursCell(missions, unused),
                  QString::number(o.value(QStringLiteral("reduction_percent")).toDouble(), 'f', 2) + QLatin1Char('%')});
    };
    for (const QJsonValue &v : r->value(QStringLiteral("agents")).toArray())
        addRow(TextTable::cell(v.toObject().value(QStringLiteral("agent"))), v.toObject());
    addRow(QStringLiteral("(all agents)"), *r);
    m_ctl.out() << "Unused privilege-time in scope-hours (one scope held for one hour without a call),\n"
                << shortTime(r->value(QStringLiteral("from"))) << " to " << shortTime(r->value(QStringLiteral("to")))
                << " UTC (" << r->value(QStringLiteral("window_hours")).toInteger() << " hours):\n";
    t.print(m_ctl.out());
    return CtlContext::Success;
}

} // namespace sanctum
