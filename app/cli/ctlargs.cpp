#include "cli/ctlargs.h"

namespace sanctum {

namespace {
const QSet<QString> &valueOptions()
{
    static const QSet<QString> s = {
        QStringLiteral("data-dir"),        QStringLiteral("reason"),
        QStringLiteral("after"),           QStringLiteral("limit"),
        QStringLiteral("action"),          QStringLiteral("subject"),
        QStringLiteral("format"),          QStringLiteral("output"),
        QStringLiteral("connection"),      QStringLiteral("max-ttl"),
        QStringLiteral("request-expiry"),  QStringLiteral("auto-approve"),
        QStringLiteral("require-purpose"), QStringLiteral("issuer"),
        QStringLiteral("client-id"),       QStringLiteral("audience"),
        QStringLiteral("login-hint"),      QStringLiteral("api"),
        QStringLiteral("status"),          QStringLiteral("agent"),
        QStringLiteral("scope"),           QStringLiteral("ttl"),
        QStringLiteral("purpose"),         QStringLiteral("wait"),
        QStringLiteral("broker"),          QStringLiteral("data"),
        QStringLiteral("profile"),         QStringLiteral("rounds"),
        QStringLiteral("interval"),        QStringLiteral("scopes"),
        QStringLiteral("interval"),        QStringLiteral("days"),
        QStringLiteral("replay"),
    };
    return s;
}

const QSet<QString> &flagOptions()
{
    static const QSet<QString> s = {QStringLiteral("json"),
                                    QStringLiteral("help"),
                                    QStringLiteral("version"),
                                    QStringLiteral("all"),
                                    QStringLiteral("device"),
                                    QStringLiteral("client-secret-stdin"),
                                    QStringLiteral("approve")};
    return s;
}
} // namespace

CtlArgs CtlArgs::parse(const QStringList &arguments)
{
    CtlArgs a;
    bool onlyWords = false;
    for (int i = 0; i < arguments.size(); ++i) {
        const QString &arg = arguments.at(i);
        if (onlyWords || !arg.startsWith(QLatin1Char('-')) || arg == QStringLiteral("-")) {
            a.words << arg;
            continue;
        }
        if (arg == QStringLiteral("--")) {
            onlyWords = true;
            continue;
        }
        if (arg == QStringLiteral("-h")) {
            a.flags << QStringLiteral("help");
            continue;
        }
        if (!arg.startsWith(QStringLiteral("--"))) {
            a.error = QStringLiteral("unknown option '%1'").arg(arg);
            return a;
        }
        QString name = arg.mid(2);
        QString value;
        bool inlineValue = false;
        if (const qsizetype eq = name.indexOf(QLatin1Char('=')); eq >= 0) {
            value = name.mid(eq + 1);
            name = name.left(eq);
            inlineValue = true;
        }
        if (flagOptions().contains(name) && !inlineValue) {
            a.flags << name;
        } else if (valueOptions().contains(name)) {
            if (!inlineValue) {
                if (i + 1 >= arguments.size()) {
                    a.error = QStringLiteral("option --%1 needs a value").arg(name);
                    return a;
                }
                value = arguments.at(++i);
            }
            a.options.insert(name, value);
            a.optionLists[name].append(value);
        } else {
            a.error = QStringLiteral("unknown option '--%1'").arg(name);
            return a;
        }
    }
    return a;
}

} // namespace sanctum
