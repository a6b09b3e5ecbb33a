#pragma once

#include <QMap>
#include <QSet>
#include <QString>
#include <QStringList>

namespace sanctum {

// sanctumctl's command line, split into words and options. Options may come
// anywhere; `--name value` and `--name=value` are both accepted.
struct CtlArgs {
    QStringList words;                      // e.g. {"agents", "add", "triage-bot"}
    QMap<QString, QString> options;         // the last value of each option
    QMap<QString, QStringList> optionLists; // every value, for repeatable options
    QSet<QString> flags;
    QString error; // set when the line cannot be parsed

    static CtlArgs parse(const QStringList &arguments);

    bool has(const QString &flag) const { return flags.contains(flag); }
    QString option(const QString &name) const { return options.value(name); }
    bool hasOption(const QString &name) const { return options.contains(name); }
    QStringList optionList(const QString &name) const { return optionLists.value(name); }
    QString word(int i) const { return words.value(i); }
};

} // namespace sanctum
