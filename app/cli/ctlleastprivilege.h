#pragma once

#include "cli/ctlcommandgroup.h"

#include <QJsonObject>

namespace sanctum {

// sanctumctl's least-privilege commands:
//   analyze [AGENT] [--days N]                         granted, used, never used, denied, recommended
//   analyze AGENT --replay "SCOPES" [--connection C]   past calls that set would have refused
//   report exposure [--days N]                         standing grant vs missions, in scope-hours
class CtlLeastPrivilege : public CtlCommandGroup {
public:
    using CtlCommandGroup::CtlCommandGroup;

    QList<CtlCommand> commands() override;

private:
    int analyze(const CtlArgs &args);
    int replay(const CtlArgs &args);
    int exposure(const CtlArgs &args);
    // --days N into `request`; false (a usage error was printed) when malformed.
    bool addDays(const CtlArgs &args, QJsonObject *request, int *exitCode);
};

} // namespace sanctum
