#include "cli/ctlagents.h"

#include "cli/ctlargs.h"
#include "cli/ctlcontext.h"
#include "cli/texttable.h"

#include <QJsonArray>

namespace sanctum {

QList<CtlCommand> CtlAgents::commands()
{
    const CtlArgument agent{QStringLiteral("AGENT")};
    return {
        {.name = QStringLiteral("agents add"),
         .arguments = {{QStringLiteral("NAME")}},
         .help = QStringLiteral("register an agent and print its key (shown only once)"),
         .run = [this](const CtlArgs &a) { return issueKey(a, true); }},
        {.name = QStringLiteral("agents list"),
         .options = {{.name = QStringLiteral("all"), .help = QStringLiteral("removed agents too")}},
         .help = QStringLiteral("live agents (--all: removed ones too)"),
         .run = [this](const CtlArgs &a) { return list(a); }},
        {.name = QStringLiteral("agents show"),
         .arguments = {agent},
         .help = QStringLiteral("one agent, by name or id"),
         .run = [this](const CtlArgs &a) { return show(a); }},
        {.name = QStringLiteral("agents remove"),
         .arguments = {agent},
         .options = {{.name = QStringLiteral("reason"),
                      .value = QStringLiteral("TEXT"),
                      .help = QStringLiteral("why, for the audit log")}},
         .help = QStringLiteral("remove an agent; its key stops working at once"),
         .run = [this](const CtlArgs &a) { return remove(a); }},
        {.name = QStringLiteral("agents rotate-key"),
         .arguments = {agent},
         .help = QStringLiteral("give an agent a new key (shown only once); the old one stops working"),
         .run = [this](const CtlArgs &a) { return issueKey(a, false); }},
    };
}

int CtlAgents::issueKey(const CtlArgs &args, bool add)
{
    const auto r = add ? m_ctl.call(QStringLiteral("agents.add"), {{QStringLiteral("name"), args.argument(0)}})
                       : m_ctl.call(QStringLiteral("agents.rotate_key"), {{QStringLiteral("agent"), args.argument(0)}});
    if (!r)
        return CtlContext::Failed;
    if (m_ctl.json()) {
        m_ctl.printJson(QJsonObject{{QStringLiteral("id"), r->value(QStringLiteral("id"))},
                                    {QStringLiteral("name"), r->value(QStringLiteral("name"))},
                                    {QStringLiteral("key"), r->value(QStringLiteral("key"))}});
    } else {
        m_ctl.out() << (add ? "Added agent " : "New key for agent ")
                    << TextTable::cell(r->value(QStringLiteral("name"))) << " ("
                    << TextTable::cell(r->value(QStringLiteral("id"))) << ")"
                    << (add ? "" : "; the old key no longer works") << ".\n"
                    << "Agent key (shown only this once; give it to the agent as SANCTUM_AGENT_KEY):\n\n  "
                    << TextTable::cell(r->value(QStringLiteral("key"))) << "\n\n";
    }
    return CtlContext::Success;
}

int CtlAgents::list(const CtlArgs &args)
{
    const auto r =
        m_ctl.call(QStringLiteral("agents.list"), {{QStringLiteral("all"), args.has(QStringLiteral("all"))}});
    if (!r)
        return CtlContext::Failed;
    const QJsonArray list = r->value(QStringLiteral("agents")).toArray();
    if (m_ctl.json()) {
        m_ctl.printJson(list);
        return CtlContext::Success;
    }
    if (list.isEmpty()) {
        m_ctl.out() << "No agents yet. Add one with: sanctumctl agents add NAME\n";
        return CtlContext::Success;
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
    t.print(m_ctl.out());
    return CtlContext::Success;
}

int CtlAgents::show(const CtlArgs &args)
{
    const auto r = m_ctl.call(QStringLiteral("agents.show"), {{QStringLiteral("agent"), args.argument(0)}});
    if (!r)
        return CtlContext::Failed;
    if (m_ctl.json())
        m_ctl.printJson(*r);
    else
        printAgent(*r);
    return CtlContext::Success;
}

int CtlAgents::remove(const CtlArgs &args)
{
    QJsonObject request{{QStringLiteral("agent"), args.argument(0)}};
    if (args.hasOption(QStringLiteral("reason")))
        request.insert(QStringLiteral("reason"), args.option(QStringLiteral("reason")));
    const auto r = m_ctl.call(QStringLiteral("agents.remove"), request);
    if (!r)
        return CtlContext::Failed;
    if (m_ctl.json())
        m_ctl.printJson(*r);
    else
        m_ctl.out() << "Removed agent " << TextTable::cell(r->value(QStringLiteral("name")))
                    << "; its key no longer works.\n";
    return CtlContext::Success;
}

void CtlAgents::printAgent(const QJsonObject &a)
{
    TextTable t({QStringLiteral("name"), TextTable::cell(a.value(QStringLiteral("name")))});
    t.addRow({QStringLiteral("id"), TextTable::cell(a.value(QStringLiteral("id")))});
    t.addRow({QStringLiteral("key"), TextTable::cell(a.value(QStringLiteral("key_prefix"))) + QStringLiteral("…")});
    t.addRow({QStringLiteral("created"), TextTable::cell(a.value(QStringLiteral("created_at")))});
    t.addRow({QStringLiteral("last seen"), TextTable::cell(a.value(QStringLiteral("last_seen_at")))});
    if (a.contains(QStringLiteral("removed_at")))
        t.addRow({QStringLiteral("removed"), TextTable::cell(a.value(QStringLiteral("removed_at")))});
    t.print(m_ctl.out());
}

} // namespace sanctum
