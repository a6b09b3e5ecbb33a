#pragma once

#include <QStringList>
#include <QTextStream>

namespace sanctum {

// sanctumctl: reads a command line against the declared commands (see
// CtlCatalog) and runs the one it names, which calls the instance over its
// admin socket and prints the result as a table, or as JSON with --json.
// Exit codes: 0 success, 1 the request failed, 2 usage error.
class CtlApp {
public:
    CtlApp(QTextStream &out, QTextStream &err);

    int run(const QStringList &arguments);

private:
    QTextStream &m_out;
    QTextStream &m_err;
};

} // namespace sanctum
