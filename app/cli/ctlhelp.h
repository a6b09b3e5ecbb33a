#pragma once

#include <QList>
#include <QStringList>

namespace sanctum {

class CtlCatalog;
struct CtlCommand;
struct CtlOption;

// sanctumctl's help and the README's tables of commands, written from the
// commands' declarations.
class CtlHelp {
public:
    explicit CtlHelp(const CtlCatalog &catalog)
        : m_catalog(catalog)
    {
    }

    // `sanctumctl --help`: every command.
    QString overview() const;
    // `sanctumctl agents --help`: the commands whose words start with `group`.
    QString group(const QString &group) const;
    // `sanctumctl agents add --help`: one command and all it takes.
    QString command(const CtlCommand &command) const;
    // The README's tables: the commands, then the global options.
    QString markdown() const;

private:
    // "  agents add NAME                     register an agent …", wrapped.
    // The options named in `omit` are left out of its command line.
    QString entry(const CtlCommand &command, const QStringList &omit) const;
    QString optionList(const QList<CtlOption> &options) const;
    static QString optionHelp(const CtlOption &option);

    const CtlCatalog &m_catalog;
};

} // namespace sanctum
