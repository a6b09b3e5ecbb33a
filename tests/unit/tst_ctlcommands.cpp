// sanctumctl's commands are declared once, and what the parser accepts, what
// `--help` lists and what the README documents all agree with those
// declarations: every declared option works for its command, an undeclared
// one is a usage error, and the README's tables are the declarations' own.
#include "cli/ctlapp.h"
#include "cli/ctlcatalog.h"
#include "cli/ctlcontext.h"
#include "cli/ctlparser.h"

#include <QFile>
#include <QRegularExpression>
#include <QTest>

using namespace sanctum;

namespace {
struct Run {
    int code = -1;
    QString out;
    QString err;
    QString describe(const QStringList &line) const
    {
        return QStringLiteral("sanctumctl %1\nexit %2\nstdout: %3\nstderr: %4")
            .arg(line.join(QLatin1Char(' ')))
            .arg(code)
            .arg(out, err);
    }
};

// sanctumctl in this process. Usage errors and help never reach an
// instance; the data directory is one where none can be, should a line
// wrongly get through to its command.
Run ctl(const QStringList &line)
{
    Run r;
    QTextStream out(&r.out);
    QTextStream err(&r.err);
    r.code =
        CtlApp(out, err).run(QStringList{QStringLiteral("--data-dir"), QStringLiteral("/nonexistent/sanctum")} + line);
    out.flush();
    err.flush();
    return r;
}

QString valueFor(const CtlOption &o, int n = 0)
{
    return QStringLiteral("%1-value-%2").arg(o.name).arg(n);
}

// The command's words, its arguments, and each required option with a value.
QStringList minimalLine(const CtlCommand &c, int arguments = -1)
{
    QStringList line = c.words();
    for (int i = 0; i < (arguments < 0 ? c.minArguments() : arguments); ++i)
        line << QStringLiteral("arg%1").arg(i);
    for (const CtlOption &o : c.options)
        if (o.required)
            line << QStringLiteral("--") + o.name << (o.takesValue() ? QStringList{valueFor(o)} : QStringList{});
    return line;
}

// Splits a README line as a shell would, for the quoting the README uses.
QStringList shellWords(const QString &line)
{
    QStringList words;
    QString word;
    bool inWord = false;
    QChar quote;
    for (const QChar c : line) {
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
            else
                word += c;
        } else if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
            quote = c;
            inWord = true;
        } else if (c == QLatin1Char('#') && !inWord) {
            break;
        } else if (c.isSpace()) {
            if (inWord)
                words << word;
            word.clear();
            inWord = false;
        } else {
            word += c;
            inWord = true;
        }
    }
    if (inWord)
        words << word;
    return words;
}

// README.md from "## sanctumctl" to the next section.
QString readmeSection()
{
    QFile f(QStringLiteral(SANCTUM_README));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QString text = QString::fromUtf8(f.readAll());
    const qsizetype start = text.indexOf(QStringLiteral("\n## sanctumctl\n"));
    if (start < 0)
        return {};
    return text.mid(start + 1, text.indexOf(QStringLiteral("\n## "), start + 1) - start);
}
} // namespace

class TestCtlCommands : public QObject {
    Q_OBJECT

private:
    QString m_outText;
    QString m_errText;
    QTextStream m_out{&m_outText};
    QTextStream m_err{&m_errText};
    CtlContext m_context{m_out, m_err};
    CtlCatalog m_catalog{m_context};

    CtlParse parse(const QStringList &line) const
    {
        return CtlParser(m_catalog.commands(), m_catalog.globalOptions()).parse(line);
    }

    bool isGlobal(const QString &name) const
    {
        const QList<CtlOption> &globals = m_catalog.globalOptions();
        return std::any_of(globals.cbegin(), globals.cend(), [&](const CtlOption &o) { return o.name == name; });
    }

    // Every option name any command or the line as a whole takes, and whether it takes a value.
    QMap<QString, bool> everyOption() const
    {
        QMap<QString, bool> all;
        for (const CtlCommand &c : m_catalog.commands())
            for (const CtlOption &o : c.options)
                all.insert(o.name, o.takesValue());
        return all;
    }

private Q_SLOTS:
    void thereAreCommandsToWalk()
    {
        QVERIFY(m_catalog.commands().size() >= 30);
        for (const char *name : {"status", "tenant set", "missions approve", "agent request", "report exposure"})
            QVERIFY2(m_catalog.command(QLatin1String(name)), name);
    }

