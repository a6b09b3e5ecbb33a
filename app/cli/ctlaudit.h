#pragma once

#include "cli/ctlcommandgroup.h"

namespace sanctum {

// sanctumctl's commands about the audit log: audit list|verify|export.
class CtlAudit : public CtlCommandGroup {
public:
    using CtlCommandGroup::CtlCommandGroup;

    QList<CtlCommand> commands() override;

private:
    int list(const CtlArgs &args);
    int verify();
    int exportLog(const CtlArgs &args);
};

} // namespace sanctum
