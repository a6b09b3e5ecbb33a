#pragma once

#include "cli/brokerclient.h"

#include <QJsonObject>
#include <QList>
#include <QTextStream>
#include <QUrl>

#include <memory>
#include <vector>

namespace sanctum {

class CtlContext;

// `sanctumctl agent simulate --profile demo`: a few realistic agents working
// through the broker, so a demo (and the heatmap) has life. A triage bot
// granted alice's twelve GitHub scopes that uses three of them, a release bot,
// and a reckless bot that tries what it was not given. Each asks for its
// mission, waits for the operator (or approves it itself with --approve, over
// the operator's socket), works a step per round, and asks again when its
// mission ends. The agents are (re)created over the admin socket, because an
// agent key is shown only once.
class AgentSimulator {
public:
    struct Options {
        int rounds = 0; // 0: until stopped
        int intervalMs = 3000;
        bool approve = false;
        bool json = false;
    };

    AgentSimulator(CtlContext &ctl, const QUrl &broker, const Options &options, QTextStream &out);
    ~AgentSimulator();

    int run();

private:
    struct Step {
        QByteArray method;
        QString path; // /github/…
        QJsonObject body;
    };
    struct Bot {
        QString name;
        QString purpose;
        QStringList scopes;
        QList<Step> steps;
        int ttlSeconds = 120;
        std::unique_ptr<BrokerClient> client;
        QByteArray key;
        QString missionId;
        QByteArray token;
        int next = 0;
        int calls = 0;
        int refused = 0;
    };

    static std::vector<Bot> demoProfile();
    bool enrol(Bot &bot);
    void tick(Bot &bot);
    void ask(Bot &bot);
    void poll(Bot &bot);
    void work(Bot &bot);
    void report(const Bot &bot, const QString &what, int status = 0, const QString &detail = {});

    CtlContext &m_ctl;
    QUrl m_broker;
    Options m_options;
    QTextStream &m_out;
    std::vector<Bot> m_bots;
};

} // namespace sanctum