    // The parser splits a line before it knows the command, so an option
    // name must take a value in every command or in none.
    void anOptionTakesAValueEverywhereOrNowhere()
    {
        QMap<QString, bool> seen;
        for (const CtlOption &o : m_catalog.globalOptions())
            seen.insert(o.name, o.takesValue());
        for (const CtlCommand &c : m_catalog.commands())
            for (const CtlOption &o : c.options) {
                if (seen.contains(o.name))
                    QVERIFY2(seen.value(o.name) == o.takesValue(), qPrintable(c.name + QStringLiteral(" --") + o.name));
                seen.insert(o.name, o.takesValue());
            }
    }

    void everyDeclaredOptionIsAcceptedByItsCommand()
    {
        for (const CtlCommand &c : m_catalog.commands()) {
            QStringList line = c.words();
            QStringList arguments;
            for (int i = 0; i < c.maxArguments(); ++i)
                arguments << QStringLiteral("arg%1").arg(i);
            line << arguments;
            for (const CtlOption &o : c.options) {
                line << QStringLiteral("--") + o.name;
                if (o.takesValue())
                    line << valueFor(o);
                if (o.repeats)
                    line << QStringLiteral("--%1=%2").arg(o.name, valueFor(o, 1));
            }
            line << QStringLiteral("--json") << QStringLiteral("--data-dir=/nowhere");
            const CtlParse p = parse(line);
            QVERIFY2(p.kind == CtlParse::Run, qPrintable(line.join(QLatin1Char(' ')) + QStringLiteral(": ") + p.error));
            QCOMPARE(p.args.command, &c);
            QCOMPARE(p.args.arguments, arguments);
            QVERIFY(p.args.has(QStringLiteral("json")));
            QCOMPARE(p.args.option(QStringLiteral("data-dir")), QStringLiteral("/nowhere"));
            for (const CtlOption &o : c.options) {
                if (!o.takesValue()) {
                    QVERIFY2(p.args.has(o.name), qPrintable(c.name + QStringLiteral(" --") + o.name));
                    continue;
                }
                const QStringList expected =
                    o.repeats ? QStringList{valueFor(o), valueFor(o, 1)} : QStringList{valueFor(o)};
                QCOMPARE(p.args.optionList(o.name), expected);
            }

            // And with no more than it needs.
            const CtlParse bare = parse(minimalLine(c));
            QVERIFY2(bare.kind == CtlParse::Run, qPrintable(c.name + QStringLiteral(": ") + bare.error));
            QCOMPARE(bare.args.command, &c);
        }
    }

    void anUndeclaredOptionIsAUsageError()
    {
        QMap<QString, bool> options = everyOption();
        options.insert(QStringLiteral("no-such-option"), false);
        options.insert(QStringLiteral("key"), true); // secrets never come from arguments
        int refused = 0;
        for (const CtlCommand &c : m_catalog.commands()) {
            for (auto it = options.cbegin(); it != options.cend(); ++it) {
                if (c.option(it.key()) || isGlobal(it.key()))
                    continue;
                QStringList line = minimalLine(c) << QStringLiteral("--") + it.key();
                if (it.value())
                    line << QStringLiteral("v");
                const Run r = ctl(line);
                QVERIFY2(r.code == CtlContext::Usage, qPrintable(r.describe(line)));
                QVERIFY2(r.out.isEmpty(), qPrintable(r.describe(line)));
                QVERIFY2(r.err.startsWith(QStringLiteral("sanctumctl: ")) &&
                             r.err.contains(QStringLiteral("--") + it.key()),
                         qPrintable(r.describe(line)));
                ++refused;
            }
        }
        QVERIFY(refused > 100);
    }

