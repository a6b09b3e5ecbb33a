#pragma once

#include "cli/ctlcommand.h"

#include <memory>
#include <vector>

namespace sanctum {

class CtlCommandGroup;
class CtlContext;

// A heading of the help and the commands under it.
struct CtlSection {
    QString heading;
    QList<CtlOption> shared; // taken by every command of the section
    QStringList commands;    // their names, in the order declared
};

// Every sanctumctl command: the command groups' declarations, in the order
// the help lists them, plus the global options every command takes.
class CtlCatalog {
public:
    // The groups run their commands through `ctl`.
    explicit CtlCatalog(CtlContext &ctl);
    ~CtlCatalog();

    const QList<CtlCommand> &commands() const { return m_commands; }
    const QList<CtlOption> &globalOptions() const { return m_globals; }
    const QList<CtlSection> &sections() const { return m_sections; }
    const CtlCommand *command(const QString &name) const;

private:
    void add(CtlCommandGroup &group);

    std::vector<std::unique_ptr<CtlCommandGroup>> m_groups;
    QList<CtlCommand> m_commands;
    QList<CtlOption> m_globals;
    QList<CtlSection> m_sections;
};

} // namespace sanctum
