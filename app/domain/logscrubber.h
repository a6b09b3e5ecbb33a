#pragma once

#include <QString>
#include <QtGlobal>

namespace sanctum {

// Masks anything token-shaped before it reaches a log: agent keys, mission
// tokens, bearer credentials, JWTs, OAuth codes and secrets in query strings
// or JSON. Installed as the process's Qt message handler at start-up, so even
// a careless log line cannot leak a credential.
class LogScrubber {
public:
    static QString scrub(const QString &message);
    // Installs the scrubbing handler in front of the current one.
    static void install();

private:
    static void handler(QtMsgType type, const QMessageLogContext &context, const QString &message);
};

} // namespace sanctum
