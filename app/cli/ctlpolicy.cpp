#include "cli/ctlpolicy.h"

#include "cli/ctlargs.h"
#include "cli/ctlcontext.h"
#include "cli/texttable.h"
#include "domain/scopeset.h"

namespace sanctum {

QList<CtlCommand> CtlPolicy::commands()
{
    const CtlOption connection{.name = QStringLiteral("connection"),
                               .value = QStringLiteral("NAME"),
                               .help = QStringLiteral("one connection's policy (default: \"*\", every connection)")};
    return {
        {.name = QStringLiteral("policy show"),
         .options = {connection},
         .help = QStringLiteral("the mission policy in force"),
         .run = [this](const CtlArgs &a) { return show(a); }},
        {.name = QStringLiteral("policy set"),
         .options = {connection,
                     {.name = QStringLiteral("max-ttl"),
                      .value = QStringLiteral("SECONDS"),
                      .help = QStringLiteral("the longest a mission may last")},
                     {.name = QStringLiteral("request-expiry"),
                      .value = QStringLiteral("SECONDS"),
                      .help = QStringLiteral("how long a request waits for a decision")},
                     {.name = QStringLiteral("auto-approve"),
                      .value = QStringLiteral("SCOPES"),
                      .help = QStringLiteral("missions within these scopes need no operator")},
                     {.name = QStringLiteral("require-purpose"),
                      .value = QStringLiteral("true|false"),
                      .help = QStringLiteral("whether a request must say what it is for")}},
         .help = QStringLiteral("change the policy (\"*\" = every connection)"),
         .run = [this](const CtlArgs &a) { return set(a); }},
    };
}

int CtlPolicy::show(const CtlArgs &args)
{
    const auto r = m_ctl.call(QStringLiteral("policy.show"),
                              {{QStringLiteral("connection"), args.option(QStringLiteral("connection"))}});
    if (!r)
        return CtlContext::Failed;
    if (m_ctl.json()) {
        m_ctl.printJson(*r);
        return CtlContext::Success;
    }
    printPolicy(r->value(QStringLiteral("effective")).toObject());
    return CtlContext::Success;
}

int CtlPolicy::set(const CtlArgs &args)
{
    QJsonObject changes;
    for (const auto &[option, key] :
         {std::pair{QStringLiteral("max-ttl"), QStringLiteral("max_ttl_seconds")},
          std::pair{QStringLiteral("request-expiry"), QStringLiteral("request_expiry_seconds")}}) {
        if (!args.hasOption(option))
            continue;
        bool ok = false;
        const qint64 n = args.option(option).toLongLong(&ok);
        if (!ok)
            return m_ctl.usage(QStringLiteral("--%1 takes a number of seconds").arg(option));
        changes.insert(key, n);
    }
    if (args.hasOption(QStringLiteral("auto-approve"))) {
        ScopeSet scopes;
        QString error;
        if (!ScopeSet::parse(args.option(QStringLiteral("auto-approve")), &scopes, &error))
            return m_ctl.usage(QStringLiteral("--auto-approve: %1").arg(error));
        changes.insert(QStringLiteral("auto_approve_scopes"), scopes.toJson());
    }
    if (args.hasOption(QStringLiteral("require-purpose"))) {
        const QString v = args.option(QStringLiteral("require-purpose"));
        if (v != QStringLiteral("true") && v != QStringLiteral("false"))
            return m_ctl.usage(QStringLiteral("--require-purpose is true or false"));
        changes.insert(QStringLiteral("require_purpose"), v == QStringLiteral("true"));
    }
    if (changes.isEmpty())
        return m_ctl.usage(QStringLiteral("policy set needs at least one of --max-ttl, --request-expiry, "
                                          "--auto-approve, --require-purpose"));
    const auto r = m_ctl.call(QStringLiteral("policy.set"),
                              {{QStringLiteral("connection"), args.option(QStringLiteral("connection"))},
                               {QStringLiteral("changes"), changes}});
    if (!r)
        return CtlContext::Failed;
    if (m_ctl.json()) {
        m_ctl.printJson(*r);
        return CtlContext::Success;
    }
    printPolicy(*r);
    return CtlContext::Success;
}

void CtlPolicy::printPolicy(const QJsonObject &result)
{
    TextTable t({QStringLiteral("connection"), TextTable::cell(result.value(QStringLiteral("connection")))});
    t.addRow({QStringLiteral("max mission TTL"),
              TextTable::cell(result.value(QStringLiteral("max_ttl_seconds"))) + QStringLiteral(" s")});
    t.addRow({QStringLiteral("request expiry"),
              TextTable::cell(result.value(QStringLiteral("request_expiry_seconds"))) + QStringLiteral(" s")});
    t.addRow({QStringLiteral("auto-approve"), TextTable::cell(result.value(QStringLiteral("auto_approve_scopes")))});
    t.addRow({QStringLiteral("purpose required"), TextTable::cell(result.value(QStringLiteral("require_purpose")))});
    t.print(m_ctl.out());
}

} // namespace sanctum
