#include "cli/ctlparser.h"

#include <optional>

namespace sanctum {

namespace {
// "a, b or c"
QString oneOf(const QStringList &items)
{
    if (items.size() < 2)
        return items.join(QString());
    return items.mid(0, items.size() - 1).join(QStringLiteral(", ")) + QStringLiteral(" or ") + items.last();
}
} // namespace

CtlParser::CtlParser(const QList<CtlCommand> &commands, const QList<CtlOption> &globals)
    : m_commands(commands)
    , m_globals(globals)
{
    const auto learn = [this](const CtlOption &o) {
        m_takesValue.insert(o.name, o.takesValue());
        if (!o.alias.isEmpty())
            m_aliases.insert(o.alias, o.name);
    };
    for (const CtlOption &o : globals)
        learn(o);
    for (const CtlCommand &c : commands)
        for (const CtlOption &o : c.options)
            learn(o);
}

CtlParse CtlParser::parse(const QStringList &arguments) const
{
    CtlParse result;
    Given given;
    if (result.error = split(arguments, &given); !result.error.isEmpty())
        return result;
    if (given.flags.contains(QStringLiteral("version"))) {
        result.kind = CtlParse::Version;
        return result;
    }
    const bool help = given.flags.contains(QStringLiteral("help"));
    if (given.words.isEmpty()) {
        result.kind = help ? CtlParse::Help : CtlParse::NoCommand;
        return result;
    }
    const CtlCommand *command = find(given.words, &result.group, &result.error);
    if (!command) {
        if (help && result.group == given.words.join(QLatin1Char(' ')))
            result.kind = CtlParse::Help;
        return result;
    }
    result.args.command = command;
    if (help) {
        result.kind = CtlParse::Help;
        return result;
    }
    if (result.error = check(*command, given, &result.args); result.error.isEmpty())
        result.kind = CtlParse::Run;
    return result;
}

QString CtlParser::split(const QStringList &arguments, Given *given) const
{
    bool onlyWords = false;
    for (int i = 0; i < arguments.size(); ++i) {
        const QString &arg = arguments.at(i);
        if (onlyWords || !arg.startsWith(QLatin1Char('-')) || arg == QStringLiteral("-")) {
            given->words << arg;
            continue;
        }
        if (arg == QStringLiteral("--")) {
            onlyWords = true;
            continue;
        }
        QString name = arg.mid(2);
        if (!arg.startsWith(QStringLiteral("--"))) {
            // A short spelling stands for a flag; `-x value` is not a thing here.
            name = m_aliases.value(arg);
            if (name.isEmpty() || m_takesValue.value(name))
                return QStringLiteral("unknown option '%1'").arg(arg);
        }
        std::optional<QString> value;
        if (const qsizetype eq = name.indexOf(QLatin1Char('=')); eq >= 0) {
            value = name.mid(eq + 1);
            name = name.left(eq);
        }
        const auto known = m_takesValue.constFind(name);
        if (known == m_takesValue.constEnd())
            return QStringLiteral("unknown option '--%1'").arg(name);
        if (!*known) {
            if (value)
                return QStringLiteral("option --%1 takes no value").arg(name);
            given->flags << name;
            continue;
        }
        if (!value) {
            if (i + 1 >= arguments.size())
                return QStringLiteral("option --%1 needs a value").arg(name);
            value = arguments.at(++i);
        }
        given->values.append({name, *value});
    }
    return {};
}

const CtlCommand *CtlParser::find(const QStringList &words, QString *group, QString *error) const
{
    const CtlCommand *best = nullptr;
    qsizetype bestLength = 0;
    for (const CtlCommand &c : m_commands) {
        const QStringList w = c.words();
        if (w.size() > bestLength && w.size() <= words.size() && words.mid(0, w.size()) == w) {
            best = &c;
            bestLength = w.size();
        }
    }
    if (best)
        return best;
    // The longest run of words that starts some commands names their group.
    for (qsizetype n = words.size(); n > 0; --n) {
        const QStringList prefix = words.mid(0, n);
        QStringList next;
        for (const CtlCommand &c : m_commands) {
            const QStringList w = c.words();
            if (!c.hidden && w.size() > n && w.mid(0, n) == prefix && !next.contains(w.at(n)))
                next << w.at(n);
        }
        if (next.isEmpty())
            continue;
        *group = prefix.join(QLatin1Char(' '));
        *error = n == words.size() ? QStringLiteral("%1 needs a subcommand: %2").arg(*group, oneOf(next))
                                   : QStringLiteral("unknown %1 subcommand '%2'").arg(*group, words.at(n));
        return nullptr;
    }
    *error = QStringLiteral("unknown command '%1'").arg(words.first());
    return nullptr;
}

const CtlOption *CtlParser::declared(const CtlCommand &command, const QString &name) const
{
    if (const CtlOption *o = command.option(name))
        return o;
    for (const CtlOption &o : m_globals)
        if (o.name == name)
            return &o;
    return nullptr;
}

QString CtlParser::check(const CtlCommand &command, const Given &given, CtlArgs *args) const
{
    QStringList seen;
    const auto take = [&](const QString &name) -> QString {
        const CtlOption *o = declared(command, name);
        if (!o)
            return QStringLiteral("%1 does not take --%2").arg(command.name, name);
        if (seen.contains(name) && !o->repeats)
            return QStringLiteral("--%1 may be given only once").arg(name);
        seen << name;
        return {};
    };
    for (const QString &flag : given.flags) {
        if (const QString error = take(flag); !error.isEmpty())
            return error;
        args->flags.insert(flag);
    }
    for (const auto &[name, value] : given.values) {
        if (const QString error = take(name); !error.isEmpty())
            return error;
        args->values[name].append(value);
    }

    args->arguments = given.words.mid(command.words().size());
    const int count = int(args->arguments.size());
    if (count < command.minArguments()) {
        QStringList missing;
        for (const CtlArgument &a : command.arguments.mid(count))
            if (!a.optional)
                missing << a.name;
        return QStringLiteral("%1 needs %2").arg(command.name, missing.join(QStringLiteral(" and ")));
    }
    if (count > command.maxArguments())
        return QStringLiteral("unexpected argument '%1': %2 takes %3")
            .arg(args->arguments.at(command.maxArguments()),
                 command.name,
                 command.arguments.isEmpty() ? QStringLiteral("no arguments")
                                             : command.argumentSynopsis().mid(command.name.size() + 1));
    for (const CtlOption &o : command.options)
        if (o.required && !args->has(o.name) && !args->hasOption(o.name))
            return QStringLiteral("%1 needs %2: %3").arg(command.name, o.spelling(), o.help);
    return {};
}

} // namespace sanctum
