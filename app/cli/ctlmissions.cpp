#include "cli/ctlmissions.h"

#include "cli/ctlapp.h"
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

int CtlMissions::missions()
{
    const QString sub = m_app.m_args.word(1);
    if (sub == QStringLiteral("list"))
        return list();
    if (sub == QStringLiteral("show"))
        return show();
    if (sub == QStringLiteral("approve") || sub == QStringLiteral("deny"))
        return decide(sub);
    if (sub == QStringLiteral("revoke"))
        return revoke();
    if (sub == QStringLiteral("waiting"))
        return waiting();
    return m_app.usage(sub.isEmpty()
                           ? QStringLiteral("missions needs a subcommand: list, show, approve, deny, revoke or waiting")
                           : QStringLiteral("unknown missions subcommand '%1'").arg(sub));
}

int CtlMissions::list()
{
    const CtlArgs &args = m_app.m_args;
    if (args.words.size() != 2)
        return m_app.usage(QStringLiteral("missions list takes no further words"));
    QJsonObject request;
    if (args.hasOption(QStringLiteral("status")))
        request.insert(QStringLiteral("status"), args.option(QStringLiteral("status")));
    if (args.hasOption(QStringLiteral("agent")))
        request.insert(QStringLiteral("agent"), args.option(QStringLiteral("agent")));
    if (args.hasOption(QStringLiteral("limit"))) {
        bool ok = false;
        const int limit = args.option(QStringLiteral("limit")).toInt(&ok);
        if (!ok || limit < 1)
            return m_app.usage(QStringLiteral("--limit takes a whole number above zero"));
        request.insert(QStringLiteral("limit"), limit);
    }
    const auto r = m_app.call(QStringLiteral("missions.list"), request);
    if (!r)
        return CtlApp::Failed;
    const QJsonArray missions = r->value(QStringLiteral("missions")).toArray();
    if (args.has(QStringLiteral("json"))) {
        m_app.printJson(missions);
        return CtlApp::Success;
    }
    if (missions.isEmpty()) {
        m_app.m_out << "No missions" << (request.isEmpty() ? "" : " match") << ".\n";
        return CtlApp::Success;
    }
    printMissionTable(m_app.m_out, missions);
    return CtlApp::Success;
}

