#pragma once

#include <QJsonObject>
#include <QJsonValue>

#include <functional>
#include <map>

namespace sanctum {

// Dispatches admin-socket requests to the handlers that command groups
// (AgentCommands, MissionCommands, …) register, each with the services it uses.
//   request: {"id": any, "cmd": "agents.add", "args": {...}}
//   reply:   {"id": same, "ok": true, "result": {...}}
//         or {"id": same, "ok": false, "error": "<code>", "message": "<text>"}
class AdminCommands {
public:
    using Reply = std::function<void(const QJsonObject &reply)>;
    using Handler = std::function<QJsonObject(const QJsonObject &args)>;
    using AsyncHandler = std::function<void(const QJsonObject &args, const Reply &reply)>;

    // Answers `request` through `reply`, at once or, for commands that wait
    // on something (a login), later; exactly once either way.
    void handle(const QJsonObject &request, const Reply &reply);
    static QJsonObject errorReply(const QJsonValue &id, const QString &code, const QString &message);

    void addCommand(const QString &cmd, Handler handler);
    void addAsyncCommand(const QString &cmd, AsyncHandler handler);

private:
    std::map<QString, AsyncHandler> m_handlers;
};

} // namespace sanctum
