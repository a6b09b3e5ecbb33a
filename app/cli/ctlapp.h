#pragma once

#include "cli/ctlargs.h"
#include "domain/error.h"

#include <QJsonObject>
#include <QTextStream>

#include <functional>
#include <optional>

namespace sanctum {

class AdminClient;

// sanctumctl: maps a command line onto admin-socket calls and prints the
// result as a table, or as JSON with --json.
// Exit codes: 0 success, 1 the request failed, 2 usage error.
class CtlApp {
public:
    enum ExitCode { Success = 0, Failed = 1, Usage = 2 };

    CtlApp(QTextStream &out, QTextStream &err);
    ~CtlApp();

    int run(const QStringList &arguments);

private:
    friend class AgentSimulator;
    friend class CtlAgent;
    friend class CtlAuth;
    friend class CtlLeastPrivilege;
    friend class CtlMissions;
    int usage(const QString &message);
    int failed(const Error &error);
    // Calls the instance; prints and returns nullopt on failure.
    std::optional<QJsonObject> call(const QString &cmd, const QJsonObject &args = {}, int timeoutMs = 60000);
    // Like call(), but the caller decides what a failure means; nothing is printed.
    Expected<QJsonObject> quietCall(const QString &cmd, const QJsonObject &args = {}, int timeoutMs = 60000);
    void printJson(const QJsonValue &value);

    int status();
    int agents();
    int audit();
    int auditExport();
    int policy();

    void printAgent(const QJsonObject &agent);

    QTextStream &m_out;
    QTextStream &m_err;
    CtlArgs m_args;
    QString m_dataDir;
    std::unique_ptr<AdminClient> m_client;
};

} // namespace sanctum
