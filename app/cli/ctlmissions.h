#pragma once

#include "cli/ctlcommandgroup.h"

namespace sanctum {

// sanctumctl's operator commands about missions: missions list|show|approve|
// deny|revoke|waiting, revoke-all (the panic button), and tighten (least
// privilege, re-provisioned: reconnect an account with fewer scopes).
class CtlMissions : public CtlCommandGroup {
public:
    using CtlCommandGroup::CtlCommandGroup;

    QList<CtlCommand> commands() override;

private:
    int list(const CtlArgs &args);
    int show(const CtlArgs &args);
    int decide(const CtlArgs &args, bool approve);
    int revoke(const CtlArgs &args);
    int waiting();
    int revokeAll(const CtlArgs &args);
    int tighten(const CtlArgs &args);
};

} // namespace sanctum
