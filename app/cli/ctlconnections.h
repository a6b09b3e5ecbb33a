#pragma once

#include "cli/ctlcommandgroup.h"

namespace sanctum {

// sanctumctl's commands about the tenant's upstream connections:
// connections list|check, and revocation|revoke for their upstream tokens.
class CtlConnections : public CtlCommandGroup {
public:
    using CtlCommandGroup::CtlCommandGroup;

    QList<CtlCommand> commands() override;

private:
    int health(const CtlArgs &args, bool check);
    int revocation(const CtlArgs &args, bool revokeNow);
};

} // namespace sanctum
