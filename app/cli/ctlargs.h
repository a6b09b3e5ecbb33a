#pragma once

#include <QMap>
#include <QSet>
#include <QString>
#include <QStringList>

namespace sanctum {

struct CtlCommand;

// A sanctumctl command line once parsed against its command's declaration:
// the command, the words after the command's own, and the options given.
class CtlArgs {
public:
    const CtlCommand *command = nullptr;
    QStringList arguments;             // e.g. {"triage-bot"} for `agents add triage-bot`
    QMap<QString, QStringList> values; // every value of each option given, in order
    QSet<QString> flags;

    bool has(const QString &flag) const { return flags.contains(flag); }
    bool hasOption(const QString &name) const { return values.contains(name); }
    // The option's value (the one value, or the last of a repeatable one).
    QString option(const QString &name) const
    {
        const QStringList given = values.value(name);
        return given.isEmpty() ? QString() : given.last();
    }
    QStringList optionList(const QString &name) const { return values.value(name); }
    QString argument(int i) const { return arguments.value(i); }
};

} // namespace sanctum
