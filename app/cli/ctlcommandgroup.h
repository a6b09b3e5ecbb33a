#pragma once

#include "cli/ctlcommand.h"

namespace sanctum {

class CtlContext;

// A family of sanctumctl commands (agents, missions, …): declares its
// commands, each with the member that runs it, and runs them through the
// context it was given.
class CtlCommandGroup {
public:
    explicit CtlCommandGroup(CtlContext &ctl)
        : m_ctl(ctl)
    {
    }
    virtual ~CtlCommandGroup() = default;
    CtlCommandGroup(const CtlCommandGroup &) = delete;
    CtlCommandGroup &operator=(const CtlCommandGroup &) = delete;

    virtual QList<CtlCommand> commands() = 0;
    // Options every command of the group takes, declared once; the help
    // lists them once, under the group's heading.
    virtual QList<CtlOption> sharedOptions() const { return {}; }
    // The help's section heading for the group; groups with the same one
    // share a section.
    virtual QString heading() const { return QStringLiteral("Commands:"); }

protected:
    CtlContext &m_ctl;
};

} // namespace sanctum
