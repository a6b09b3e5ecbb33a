#pragma once

#include "domain/error.h"

#include <QJsonObject>
#include <QTextStream>

#include <memory>
#include <optional>

namespace sanctum {

class AdminClient;
class CtlArgs;

// What sanctumctl's commands share while one runs: the output streams, the
// instance's admin socket, whether results are JSON, and how a usage error
// or a failure is reported.
// Exit codes: 0 success, 1 the request failed, 2 usage error.
class CtlContext {
public:
    enum ExitCode { Success = 0, Failed = 1, Usage = 2 };

    CtlContext(QTextStream &out, QTextStream &err);
    ~CtlContext();

    // The command line about to run: its --data-dir and --json, and the
    // command (or else the group of commands, "agents") a usage error
    // refers to.
    void begin(const CtlArgs &args, const QString &group = {});

    QTextStream &out() { return m_out; }
    QTextStream &err() { return m_err; }
    bool json() const { return m_json; }

    // Prints "sanctumctl: message" and where to read more; returns Usage.
    int usage(const QString &message);
    // Prints the error (as JSON with --json); returns Failed.
    int failed(const Error &error);
    // Calls the instance; prints and returns nullopt on failure.
    std::optional<QJsonObject> call(const QString &cmd, const QJsonObject &args = {}, int timeoutMs = 60000);
    // Like call(), but the caller decides what a failure means; nothing is printed.
    Expected<QJsonObject> quietCall(const QString &cmd, const QJsonObject &args = {}, int timeoutMs = 60000);
    void printJson(const QJsonValue &value);

private:
    AdminClient &client();

    QTextStream &m_out;
    QTextStream &m_err;
    bool m_json = false;
    QString m_dataDirOption;
    QString m_topic; // what `--help` explains the usage error
    // Made on first use, so usage errors and help never look for an instance.
    std::unique_ptr<AdminClient> m_client;
};

} // namespace sanctum
