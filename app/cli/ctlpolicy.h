#pragma once

#include "cli/ctlcommandgroup.h"

#include <QJsonObject>

namespace sanctum {

// sanctumctl's commands about the mission policy: policy show|set.
class CtlPolicy : public CtlCommandGroup {
public:
    using CtlCommandGroup::CtlCommandGroup;

    QList<CtlCommand> commands() override;

private:
    int show(const CtlArgs &args);
    int set(const CtlArgs &args);
    void printPolicy(const QJsonObject &policy);
};

} // namespace sanctum