    void missingAndSurplusPiecesAreUsageErrors()
    {
        const auto refused = [](const QStringList &line, const QString &mentions) {
            const Run r = ctl(line);
            if (r.code != CtlContext::Usage || !r.out.isEmpty() || !r.err.startsWith(QStringLiteral("sanctumctl: ")) ||
                !r.err.contains(mentions))
                qWarning().noquote() << r.describe(line);
            return r.code == CtlContext::Usage && r.out.isEmpty() && r.err.contains(mentions);
        };
        for (const CtlCommand &c : m_catalog.commands()) {
            for (const CtlOption &o : c.options) {
                if (o.takesValue())
                    QVERIFY(refused(minimalLine(c) << QStringLiteral("--") + o.name, QStringLiteral("needs a value")));
                if (o.takesValue() && !o.repeats)
                    QVERIFY(refused(minimalLine(c) << QStringLiteral("--") + o.name << QStringLiteral("a")
                                                   << QStringLiteral("--") + o.name << QStringLiteral("b"),
                                    QStringLiteral("only once")));
                if (!o.takesValue())
                    QVERIFY(refused(minimalLine(c) << QStringLiteral("--%1=yes").arg(o.name),
                                    QStringLiteral("takes no value")));
                if (o.required) {
                    QStringList line = minimalLine(c);
                    const qsizetype at = line.indexOf(QStringLiteral("--") + o.name);
                    line.remove(at, o.takesValue() ? 2 : 1);
                    QVERIFY(refused(line, QStringLiteral("needs --") + o.name));
                }
            }
            if (c.minArguments() > 0)
                QVERIFY(refused(minimalLine(c, c.minArguments() - 1), c.arguments.at(c.minArguments() - 1).name));
            QVERIFY(refused(minimalLine(c, c.maxArguments()) << QStringLiteral("surplus"),
                            QStringLiteral("unexpected argument 'surplus'")));
        }
        QVERIFY(refused({QStringLiteral("frobnicate")}, QStringLiteral("unknown command 'frobnicate'")));
        QVERIFY(refused({QStringLiteral("missions")}, QStringLiteral("missions needs a subcommand: list, show")));
        QVERIFY(refused({QStringLiteral("missions"), QStringLiteral("frob")},
                        QStringLiteral("unknown missions subcommand 'frob'")));
    }

    // Each command line `sanctumctl --help` shows, with every option on it,
    // is one the parser takes for that command.
    void everyOptionInTheHelpIsAccepted()
    {
        const Run help = ctl({QStringLiteral("--help")});
        QCOMPARE(help.code, 0);
        // Read the help as a person would: an entry starts two spaces in with
        // a command's first word; deeper lines go on with its command line
        // (up to where descriptions start); "  --option VALUE" lines under a
        // section are options every command of the section takes.
        QStringList entries;
        QList<QStringList> shared;
        qsizetype sectionStart = 0;
        bool inCommands = false;
        bool inOption = false;
        const auto endSection = [&](const QStringList &options) {
            for (qsizetype i = sectionStart; i < shared.size(); ++i)
                shared[i] << options;
            sectionStart = entries.size();
        };
        QStringList sectionOptions;
        static const QRegularExpression optionLine(QStringLiteral("^  (--\\S+(?: [^ ]+)?)"));
        for (const QString &line : help.out.split(QLatin1Char('\n'))) {
            if (!line.isEmpty() && !line.startsWith(QLatin1Char(' '))) {
                // A heading; the global options are checked below.
                endSection(sectionOptions);
                sectionOptions.clear();
                inCommands = line != QStringLiteral("Options:");
                continue;
            }
            const QString text = line.trimmed().section(QStringLiteral("  "), 0, 0);
            const qsizetype indent = line.size() - line.trimmed().size();
            if (!inCommands || text.isEmpty() || indent >= 38)
                continue;
            if (const QRegularExpressionMatch m = optionLine.match(line); m.hasMatch()) {
                sectionOptions << m.captured(1);
                inOption = true;
            } else if (indent == 2 && text.at(0).isLower()) {
                entries << text;
                shared << QStringList();
                inOption = false;
            } else if (indent > 2 && !inOption && !entries.isEmpty()) {
                entries.last() += QLatin1Char(' ') + text;
            }
        }
        endSection(sectionOptions);

        QStringList listed;
        static const QRegularExpression word(QStringLiteral("^[a-z][a-z-]*$"));
        for (qsizetype i = 0; i < entries.size(); ++i) {
            QStringList line;
            bool leading = true;
            const QString text = entries.at(i) + QLatin1Char(' ') + shared.at(i).join(QLatin1Char(' '));
            for (QString token : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
                leading = leading && word.match(token).hasMatch();
                if (!leading)
                    token.remove(QLatin1Char('[')).remove(QLatin1Char(']')).remove(QStringLiteral("..."));
                line << token;
            }
            const CtlParse p = parse(line);
            QVERIFY2(p.kind == CtlParse::Run, qPrintable(line.join(QLatin1Char(' ')) + QStringLiteral(": ") + p.error));
            listed << p.args.command->name;
            for (const QString &token : line)
                if (token.startsWith(QStringLiteral("--")))
                    QVERIFY2(p.args.has(token.mid(2)) || p.args.hasOption(token.mid(2)), qPrintable(entries.at(i)));
        }
        QVERIFY(!shared.isEmpty() && shared.last().contains(QStringLiteral("--broker URL")));
        // Every command shows, each once; the help command alone is not listed.
        QStringList declared;
        for (const CtlCommand &c : m_catalog.commands())
            if (!c.hidden)
                declared << c.name;
        QCOMPARE(listed, declared);

        // The global options, with any command.
        for (const CtlOption &o : m_catalog.globalOptions()) {
            QVERIFY2(help.out.contains(QStringLiteral("  ") + o.spelling()), qPrintable(o.name));
            for (const CtlCommand &c : m_catalog.commands()) {
                QStringList line = minimalLine(c) << QStringLiteral("--") + o.name;
                if (o.takesValue())
                    line << QStringLiteral("v");
                QVERIFY2(parse(line).error.isEmpty(), qPrintable(line.join(QLatin1Char(' '))));
            }
        }
    }

