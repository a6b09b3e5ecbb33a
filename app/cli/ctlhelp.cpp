#include "cli/ctlhelp.h"

#include "cli/ctlcatalog.h"

namespace sanctum {

namespace {
constexpr int kSynopsisWidth = 84; // where a command line wraps
constexpr int kTextWidth = 100;    // where a description wraps
constexpr int kHelpColumn = 38;    // where a command's description starts

// `parts` joined by spaces into lines of at most `width` (a longer part gets
// a line of its own), the first indented by `first` spaces, the rest by `rest`.
QStringList wrap(const QStringList &parts, int width, int first, int rest)
{
    QStringList lines;
    QString line = QString(first, QLatin1Char(' '));
    bool empty = true;
    for (const QString &part : parts) {
        if (!empty && line.size() + 1 + part.size() > width) {
            lines << line;
            line = QString(rest, QLatin1Char(' '));
            empty = true;
        }
        line += (empty ? QString() : QStringLiteral(" ")) + part;
        empty = false;
    }
    lines << line;
    return lines;
}

QStringList words(const QString &text)
{
    return text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

// `text` (a line of the help) set in column `column` of `line`, or below it
// when `line` reaches that far.
QString besides(QString line, const QString &text, int column)
{
    QStringList lines;
    const QStringList wrapped = wrap(words(text), kTextWidth, column, column);
    if (line.size() + 2 <= column) {
        line += wrapped.first().mid(line.size());
        lines << line << wrapped.mid(1);
    } else {
        lines << line << wrapped;
    }
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

QString sentence(const QString &help)
{
    QString s = help;
    if (!s.isEmpty())
        s[0] = s.at(0).toUpper();
    if (!s.endsWith(QLatin1Char('.')) && !s.endsWith(QLatin1Char(')')))
        s += QLatin1Char('.');
    return s;
}

QString markdownCell(QString text)
{
    return text.replace(QLatin1Char('|'), QStringLiteral("\\|"));
}

const QString kUsage = QStringLiteral("Usage: sanctumctl [--data-dir DIR] [--json] COMMAND ...\n");
const QString kExitStatus = QStringLiteral("Exit status: 0 success, 1 the request failed, 2 usage error.\n");
} // namespace

QString CtlHelp::optionHelp(const CtlOption &option)
{
    QStringList notes;
    if (option.required)
        notes << QStringLiteral("required");
    if (option.repeats)
        notes << QStringLiteral("may be repeated");
    return notes.isEmpty() ? option.help : QStringLiteral("%1 (%2)").arg(option.help, notes.join(QStringLiteral("; ")));
}

QString CtlHelp::optionList(const QList<CtlOption> &options) const
{
    const auto spelling = [](const CtlOption &o) {
        return o.alias.isEmpty() ? o.spelling() : o.spelling() + QStringLiteral(", ") + o.alias;
    };
    qsizetype column = 0;
    for (const CtlOption &o : options)
        column = qMax(column, spelling(o).size());
    QString out;
    for (const CtlOption &o : options)
        out += besides(QStringLiteral("  ") + spelling(o), optionHelp(o), int(column) + 5);
    return out;
}

QString CtlHelp::entry(const CtlCommand &command, const QStringList &omit) const
{
    const QStringList lines = wrap(command.synopsisParts(omit), kSynopsisWidth, 2, 2 + int(command.name.size()) + 1);
    QString out;
    for (const QString &line : lines.mid(0, lines.size() - 1))
        out += line + QLatin1Char('\n');
    return out + besides(lines.last(), command.help, kHelpColumn);
}

QString CtlHelp::overview() const
{
    QString out =
        kUsage + QStringLiteral("\nOperate a running Sanctum instance through its owner-only admin socket.\n");
    for (const CtlSection &section : m_catalog.sections()) {
        out += QLatin1Char('\n') + wrap(words(section.heading), 80, 0, 0).join(QLatin1Char('\n')) + QLatin1Char('\n');
        QStringList omit;
        for (const CtlOption &o : section.shared)
            omit << o.name;
        for (const QString &name : section.commands)
            out += entry(*m_catalog.command(name), omit);
        if (!section.shared.isEmpty())
            out += QStringLiteral("  Each of these also takes:\n") + optionList(section.shared);
    }
    return out + QStringLiteral("\nOptions:\n") + optionList(m_catalog.globalOptions()) +
           QStringLiteral("\nRun 'sanctumctl COMMAND --help' for one command's options.\n") + kExitStatus;
}

QString CtlHelp::group(const QString &group) const
{
    QString out = QStringLiteral("Usage: sanctumctl %1 SUBCOMMAND ...\n\nCommands:\n").arg(group);
    for (const CtlCommand &c : m_catalog.commands())
        if (!c.hidden && c.name.startsWith(group + QLatin1Char(' ')))
            out += entry(c, {});
    return out + QStringLiteral("\nRun 'sanctumctl %1 SUBCOMMAND --help' for one command's options.\n").arg(group);
}

QString CtlHelp::command(const CtlCommand &command) const
{
    QStringList parts = command.synopsisParts();
    parts.first().prepend(QStringLiteral("Usage: sanctumctl "));
    QString out = wrap(parts, kSynopsisWidth, 0, 18).join(QLatin1Char('\n')) + QStringLiteral("\n\n") +
                  wrap(words(sentence(command.help)), 80, 0, 0).join(QLatin1Char('\n')) + QLatin1Char('\n');
    if (!command.options.isEmpty())
        out += QStringLiteral("\nOptions:\n") + optionList(command.options);
    return out + QStringLiteral("\nGlobal options:\n") + optionList(m_catalog.globalOptions()) + QLatin1Char('\n') +
           kExitStatus;
}

QString CtlHelp::markdown() const
{
    QString out = QStringLiteral("| Command | Options | What it does |\n| --- | --- | --- |\n");
    // The options a section's commands share go with the global ones.
    QStringList shared;
    for (const CtlSection &section : m_catalog.sections()) {
        QStringList omit;
        QStringList firstWords;
        for (const CtlOption &o : section.shared)
            omit << o.name;
        for (const QString &name : section.commands) {
            const CtlCommand &c = *m_catalog.command(name);
            if (const QString word = QStringLiteral("`%1`").arg(c.words().first()); !firstWords.contains(word))
                firstWords << word;
            QStringList options;
            for (const CtlOption &o : c.options)
                if (!omit.contains(o.name))
                    options << QStringLiteral("`%1` %2").arg(o.spelling(), optionHelp(o));
            out += QStringLiteral("| `sanctumctl %1` | %2 | %3 |\n")
                       .arg(markdownCell(c.argumentSynopsis()),
                            markdownCell(options.join(QStringLiteral("<br>"))),
                            markdownCell(c.help));
        }
        for (const CtlOption &o : section.shared)
            shared << QStringLiteral("| `%1` | %2 commands: %3 |\n")
                          .arg(markdownCell(o.spelling()),
                               firstWords.join(QStringLiteral(", ")),
                               markdownCell(optionHelp(o)));
    }
    out += QStringLiteral("\n| Option | What it does |\n| --- | --- |\n");
    for (const CtlOption &o : m_catalog.globalOptions()) {
        const QString spelling = o.alias.isEmpty() ? QStringLiteral("`%1`").arg(o.spelling())
                                                   : QStringLiteral("`%1`, `%2`").arg(o.spelling(), o.alias);
        out += QStringLiteral("| %1 | %2 |\n").arg(markdownCell(spelling), markdownCell(optionHelp(o)));
    }
    return out + shared.join(QString());
}

} // namespace sanctum
