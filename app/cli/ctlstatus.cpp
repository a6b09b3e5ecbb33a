#include "cli/ctlstatus.h"

#include "cli/ctlcontext.h"
#include "cli/texttable.h"

namespace sanctum {

QList<CtlCommand> CtlStatus::commands()
{
    return {
        {.name = QStringLiteral("status"),
         .help = QStringLiteral("the instance: version, pid, data dir, broker, login"),
         .run = [this](const CtlArgs &) { return status(); }},
    };
}

int CtlStatus::status()
{
    const auto s = m_ctl.call(QStringLiteral("status"));
    if (!s)
        return CtlContext::Failed;
    if (m_ctl.json()) {
        m_ctl.printJson(*s);
        return CtlContext::Success;
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
    t.print(m_ctl.out());
    return CtlContext::Success;
}

} // namespace sanctum
