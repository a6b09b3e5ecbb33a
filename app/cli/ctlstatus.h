#pragma once

#include "cli/ctlcommandgroup.h"

namespace sanctum {

// `sanctumctl status`: the instance, at a glance.
class CtlStatus : public CtlCommandGroup {
public:
    using CtlCommandGroup::CtlCommandGroup;

    QList<CtlCommand> commands() override;

private:
    int status();
};

} // namespace sanctum
