#pragma once

#include "cli/ctlcommandgroup.h"

#include <QJsonObject>
#include <QUrl>

namespace sanctum {

// sanctumctl's agent-side commands, which speak the broker's HTTP API like any
// agent: agent request|status|call|finish, and agent simulate (demo agents).
// The broker is --broker URL, else $SANCTUM_BROKER, else what the running
// instance reports; the agent key is $SANCTUM_AGENT_KEY and the mission token
// $SANCTUM_MISSION_TOKEN — never arguments, which other users can read in
// the process list.
class CtlAgent : public CtlCommandGroup {
public:
    using CtlCommandGroup::CtlCommandGroup;

    QList<CtlCommand> commands() override;
    QList<CtlOption> sharedOptions() const override;
    QString heading() const override;

private:
    int request(const CtlArgs &args);
    int status(const CtlArgs &args);
    int call(const CtlArgs &args);
    int finish(const CtlArgs &args);
    int simulate(const CtlArgs &args);
    QUrl brokerUrl(const CtlArgs &args);
    bool needKey(QByteArray *key);
    int printMission(const QJsonObject &mission, bool waited);
};

} // namespace sanctum
