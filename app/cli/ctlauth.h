#pragma once

#include "cli/ctlcommandgroup.h"

#include <QByteArray>

namespace sanctum {

// sanctumctl's commands about the tenant and the operator's sign-in:
// tenant set|show, login [--device], logout, whoami.
class CtlAuth : public CtlCommandGroup {
public:
    using CtlCommandGroup::CtlCommandGroup;

    QList<CtlCommand> commands() override;

    // A secret given with --client-secret-stdin: one line of standard input,
    // never the command line (which every user sees in `ps`).
    static QByteArray secretFromStdin();

private:
    int tenantSet(const CtlArgs &args);
    int tenantShow();
    int login(const CtlArgs &args);
    int logout();
    int whoami();
};

} // namespace sanctum
