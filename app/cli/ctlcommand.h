#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace sanctum {

class CtlArgs;

// One option of a sanctumctl command, `--name VALUE` or a flag `--name`.
struct CtlOption {
    QString name{};  // without the dashes: "reason"
    QString value{}; // what the value is, as help shows it ("TEXT"); empty for a flag
    QString help{};
    bool repeats = false;  // every value is kept (optionList); otherwise it may be given once
    bool required = false; // the command refuses to run without it
    QString alias{};       // a short spelling, with its dash: "-h"

    bool takesValue() const { return !value.isEmpty(); }
    // "--reason TEXT", "--all"
    QString spelling() const;
    // How a command line shows it: "[--reason TEXT]", "--scope SCOPE...", "[--connection NAME]...".
    QString synopsis() const;
};

// A word the command takes after its own words, e.g. the NAME of `agents add NAME`.
struct CtlArgument {
    QString name{}; // as help shows it: "NAME"
    bool optional = false;

    QString synopsis() const { return optional ? QLatin1Char('[') + name + QLatin1Char(']') : name; }
};

// One sanctumctl command, declared once: parsing accepts exactly what is
// declared here, and the help and the README's table are printed from it.
struct CtlCommand {
    QString name{}; // its words, space-separated: "missions approve"
    QList<CtlArgument> arguments{};
    QList<CtlOption> options{};
    QString help{}; // what it does, one sentence in lower case
    std::function<int(const CtlArgs &)> run{};
    bool hidden = false; // left out of the help and the README

    QStringList words() const { return name.split(QLatin1Char(' ')); }
    const CtlOption *option(const QString &optionName) const;
    int minArguments() const;
    int maxArguments() const { return int(arguments.size()); }
    // "agents add NAME"
    QString argumentSynopsis() const;
    // Each part of the command line as help shows it: the words with the
    // arguments, then one part per option but those named in `omit`.
    QStringList synopsisParts(const QStringList &omit = {}) const;
};

} // namespace sanctum
