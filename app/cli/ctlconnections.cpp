#include "cli/ctlconnections.h"

#include "cli/ctlargs.h"
#include "cli/ctlauth.h"
#include "cli/ctlcontext.h"
#include "cli/texttable.h"

#include <QJsonArray>

#include <algorithm>

namespace sanctum {

QList<CtlCommand> CtlConnections::commands()
{
    const CtlArgument name{QStringLiteral("NAME")};
    return {
        {.name = QStringLiteral("connections list"),
         .help = QStringLiteral("the tenant's connections and how they were last found"),
         .run = [this](const CtlArgs &a) { return health(a, false); }},
        {.name = QStringLiteral("connections check"),
         .arguments = {{QStringLiteral("NAME"), true}},
         .help = QStringLiteral("get a token through Token Vault for each connection (or NAME) and report its scopes"),
         .run = [this](const CtlArgs &a) { return health(a, true); }},
        {.name = QStringLiteral("connections revocation"),
         .arguments = {name},
         .options = {{.name = QStringLiteral("api"),
                      .value = QStringLiteral("URL"),
                      .help = QStringLiteral("the upstream's API, where its tokens are revoked"),
                      .required = true},
                     {.name = QStringLiteral("client-id"),
                      .value = QStringLiteral("ID"),
                      .help = QStringLiteral("the upstream OAuth app's client id"),
                      .required = true},
                     {.name = QStringLiteral("client-secret-stdin"),
                      .help = QStringLiteral("read the OAuth app's secret from standard input"),
                      .required = true}},
         .help = QStringLiteral("the upstream OAuth app, to revoke tokens there"),
         .run = [this](const CtlArgs &a) { return revocation(a, false); }},
        {.name = QStringLiteral("connections revoke"),
         .arguments = {name},
         .help = QStringLiteral("revoke the connection's current upstream token"),
         .run = [this](const CtlArgs &a) { return revocation(a, true); }},
    };
}

int CtlConnections::health(const CtlArgs &args, bool check)
{
    const auto r = check ? m_ctl.call(QStringLiteral("connections.check"),
                                      {{QStringLiteral("connection"), args.argument(0)}},
                                      120000)
                         : m_ctl.call(QStringLiteral("connections.list"));
    if (!r)
        return CtlContext::Failed;
    const QJsonArray list = r->value(QStringLiteral("connections")).toArray();
    if (m_ctl.json()) {
        m_ctl.printJson(list);
    } else {
        TextTable t({QStringLiteral("CONNECTION"),
                     QStringLiteral("HEALTH"),
                     QStringLiteral("CHECKED"),
                     QStringLiteral("SCOPES")});
        for (const QJsonValue &v : list) {
            const QJsonObject c = v.toObject();
            t.addRow({TextTable::cell(c.value(QStringLiteral("name"))),
                      TextTable::cell(c.value(QStringLiteral("health"))),
                      TextTable::cell(c.value(QStringLiteral("checked_at"))),
                      c.contains(QStringLiteral("message")) ? TextTable::cell(c.value(QStringLiteral("message")))
                                                            : TextTable::cell(c.value(QStringLiteral("scopes")))});
        }
        t.print(m_ctl.out());
    }
    if (!check)
        return CtlContext::Success;
    const bool allHealthy = std::all_of(list.begin(), list.end(), [](const QJsonValue &v) {
        return v.toObject().value(QStringLiteral("health")).toString() == QStringLiteral("connected");
    });
    return allHealthy ? CtlContext::Success : CtlContext::Failed;
}

int CtlConnections::revocation(const CtlArgs &a, bool revokeNow)
{
    const QString name = a.argument(0);
    QJsonObject args{{QStringLiteral("connection"), name}};
    if (!revokeNow) {
        const QByteArray secret = CtlAuth::secretFromStdin();
        if (secret.isEmpty())
            return m_ctl.usage(QStringLiteral("--client-secret-stdin: standard input held no secret"));
        args.insert(QStringLiteral("api"), a.option(QStringLiteral("api")));
        args.insert(QStringLiteral("client_id"), a.option(QStringLiteral("client-id")));
        args.insert(QStringLiteral("client_secret"), QString::fromUtf8(secret));
    }
    const auto r = m_ctl.call(
        revokeNow ? QStringLiteral("connections.revoke") : QStringLiteral("connections.revocation"), args, 120000);
    if (!r)
        return CtlContext::Failed;
    if (m_ctl.json())
        m_ctl.printJson(*r);
    else if (revokeNow)
        m_ctl.out() << "The current upstream token of " << name << " is revoked at the upstream.\n";
    else
        m_ctl.out() << "Upstream tokens of " << name << " can now be revoked at the upstream.\n";
    return CtlContext::Success;
}

} // namespace sanctum
