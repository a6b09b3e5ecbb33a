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

    QJsonObject handle(const QJsonObject &request);
    static QJsonObject errorReply(const QJsonValue &id, const QString &code, const QString &message);

private:
    using Handler = std::function<QJsonObject(const QJsonObject &args)>;
    void registerCommands();

    QJsonObject status(const QJsonObject &args);
    QJsonObject agentsAdd(const QJsonObject &args);
    QJsonObject agentsList(const QJsonObject &args);
    QJsonObject agentsShow(const QJsonObject &args);
    QJsonObject agentsRemove(const QJsonObject &args);
    QJsonObject auditList(const QJsonObject &args);
    QJsonObject auditVerify(const QJsonObject &args);
    QJsonObject policyShow(const QJsonObject &args);
    QJsonObject policySet(const QJsonObject &args);

    Instance &m_instance;
    std::map<QString, Handler> m_handlers;
};

} // namespace sanctum
