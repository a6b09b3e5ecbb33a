#include "domain/logscrubber.h"

#include <QRegularExpression>

#include <cstdio>
#include <vector>

namespace sanctum {

namespace {
QtMessageHandler g_previous = nullptr;

struct Rule {
    QRegularExpression pattern;
    QString replacement;
};

const std::vector<Rule> &rules()
{
    static const std::vector<Rule> r = {
        // Our own credentials: agent keys, mission tokens.
        {QRegularExpression(QStringLiteral("\\b(s[am]_)[A-Za-z0-9_-]{8,}")), QStringLiteral("\\1***")},
        // JWTs (header.payload.signature, base64url).
        {QRegularExpression(QStringLiteral("\\beyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*")),
         QStringLiteral("<jwt>")},
        // HTTP authorization headers of any scheme.
        {QRegularExpression(QStringLiteral("\\b(Bearer|Basic|DPoP)\\s+[A-Za-z0-9._~+/=-]+"),
                            QRegularExpression::CaseInsensitiveOption),
         QStringLiteral("\\1 ***")},
        // GitHub-style upstream tokens.
        {QRegularExpression(QStringLiteral("\\b(gh[pousr]_)[A-Za-z0-9]{8,}")), QStringLiteral("\\1***")},
        // form or query parameters carrying secrets
        {QRegularExpression(
             QStringLiteral("\\b(code|code_verifier|client_secret|refresh_token|access_token|id_token|subject_token|"
                            "device_code|password|token)=[^&\\s\"]+"),
             QRegularExpression::CaseInsensitiveOption),
         QStringLiteral("\\1=***")},
        // JSON members carrying secrets
        {QRegularExpression(
             QStringLiteral("\"(code|code_verifier|client_secret|refresh_token|access_token|id_token|subject_token|"
                            "device_code|password|token|key|mission_token)\"\\s*:\\s*\"[^\"]*\""),
             QRegularExpression::CaseInsensitiveOption),
         QStringLiteral("\"\\1\":\"***\"")},
    };
    return r;
}
} // namespace

QString LogScrubber::scrub(const QString &message)
{
    QString out = message;
    for (const Rule &rule : rules())
        out.replace(rule.pattern, rule.replacement);
    return out;
}

void LogScrubber::install()
{
    QtMessageHandler previous = qInstallMessageHandler(&LogScrubber::handler);
    if (previous != &LogScrubber::handler)
        g_previous = previous;
}

void LogScrubber::handler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const QString clean = scrub(message);
    if (g_previous) {
        g_previous(type, context, clean);
        return;
    }
    // Qt hands back its default handler when none was installed; this is only
    // a safety net, and must not call qt_message_output(), which would land here again.
    std::fprintf(stderr, "%s\n", qPrintable(qFormatLogMessage(type, context, clean)));
}

} // namespace sanctum
