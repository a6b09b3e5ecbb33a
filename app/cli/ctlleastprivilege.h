#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

namespace sanctum {

class CtlApp;

// sanctumctl's least-privilege commands:
//   analyze [AGENT] [--days N]                         granted, used, never used, denied, recommended
//   analyze AGENT --replay "SCOPES" [--connection C]   past calls that set would have refused
//   report exposure [--days N]                         standing grant vs missions, in scope-hours
class CtlLeastPrivilege {
public:
    explicit CtlLeastPrivilege(CtlApp &app)
        : m_app(app)
    {
    }

    int analyze();
    int report();

private:
    int replay();
    int exposure();
    // --days N into `request`; false (a usage error was printed) when malformed.
    bool addDays(QJsonObject *request, int *exitCode);

    CtlApp &m_app;
};

} // namespace sanctum
