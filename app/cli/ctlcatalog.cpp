#include "cli/ctlcatalog.h"

#include "cli/ctlagent.h"
#include "cli/ctlagents.h"
#include "cli/ctlargs.h"
#include "cli/ctlaudit.h"
#include "cli/ctlauth.h"
#include "cli/ctlconnections.h"
#include "cli/ctlcontext.h"
#include "cli/ctlhelp.h"
#include "cli/ctlleastprivilege.h"
#include "cli/ctlmissions.h"
#include "cli/ctlpolicy.h"
#include "cli/ctlstatus.h"

namespace sanctum {

CtlCatalog::CtlCatalog(CtlContext &ctl)
    : m_globals{
          {.name = QStringLiteral("data-dir"),
           .value = QStringLiteral("DIR"),
           .help = QStringLiteral("the instance's data directory (default: $SANCTUM_DATA_DIR, else "
                                  "~/.local/share/sanctum)")},
          {.name = QStringLiteral("json"), .help = QStringLiteral("print results as JSON")},
          {.name = QStringLiteral("help"),
           .help = QStringLiteral("this help; after a command, that command's"),
           .alias = QStringLiteral("-h")},
          {.name = QStringLiteral("version"), .help = QStringLiteral("the version")},
      }
{
    m_groups.push_back(std::make_unique<CtlStatus>(ctl));
    m_groups.push_back(std::make_unique<CtlAgents>(ctl));
    m_groups.push_back(std::make_unique<CtlAudit>(ctl));
    m_groups.push_back(std::make_unique<CtlPolicy>(ctl));
    m_groups.push_back(std::make_unique<CtlAuth>(ctl));
    m_groups.push_back(std::make_unique<CtlConnections>(ctl));
    m_groups.push_back(std::make_unique<CtlMissions>(ctl));
    m_groups.push_back(std::make_unique<CtlLeastPrivilege>(ctl));
    m_groups.push_back(std::make_unique<CtlAgent>(ctl));
    for (const auto &group : m_groups)
        add(*group);

    // Prints the README's table of commands, so the README is written from
    // these declarations and a test can tell when it is not.
    m_commands << CtlCommand{
        .name = QStringLiteral("help"),
        .options = {{.name = QStringLiteral("markdown"), .help = QStringLiteral("as the README's tables")}},
        .help = QStringLiteral("the help of every command"),
        .run =
            [this, &ctl](const CtlArgs &args) {
                const CtlHelp help(*this);
                ctl.out() << (args.has(QStringLiteral("markdown")) ? help.markdown() : help.overview());
                return int(CtlContext::Success);
            },
        .hidden = true};
}

CtlCatalog::~CtlCatalog() = default;

void CtlCatalog::add(CtlCommandGroup &group)
{
    const QList<CtlOption> shared = group.sharedOptions();
    const auto names = [](const QList<CtlOption> &options) {
        QStringList out;
        for (const CtlOption &o : options)
            out << o.name;
        return out;
    };
    if (m_sections.isEmpty() || m_sections.last().heading != group.heading() ||
        names(m_sections.last().shared) != names(shared))
        m_sections.append({group.heading(), shared, {}});
    for (CtlCommand command : group.commands()) {
        command.options << shared;
        m_sections.last().commands << command.name;
        m_commands << command;
    }
}

const CtlCommand *CtlCatalog::command(const QString &name) const
{
    for (const CtlCommand &c : m_commands)
        if (c.name == name)
            return &c;
    return nullptr;
}

} // namespace sanctum
