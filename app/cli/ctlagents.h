#pragma once

#include "cli/ctlcommandgroup.h"

#include <QJsonObject>

namespace sanctum {

// sanctumctl's operator commands about agents: agents add|list|show|remove|
// rotate-key. (The agent side, what an agent itself runs, is CtlAgent.)
class CtlAgents : public CtlCommandGroup {
public:
    using CtlCommandGroup::CtlCommandGroup;

    QList<CtlCommand> commands() override;

private:
    // add, or rotate-key: both print the new key, once.
    int issueKey(const CtlArgs &args, bool add);
    int list(const CtlArgs &args);
    int show(const CtlArgs &args);
    int remove(const CtlArgs &args);
    void printAgent(const QJsonObject &agent);
};

} // namespace sanctum
