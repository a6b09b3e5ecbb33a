#include "cli/ctlcommand.h"

#include <algorithm>

namespace sanctum {

QString CtlOption::spelling() const
{
    return takesValue() ? QStringLiteral("--%1 %2").arg(name, value) : QStringLiteral("--") + name;
}

QString CtlOption::synopsis() const
{
    const QString more = repeats ? QStringLiteral("...") : QString();
    if (required)
        return spelling() + more;
    return QLatin1Char('[') + spelling() + QLatin1Char(']') + more;
}

const CtlOption *CtlCommand::option(const QString &optionName) const
{
    const auto it =
        std::find_if(options.cbegin(), options.cend(), [&](const CtlOption &o) { return o.name == optionName; });
    return it == options.cend() ? nullptr : &*it;
}

int CtlCommand::minArguments() const
{
    return int(std::count_if(arguments.cbegin(), arguments.cend(), [](const CtlArgument &a) { return !a.optional; }));
}

QString CtlCommand::argumentSynopsis() const
{
    QStringList parts{name};
    for (const CtlArgument &a : arguments)
        parts << a.synopsis();
    return parts.join(QLatin1Char(' '));
}

QStringList CtlCommand::synopsisParts(const QStringList &omit) const
{
    QStringList parts{argumentSynopsis()};
    // Required options first: they belong to the command's shape.
    for (const bool required : {true, false})
        for (const CtlOption &o : options)
            if (o.required == required && !omit.contains(o.name))
                parts << o.synopsis();
    return parts;
}

} // namespace sanctum
