#pragma once

#include <QJsonObject>
#include <QJsonValue>

#include <functional>
#include <map>

namespace sanctum {

class Instance;

// Maps admin-socket requests onto the instance's services.
//   request: {"id": any, "cmd": "agents.add", "args": {...}}
//   reply:   {"id": same, "ok": true, "result": {...}}
//         or {"id": same, "ok": false, "error": "<code>", "message": "<text>"}
class AdminCommands {
public:
    explicit AdminCommands(Instance &instance);

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
    void registerCommands();

    QJsonObject status(const QJsonObject &args);
    QJsonObject agentsAdd(const QJsonObject &args);
    QJsonObject agentsList(const QJsonObject &args);
    QJsonObject agentsShow(const QJsonObject &args);
    QJsonObject agentsRemove(const QJsonObject &args);
    QJsonObject agentsRotateKey(const QJsonObject &args);
    QJsonObject auditList(const QJsonObject &args);
    QJsonObject auditVerify(const QJsonObject &args);
    QJsonObject policyShow(const QJsonObject &args);
    QJsonObject policySet(const QJsonObject &args);

    Instance &m_instance;
    std::map<QString, AsyncHandler> m_handlers;
};

} // namespace sanctum
