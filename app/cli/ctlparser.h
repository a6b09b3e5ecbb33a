#pragma once

#include "cli/ctlargs.h"
#include "cli/ctlcommand.h"

#include <QHash>

namespace sanctum {

// What a sanctumctl command line asks for.
struct CtlParse {
    enum Kind {
        Run,       // args.command with its arguments and options
        Help,      // --help: of args.command if set, else of `group` if set, else of everything
        Version,   // --version
        NoCommand, // nothing at all: the help, as a usage error
        Error,     // a usage error; args.command is set when the command was known
    };
    Kind kind = Error;
    CtlArgs args;
    QString group; // Help: the words naming a group of commands ("agents")
    QString error;
};

// Reads a command line against the declared commands. Options may come
// anywhere, as `--name value` or `--name=value`, and a flag also by its
// alias (`-h`); `--` makes the rest words. A command accepts exactly its
// declared options and the global ones, each at most once unless it
// repeats, and its declared arguments.
class CtlParser {
public:
    CtlParser(const QList<CtlCommand> &commands, const QList<CtlOption> &globals);

    CtlParse parse(const QStringList &arguments) const;

private:
    struct Given {
        QStringList words;
        QList<std::pair<QString, QString>> values; // in the order given
        QStringList flags;
    };
    // Splits the line into words and options; an empty string when it can.
    QString split(const QStringList &arguments, Given *given) const;
    // The command the words name, the longest match; sets `error` (or
    // `group`, the words of a group of commands) when there is none.
    const CtlCommand *find(const QStringList &words, QString *group, QString *error) const;
    QString check(const CtlCommand &command, const Given &given, CtlArgs *args) const;
    const CtlOption *declared(const CtlCommand &command, const QString &name) const;

    const QList<CtlCommand> &m_commands;
    const QList<CtlOption> &m_globals;
    // Whether each option name, of any command, takes a value: an option
    // means the same everywhere, so a line splits before its command is known.
    QHash<QString, bool> m_takesValue;
    QHash<QString, QString> m_aliases; // "-h" -> "help"
};

} // namespace sanctum
