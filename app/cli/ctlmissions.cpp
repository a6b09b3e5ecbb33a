#include "cli/ctlmissions.h"

#include "cli/ctlargs.h"
#include "cli/ctlcontext.h"
#include "cli/texttable.h"

#include <QJsonArray>

namespace sanctum {

namespace {
QString scopesCell(const QJsonObject &m)
{
    QStringList scopes;
    for (const QJsonValue &v : m.value(QStringLiteral("scopes")).toArray())
        scopes << v.toString();
    for (const QJsonValue &v : m.value(QStringLiteral("step_up_scopes")).toArray())
        scopes << v.toString() + QStringLiteral(" (per call)");
    return scopes.join(QLatin1Char(' '));
}

void printMissionTable(QTextStream &out, const QJsonArray &missions)
{
    TextTable t({QStringLiteral("ID"),
                 QStringLiteral("AGENT"),
                 QStringLiteral("STATUS"),
                 QStringLiteral("CONNECTION"),
                 QStringLiteral("SCOPES"),
                 QStringLiteral("PURPOSE")});
    for (const QJsonValue &v : missions) {
        const QJsonObject m = v.toObject();
        t.addRow({TextTable::cell(m.value(QStringLiteral("id"))),
                  TextTable::cell(m.value(QStringLiteral("agent"))),
                  TextTable::cell(m.value(QStringLiteral("status"))),
                  TextTable::cell(m.value(QStringLiteral("connection"))),
                  scopesCell(m),
                  TextTable::cell(m.value(QStringLiteral("purpose")))});
    }
    t.print(out);
}
} // namespace

QList<CtlCommand> CtlMissions::commands()
{
    const CtlArgument id{QStringLiteral("ID")};
    const CtlOption reason{.name = QStringLiteral("reason"),
                           .value = QStringLiteral("TEXT"),
                           .help = QStringLiteral("why, for the audit log")};
    return {
        {.name = QStringLiteral("missions list"),
         .options = {{.name = QStringLiteral("status"),
                      .value = QStringLiteral("S"),
                      .help = QStringLiteral("only missions in this state: pending, active, denied, …")},
                     {.name = QStringLiteral("agent"),
                      .value = QStringLiteral("A"),
                      .help = QStringLiteral("only this agent's missions (name or id)")},
                     {.name = QStringLiteral("limit"),
                      .value = QStringLiteral("N"),
                      .help = QStringLiteral("at most N missions")}},
         .help = QStringLiteral("missions, newest first"),
         .run = [this](const CtlArgs &a) { return list(a); }},
        {.name = QStringLiteral("missions show"),
         .arguments = {id},
         .help = QStringLiteral("one mission with its recent calls"),
         .run = [this](const CtlArgs &a) { return show(a); }},
        {.name = QStringLiteral("missions approve"),
         .arguments = {id},
         .help = QStringLiteral("approve a mission (ms_…) or one waiting call (el_…)"),
         .run = [this](const CtlArgs &a) { return decide(a, true); }},
        {.name = QStringLiteral("missions deny"),
         .arguments = {id},
         .options = {reason},
         .help = QStringLiteral("deny a mission request or a waiting call"),
         .run = [this](const CtlArgs &a) { return decide(a, false); }},
        {.name = QStringLiteral("missions revoke"),
         .arguments = {{QStringLiteral("ID"), true}},
         .options = {{.name = QStringLiteral("agent"),
                      .value = QStringLiteral("A"),
                      .help = QStringLiteral("every mission of this agent, instead of one ID")},
                     reason},
         .help = QStringLiteral("end a mission, or every mission of an agent, now"),
         .run = [this](const CtlArgs &a) { return revoke(a); }},
        {.name = QStringLiteral("missions waiting"),
         .help = QStringLiteral("calls waiting for a step-up approval"),
         .run = [this](const CtlArgs &) { return waiting(); }},
        {.name = QStringLiteral("revoke-all"),
         .options = {{.name = QStringLiteral("reason"),
                      .value = QStringLiteral("TEXT"),
                      .help = QStringLiteral("why every mission of every agent ends, for the audit log"),
                      .required = true}},
         .help = QStringLiteral("the panic button: end every mission of every agent"),
         .run = [this](const CtlArgs &a) { return revokeAll(a); }},
        {.name = QStringLiteral("tighten"),
         .arguments = {{QStringLiteral("CONNECTION")}},
         .options = {{.name = QStringLiteral("scopes"),
                      .value = QStringLiteral("\"SCOPES\""),
                      .help = QStringLiteral("the scopes to keep"),
                      .required = true},
                     reason},
         .help = QStringLiteral("reconnect the account with only those scopes (confirmed upstream)"),
         .run = [this](const CtlArgs &a) { return tighten(a); }},
    };
}

int CtlMissions::list(const CtlArgs &args)
{
    QJsonObject request;
    if (args.hasOption(QStringLiteral("status")))
        request.insert(QStringLiteral("status"), args.option(QStringLiteral("status")));
    if (args.hasOption(QStringLiteral("agent")))
        request.insert(QStringLiteral("agent"), args.option(QStringLiteral("agent")));
    if (args.hasOption(QStringLiteral("limit"))) {
        bool ok = false;
        const int limit = args.option(QStringLiteral("limit")).toInt(&ok);
        if (!ok || limit < 1)
            return m_ctl.usage(QStringLiteral("--limit takes a whole number above zero"));
        request.insert(QStringLiteral("limit"), limit);
    }
    const auto r = m_ctl.call(QStringLiteral("missions.list"), request);
    if (!r)
        return CtlContext::Failed;
    const QJsonArray missions = r->value(QStringLiteral("missions")).toArray();
    if (m_ctl.json()) {
        m_ctl.printJson(missions);
        return CtlContext::Success;
    }
    if (missions.isEmpty()) {
        m_ctl.out() << "No missions" << (request.isEmpty() ? "" : " match") << ".\n";
        return CtlContext::Success;
    }
    printMissionTable(m_ctl.out(), missions);
    return CtlContext::Success;
}

int CtlMissions::show(const CtlArgs &args)
{
    const auto r = m_ctl.call(QStringLiteral("missions.show"), {{QStringLiteral("id"), args.argument(0)}});
    if (!r)
        return CtlContext::Failed;
    if (m_ctl.json()) {
        m_ctl.printJson(*r);
        return CtlContext::Success;
    }
    TextTable t({QStringLiteral("mission"), TextTable::cell(r->value(QStringLiteral("id")))});
    for (const auto &[label, key] : {std::pair{QStringLiteral("agent"), QStringLiteral("agent")},
                                     std::pair{QStringLiteral("status"), QStringLiteral("status")},
                                     std::pair{QStringLiteral("purpose"), QStringLiteral("purpose")},
                                     std::pair{QStringLiteral("connection"), QStringLiteral("connection")},
                                     std::pair{QStringLiteral("ttl (s)"), QStringLiteral("ttl_seconds")},
                                     std::pair{QStringLiteral("requested"), QStringLiteral("requested_at")},
                                     std::pair{QStringLiteral("decided"), QStringLiteral("decided_at")},
                                     std::pair{QStringLiteral("decided by"), QStringLiteral("decided_by")},
                                     std::pair{QStringLiteral("expires"), QStringLiteral("expires_at")},
                                     std::pair{QStringLiteral("ended"), QStringLiteral("ended_at")},
                                     std::pair{QStringLiteral("reason"), QStringLiteral("reason")}})
        t.addRow({label, TextTable::cell(r->value(key))});
    t.addRow({QStringLiteral("scopes"), scopesCell(*r)});
    t.print(m_ctl.out());

    const QJsonArray calls = r->value(QStringLiteral("recent_calls")).toArray();
    if (!calls.isEmpty()) {
        m_ctl.out() << "\nRecent calls:\n";
        TextTable c({QStringLiteral("AT"),
                     QStringLiteral("CALL"),
                     QStringLiteral("SCOPE"),
                     QStringLiteral("STATUS"),
                     QStringLiteral("OUTCOME")});
        for (const QJsonValue &v : calls) {
            const QJsonObject e = v.toObject();
            c.addRow({TextTable::cell(e.value(QStringLiteral("at"))),
                      TextTable::cell(e.value(QStringLiteral("method"))) + QLatin1Char(' ') +
                          TextTable::cell(e.value(QStringLiteral("path_template"))),
                      TextTable::cell(e.value(QStringLiteral("scope"))),
                      TextTable::cell(e.value(QStringLiteral("status"))),
                      TextTable::cell(e.value(QStringLiteral("outcome")))});
        }
        c.print(m_ctl.out());
    }
    const QJsonArray waitingCalls = r->value(QStringLiteral("waiting_calls")).toArray();
    for (const QJsonValue &v : waitingCalls) {
        const QJsonObject e = v.toObject();
        m_ctl.out() << "\nWaiting for you: " << TextTable::cell(e.value(QStringLiteral("method"))) << ' '
                    << TextTable::cell(e.value(QStringLiteral("path_template"))) << " needs "
                    << TextTable::cell(e.value(QStringLiteral("scope"))) << " — sanctumctl missions approve "
                    << TextTable::cell(e.value(QStringLiteral("id"))) << '\n';
    }
    return CtlContext::Success;
}

int CtlMissions::decide(const CtlArgs &args, bool approve)
{
    const QString id = args.argument(0);
    QJsonObject request{{QStringLiteral("id"), id}};
    if (!approve && args.hasOption(QStringLiteral("reason")))
        request.insert(QStringLiteral("reason"), args.option(QStringLiteral("reason")));
    const auto r = m_ctl.call(approve ? QStringLiteral("missions.approve") : QStringLiteral("missions.deny"), request);
    if (!r)
        return CtlContext::Failed;
    if (m_ctl.json()) {
        m_ctl.printJson(*r);
        return CtlContext::Success;
    }
    if (id.startsWith(QStringLiteral("el_")))
        m_ctl.out() << (approve ? "Allowed that one call.\n" : "Refused that call.\n");
    else if (approve)
        m_ctl.out() << "Approved " << id << ": active until " << TextTable::cell(r->value(QStringLiteral("expires_at")))
                    << ".\n";
    else
        m_ctl.out() << "Denied " << id << ".\n";
    return CtlContext::Success;
}

int CtlMissions::revoke(const CtlArgs &args)
{
    const bool byAgent = args.hasOption(QStringLiteral("agent"));
    if (args.arguments.size() != (byAgent ? 0 : 1))
        return m_ctl.usage(QStringLiteral("missions revoke takes one mission ID, or --agent NAME for all of an "
                                          "agent's missions"));
    QJsonObject request;
    if (byAgent)
        request.insert(QStringLiteral("agent"), args.option(QStringLiteral("agent")));
    else
        request.insert(QStringLiteral("id"), args.argument(0));
    if (args.hasOption(QStringLiteral("reason")))
        request.insert(QStringLiteral("reason"), args.option(QStringLiteral("reason")));
    const auto r = m_ctl.call(QStringLiteral("missions.revoke"), request);
    if (!r)
        return CtlContext::Failed;
    const QJsonArray revoked = r->value(QStringLiteral("revoked")).toArray();
    if (m_ctl.json())
        m_ctl.printJson(revoked);
    else
        m_ctl.out() << "Revoked " << revoked.size() << (revoked.size() == 1 ? " mission" : " missions")
                    << "; their tokens no longer work.\n";
    return CtlContext::Success;
}

int CtlMissions::waiting()
{
    const auto r = m_ctl.call(QStringLiteral("missions.step_ups"));
    if (!r)
        return CtlContext::Failed;
    const QJsonArray list = r->value(QStringLiteral("step_ups")).toArray();
    if (m_ctl.json()) {
        m_ctl.printJson(list);
        return CtlContext::Success;
    }
    if (list.isEmpty()) {
        m_ctl.out() << "No call is waiting for a step-up approval.\n";
        return CtlContext::Success;
    }
    TextTable t({QStringLiteral("ID"),
                 QStringLiteral("MISSION"),
                 QStringLiteral("CALL"),
                 QStringLiteral("NEEDS"),
                 QStringLiteral("UNTIL")});
    for (const QJsonValue &v : list) {
        const QJsonObject e = v.toObject();
        t.addRow({TextTable::cell(e.value(QStringLiteral("id"))),
                  TextTable::cell(e.value(QStringLiteral("mission_id"))),
                  TextTable::cell(e.value(QStringLiteral("method"))) + QLatin1Char(' ') +
                      TextTable::cell(e.value(QStringLiteral("path_template"))),
                  TextTable::cell(e.value(QStringLiteral("scope"))),
                  TextTable::cell(e.value(QStringLiteral("expires_at")))});
    }
    t.print(m_ctl.out());
    return CtlContext::Success;
}

int CtlMissions::revokeAll(const CtlArgs &args)
{
    const auto r = m_ctl.call(QStringLiteral("missions.revoke_all"),
                              {{QStringLiteral("reason"), args.option(QStringLiteral("reason"))}});
    if (!r)
        return CtlContext::Failed;
    const QJsonArray revoked = r->value(QStringLiteral("revoked")).toArray();
    if (m_ctl.json())
        m_ctl.printJson(revoked);
    else
        m_ctl.out() << "Revoked every mission (" << revoked.size() << "). No agent can reach an upstream now.\n";
    return CtlContext::Success;
}

int CtlMissions::tighten(const CtlArgs &args)
{
    QJsonObject request{{QStringLiteral("connection"), args.argument(0)},
                        {QStringLiteral("scopes"), args.option(QStringLiteral("scopes"))}};
    if (args.hasOption(QStringLiteral("reason")))
        request.insert(QStringLiteral("reason"), args.option(QStringLiteral("reason")));
    if (!m_ctl.json())
        m_ctl.out() << "Reconnecting " << TextTable::printable(args.argument(0))
                    << " with fewer scopes; confirm in the browser if the tenant asks.\n";
    m_ctl.out().flush();
    // The operator may take a while in the browser.
    const auto r = m_ctl.call(QStringLiteral("connections.tighten"), request, 10 * 60 * 1000);
    if (!r)
        return CtlContext::Failed;
    if (m_ctl.json()) {
        m_ctl.printJson(*r);
        return CtlContext::Success;
    }
    const auto list = [&r](const char *key) {
        QStringList out;
        for (const QJsonValue &v : r->value(QLatin1String(key)).toArray())
            out << TextTable::cell(v);
        return out.isEmpty() ? QStringLiteral("(none)") : out.join(QLatin1Char(' '));
    };
    m_ctl.out() << "Tightened " << TextTable::cell(r->value(QStringLiteral("connection"))) << ".\n"
                << "  before   " << list("before") << "\n"
                << "  after    " << list("after") << "  (confirmed by the upstream)\n"
                << "  removed  " << list("removed") << "\n";
    if (r->value(QStringLiteral("previous_token_refused")).toBool())
        m_ctl.out() << "The previous upstream token is refused by the upstream.\n";
    else
        m_ctl.out() << "Warning: the previous upstream token still works at the upstream; revoke it there.\n";
    const QJsonArray ended = r->value(QStringLiteral("missions_ended")).toArray();
    if (!ended.isEmpty())
        m_ctl.out() << "Ended " << ended.size() << " mission(s) that held a removed scope.\n";
    return CtlContext::Success;
}

} // namespace sanctum
