#pragma once

#include <QJsonObject>
#include <QString>
#include <QUrl>

namespace sanctum {

class CtlApp;

// sanctumctl's agent-side commands, which speak the broker's HTTP API like any
// agent: agent request|status|call|finish, and agent simulate (demo agents).
// The broker is --broker URL, else $SANCTUM_BROKER, else what the running
// instance reports; the agent key is $SANCTUM_AGENT_KEY and the mission token
// $SANCTUM_MISSION_TOKEN — never arguments, which other users can read in
// the process list.
class CtlAgent {
public:
    explicit CtlAgent(CtlApp &app)
        : m_app(app)
    {
    }

    int agent();

private:
    int request();
    int status();
    int call();
    int finish();
    int simulate();
    QUrl brokerUrl();
    bool needKey(QByteArray *key);
    int printMission(const QJsonObject &mission, bool waited);

    CtlApp &m_app;
};

} // namespace sanctum