    void everyCommandHasItsOwnHelp()
    {
        for (const CtlCommand &c : m_catalog.commands()) {
            for (const QString &flag : {QStringLiteral("--help"), QStringLiteral("-h")}) {
                const QStringList line = c.words() << flag;
                const Run r = ctl(line);
                QVERIFY2(r.code == 0 && r.err.isEmpty(), qPrintable(r.describe(line)));
                QVERIFY2(r.out.startsWith(QStringLiteral("Usage: sanctumctl ") + c.argumentSynopsis()),
                         qPrintable(r.describe(line)));
                for (const CtlOption &o : c.options + m_catalog.globalOptions())
                    QVERIFY2(r.out.contains(QStringLiteral("  ") + o.spelling()), qPrintable(r.describe(line)));
            }
        }
        const Run group = ctl({QStringLiteral("missions"), QStringLiteral("--help")});
        QCOMPARE(group.code, 0);
        for (const char *sub : {"list", "show", "approve", "deny", "revoke", "waiting"})
            QVERIFY2(group.out.contains(QStringLiteral("  missions %1").arg(QLatin1String(sub))), sub);
    }

    // README.md's sanctumctl tables are what `sanctumctl help --markdown` prints.
    void theReadmeTablesAreTheDeclarations()
    {
        const QString section = readmeSection();
        QVERIFY2(!section.isEmpty(), SANCTUM_README);
        const QString begin = QStringLiteral("<!-- sanctumctl-commands: begin -->\n");
        const QString end = QStringLiteral("<!-- sanctumctl-commands: end -->");
        const qsizetype from = section.indexOf(begin);
        const qsizetype to = section.indexOf(end);
        QVERIFY2(from >= 0 && to > from, "README.md's sanctumctl section has no generated tables");
        const Run markdown = ctl({QStringLiteral("help"), QStringLiteral("--markdown")});
        QCOMPARE(markdown.code, 0);
        const QString documented = section.mid(from + begin.size(), to - from - begin.size());
        if (documented != markdown.out)
            qWarning().noquote() << "README.md's sanctumctl tables are out of date; replace them with the output of "
                                    "`sanctumctl help --markdown`:\n"
                                 << markdown.out;
        QCOMPARE(documented, markdown.out);
    }

    // Every sanctumctl line of the README's examples is one the parser takes.
    void theReadmeExamplesParse()
    {
        int examples = 0;
        for (const QString &line : readmeSection().split(QLatin1Char('\n'))) {
            if (!line.startsWith(QStringLiteral("sanctumctl ")))
                continue;
            const QStringList words = shellWords(line).mid(1);
            const CtlParse p = parse(words);
            QVERIFY2(p.kind == CtlParse::Run, qPrintable(line + QStringLiteral(": ") + p.error));
            ++examples;
        }
        QVERIFY(examples >= 20);
    }
};

QTEST_GUILESS_MAIN(TestCtlCommands)
#include "tst_ctlcommands.moc"