int CtlMissions::show()
{
    const CtlArgs &args = m_app.m_args;
    if (args.words.size() != 3)
        return m_app.usage(QStringLiteral("missions show takes one mission ID"));
    const auto r = m_app.call(QStringLiteral("missions.show"), {{QStringLiteral("id"), args.word(2)}});
    if (!r)
        return CtlApp::Failed;
    if (args.has(QStringLiteral("json"))) {
        m_app.printJson(*r);
        return CtlApp::Success;
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
    t.print(m_app.m_out);

    const QJsonArray calls = r->value(QStringLiteral("recent_calls")).toArray();
    if (!calls.isEmpty()) {
        m_app.m_out << "\nRecent calls:\n";
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
        c.print(m_app.m_out);
    }
    const QJsonArray waitingCalls = r->value(QStringLiteral("waiting_calls")).toArray();
    for (const QJsonValue &v : waitingCalls) {
        const QJsonObject e = v.toObject();
        m_app.m_out << "\nWaiting for you: " << TextTable::cell(e.value(QStringLiteral("method"))) << ' '
                    << TextTable::cell(e.value(QStringLiteral("path_template"))) << " needs "
                    << TextTable::cell(e.value(QStringLiteral("scope"))) << " — sanctumctl missions approve "
                    << TextTable::cell(e.value(QStringLiteral("id"))) << '\n';
    }
    return CtlApp::Success;
}

int CtlMissions::decide(const QString &sub)
{
    const CtlArgs &args = m_app.m_args;
    if (args.words.size() != 3)
        return m_app.usage(
            QStringLiteral("missions %1 takes one ID (a mission, ms_…, or a waiting call, el_…)").arg(sub));
    QJsonObject request{{QStringLiteral("id"), args.word(2)}};
    if (sub == QStringLiteral("deny") && args.hasOption(QStringLiteral("reason")))
        request.insert(QStringLiteral("reason"), args.option(QStringLiteral("reason")));
    const auto r = m_app.call(sub == QStringLiteral("approve") ? QStringLiteral("missions.approve")
                                                               : QStringLiteral("missions.deny"),
                              request);
    if (!r)
        return CtlApp::Failed;
    if (args.has(QStringLiteral("json"))) {
        m_app.printJson(*r);
        return CtlApp::Success;
    }
    const QString id = args.word(2);
    if (id.startsWith(QStringLiteral("el_")))
        m_app.m_out << (sub == QStringLiteral("approve") ? "Allowed that one call.\n" : "Refused that call.\n");
    else if (sub == QStringLiteral("approve"))
        m_app.m_out << "Approved " << id << ": active until " << TextTable::cell(r->value(QStringLiteral("expires_at")))
                    << ".\n";
    else
        m_app.m_out << "Denied " << id << ".\n";
    return CtlApp::Success;
}

int CtlMissions::revoke()
{
    const CtlArgs &args = m_app.m_args;
    const bool byAgent = args.hasOption(QStringLiteral("agent"));
    if (args.words.size() != (byAgent ? 2 : 3))
        return m_app.usage(QStringLiteral("missions revoke takes one mission ID, or --agent NAME for all of an "
                                          "agent's missions"));
    QJsonObject request;
    if (byAgent)
        request.insert(QStringLiteral("agent"), args.option(QStringLiteral("agent")));
    else
        request.insert(QStringLiteral("id"), args.word(2));
    if (args.hasOption(QStringLiteral("reason")))
        request.insert(QStringLiteral("reason"), args.option(QStringLiteral("reason")));
    const auto r = m_app.call(QStringLiteral("missions.revoke"), request);
    if (!r)
        return CtlApp::Failed;
    const QJsonArray revoked = r->value(QStringLiteral("revoked")).toArray();
    if (args.has(QStringLiteral("json")))
        m_app.printJson(revoked);
    else
        m_app.m_out << "Revoked " << revoked.size() << (revoked.size() == 1 ? " mission" : " missions")
                    << "; their tokens no longer work.\n";
    return CtlApp::Success;
}

int CtlMissions::waiting()
{
    const auto r = m_app.call(QStringLiteral("missions.elevations"));
    if (!r)
        return CtlApp::Failed;
    const QJsonArray list = r->value(QStringLiteral("elevations")).toArray();
    if (m_app.m_args.has(QStringLiteral("json"))) {
        m_app.printJson(list);
        return CtlApp::Success;
    }
    if (list.isEmpty()) {
        m_app.m_out << "No call is waiting for a step-up approval.\n";
        return CtlApp::Success;
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
    t.print(m_app.m_out);
    return CtlApp::Success;
}

int CtlMissions::revokeAll()
{
    const CtlArgs &args = m_app.m_args;
    if (args.words.size() != 1)
        return m_app.usage(QStringLiteral("revoke-all takes no further words"));
    if (!args.hasOption(QStringLiteral("reason")))
        return m_app.usage(QStringLiteral("revoke-all needs --reason TEXT: it ends every mission of every agent, "
                                          "and the audit log should say why"));
    const auto r = m_app.call(QStringLiteral("missions.revoke_all"),
                              {{QStringLiteral("reason"), args.option(QStringLiteral("reason"))}});
    if (!r)
        return CtlApp::Failed;
    const QJsonArray revoked = r->value(QStringLiteral("revoked")).toArray();
    if (args.has(QStringLiteral("json")))
        m_app.printJson(revoked);
    else
        m_app.m_out << "Revoked every mission (" << revoked.size() << "). No agent can reach an upstream now.\n";
    return CtlApp::Success;
}

int CtlMissions::tighten()
{
    const CtlArgs &args = m_app.m_args;
    if (args.words.size() != 2 || !args.hasOption(QStringLiteral("scopes")))
        return m_app.usage(QStringLiteral("tighten takes one CONNECTION and --scopes \"SCOPE …\", the scopes to keep"));
    QJsonObject request{{QStringLiteral("connection"), args.word(1)},
                        {QStringLiteral("scopes"), args.option(QStringLiteral("scopes"))}};
    if (args.hasOption(QStringLiteral("reason")))
        request.insert(QStringLiteral("reason"), args.option(QStringLiteral("reason")));
    if (!args.has(QStringLiteral("json")))
        m_app.m_out << "Reconnecting " << TextTable::printable(args.word(1))
                    << " with fewer scopes; confirm in the browser if the tenant asks.\n";
    m_app.m_out.flush();
    // The operator may take a while in the browser.
    const auto r = m_app.call(QStringLiteral("connections.tighten"), request, 10 * 60 * 1000);
    if (!r)
        return CtlApp::Failed;
    if (args.has(QStringLiteral("json"))) {
        m_app.printJson(*r);
        return CtlApp::Success;
    }
    const auto list = [&r](const char *key) {
        QStringList out;
        for (const QJsonValue &v : r->value(QLatin1String(key)).toArray())
            out << TextTable::cell(v);
        return out.isEmpty() ? QStringLiteral("(none)") : out.join(QLatin1Char(' '));
    };
    m_app.m_out << "Tightened " << TextTable::cell(r->value(QStringLiteral("connection"))) << ".\n"
                << "  before   " << list("before") << "\n"
                << "  after    " << list("after") << "  (confirmed by the upstream)\n"
                << "  removed  " << list("removed") << "\n";
    if (r->value(QStringLiteral("previous_token_refused")).toBool())
        m_app.m_out << "The previous upstream token is refused by the upstream.\n";
    else
        m_app.m_out << "Warning: the previous upstream token still works at the upstream; revoke it there.\n";
    const QJsonArray ended = r->value(QStringLiteral("missions_ended")).toArray();
    if (!ended.isEmpty())
        m_app.m_out << "Ended " << ended.size() << " mission(s) that held a removed scope.\n";
    return CtlApp::Success;
}

} // namespace sanctum
