#include "cli/ctlauth.h"

#include "cli/ctlapp.h"
#include "cli/texttable.h"

#include <QFile>
#include <QJsonArray>

namespace sanctum {

namespace {
// A browser or device sign-in may take the operator a few minutes.
constexpr int kLoginTimeoutMs = 15 * 60 * 1000;

// A secret given with --client-secret-stdin: one line of standard input,
// never the command line (which every user sees in `ps`).
QByteArray secretFromStdin()
{
    QFile in;
    in.open(stdin, QIODevice::ReadOnly);
    return in.readLine(4096).trimmed();
}

void printSession(QTextStream &out, const QJsonObject &s)
{
    const QJsonObject tenant = s.value(QStringLiteral("tenant")).toObject();
    const QJsonObject id = s.value(QStringLiteral("identity")).toObject();
    TextTable t({QStringLiteral("tenant"), TextTable::cell(tenant.value(QStringLiteral("issuer")))});
    t.addRow({QStringLiteral("client"), TextTable::cell(tenant.value(QStringLiteral("client_id")))});
    t.addRow({QStringLiteral("audience"), TextTable::cell(tenant.value(QStringLiteral("audience")))});
    t.addRow({QStringLiteral("connections"), TextTable::cell(tenant.value(QStringLiteral("connections")))});
    t.addRow({QStringLiteral("signed in"), TextTable::cell(s.value(QStringLiteral("logged_in")))});
    if (!id.isEmpty()) {
        t.addRow({QStringLiteral("subject"), TextTable::cell(id.value(QStringLiteral("sub")))});
        t.addRow({QStringLiteral("name"), TextTable::cell(id.value(QStringLiteral("name")))});
        t.addRow(
            {QStringLiteral("access token expires"), TextTable::cell(id.value(QStringLiteral("token_expires_at")))});
    }
    t.addRow({QStringLiteral("secrets kept in"), TextTable::cell(s.value(QStringLiteral("keychain")))});
    if (s.contains(QStringLiteral("last_error")))
        t.addRow({QStringLiteral("last error"), TextTable::cell(s.value(QStringLiteral("last_error")))});
    t.print(out);
}
} // namespace

int CtlAuth::tenant()
{
    const QString sub = m_app.m_args.word(1);
    const bool json = m_app.m_args.has(QStringLiteral("json"));
    if (m_app.m_args.words.size() != 2)
        return m_app.usage(QStringLiteral("tenant needs a subcommand: set or show"));
    std::optional<QJsonObject> r;
    if (sub == QStringLiteral("show")) {
        r = m_app.call(QStringLiteral("tenant.show"));
    } else if (sub == QStringLiteral("set")) {
        const CtlArgs &a = m_app.m_args;
        if (!a.hasOption(QStringLiteral("issuer")) || !a.hasOption(QStringLiteral("client-id")))
            return m_app.usage(QStringLiteral("tenant set needs --issuer URL and --client-id ID"));
        QJsonObject args{
            {QStringLiteral("issuer"), a.option(QStringLiteral("issuer"))},
            {QStringLiteral("client_id"), a.option(QStringLiteral("client-id"))},
            {QStringLiteral("audience"), a.option(QStringLiteral("audience"))},
            {QStringLiteral("connections"), QJsonArray::fromStringList(a.optionList(QStringLiteral("connection")))}};
        // --api-base github=https://github.example.com/api/v3: a connection's API elsewhere.
        QJsonObject apiBases;
        for (const QString &pair : a.optionList(QStringLiteral("api-base"))) {
            const qsizetype eq = pair.indexOf(QLatin1Char('='));
            if (eq <= 0)
                return m_app.usage(QStringLiteral("--api-base takes CONNECTION=URL"));
            apiBases.insert(pair.left(eq), pair.mid(eq + 1));
        }
        if (!apiBases.isEmpty())
            args.insert(QStringLiteral("api_bases"), apiBases);
        if (a.has(QStringLiteral("client-secret-stdin"))) {
            const QByteArray secret = secretFromStdin();
            if (secret.isEmpty())
                return m_app.usage(QStringLiteral("--client-secret-stdin: standard input held no secret"));
            args.insert(QStringLiteral("client_secret"), QString::fromUtf8(secret));
        }
        r = m_app.call(QStringLiteral("tenant.set"), args);
    } else {
        return m_app.usage(QStringLiteral("unknown tenant subcommand '%1'").arg(sub));
    }
    if (!r)
        return CtlApp::Failed;
    if (json)
        m_app.printJson(*r);
    else
        printSession(m_app.m_out, *r);
    return CtlApp::Success;
}

int CtlAuth::login()
{
    if (m_app.m_args.words.size() != 1)
        return m_app.usage(QStringLiteral("login takes options, not words"));
    const bool json = m_app.m_args.has(QStringLiteral("json"));
    if (m_app.m_args.has(QStringLiteral("device"))) {
        const auto code = m_app.call(QStringLiteral("login.device"), {}, 60000);
        if (!code)
            return CtlApp::Failed;
        if (json) {
            m_app.printJson(*code);
        } else {
            m_app.m_out << "To sign in, open " << TextTable::cell(code->value(QStringLiteral("verification_uri")))
                        << "\nand enter the code  " << TextTable::cell(code->value(QStringLiteral("user_code")))
                        << '\n';
            if (const QString complete = code->value(QStringLiteral("verification_uri_complete")).toString();
                !complete.isEmpty())
                m_app.m_out << "(or open " << complete << ")\n";
            m_app.m_out << "Waiting for the code to be approved…\n";
        }
        m_app.m_out.flush();
    }
    const auto done =
        m_app.m_args.has(QStringLiteral("device"))
            ? m_app.call(QStringLiteral("login.wait"), {}, kLoginTimeoutMs)
            : m_app.call(QStringLiteral("login.browser"),
                         {{QStringLiteral("login_hint"), m_app.m_args.option(QStringLiteral("login-hint"))}},
                         kLoginTimeoutMs);
    if (!done)
        return CtlApp::Failed;
    if (json) {
        m_app.printJson(*done);
    } else {
        const QJsonObject id = done->value(QStringLiteral("identity")).toObject();
        m_app.m_out << "Signed in as " << TextTable::cell(id.value(QStringLiteral("name"))) << " ("
                    << TextTable::cell(id.value(QStringLiteral("sub"))) << ").\n";
    }
    return CtlApp::Success;
}

int CtlAuth::logout()
{
    if (m_app.m_args.words.size() != 1)
        return m_app.usage(QStringLiteral("logout takes no arguments"));
    const auto r = m_app.call(QStringLiteral("logout"), {}, 120000);
    if (!r)
        return CtlApp::Failed;
    if (m_app.m_args.has(QStringLiteral("json")))
        m_app.printJson(*r);
    else
        m_app.m_out << TextTable::cell(r->value(QStringLiteral("message"))) << '\n';
    // Signed out either way; but an unconfirmed revocation is a failure to report.
    return r->value(QStringLiteral("revoked")).toBool() ? CtlApp::Success : CtlApp::Failed;
}

int CtlAuth::whoami()
{
    if (m_app.m_args.words.size() != 1)
        return m_app.usage(QStringLiteral("whoami takes no arguments"));
    const auto r = m_app.call(QStringLiteral("whoami"));
    if (!r)
        return CtlApp::Failed;
    if (m_app.m_args.has(QStringLiteral("json")))
        m_app.printJson(*r);
    else
        printSession(m_app.m_out, *r);
    return CtlApp::Success;
}

int CtlAuth::connections()
{
    const QString sub = m_app.m_args.word(1);
    if (sub == QStringLiteral("revocation") || sub == QStringLiteral("revoke"))
        return revocation(sub == QStringLiteral("revoke"));
    const bool check = sub == QStringLiteral("check");
    if (sub != QStringLiteral("list") && !check)
        return m_app.usage(QStringLiteral("connections needs a subcommand: list or check [NAME]"));
    if (m_app.m_args.words.size() > (check ? 3 : 2))
        return m_app.usage(QStringLiteral("too many words for connections %1").arg(sub));
    const auto r = check ? m_app.call(QStringLiteral("connections.check"),
                                      {{QStringLiteral("connection"), m_app.m_args.word(2)}},
                                      120000)
                         : m_app.call(QStringLiteral("connections.list"));
    if (!r)
        return CtlApp::Failed;
    const QJsonArray list = r->value(QStringLiteral("connections")).toArray();
    if (m_app.m_args.has(QStringLiteral("json"))) {
        m_app.printJson(list);
    } else {
        TextTable t({QStringLiteral("CONNECTION"),
                     QStringLiteral("HEALTH"),
                     QStringLiteral("CHECKED"),
                     QStringLiteral("SCOPES")});
        for (const QJsonValue &v : list) {
            const QJsonObject c = v.toObject();
            t.addRow({TextTable::cell(c.value(QStringLiteral("name"))),
                      TextTable::cell(c.value(QStringLiteral("health"))),
                      TextTable::cell(c.value(QStringLiteral("checked_at"))),
                      c.contains(QStringLiteral("message")) ? TextTable::cell(c.value(QStringLiteral("message")))
                                                            : TextTable::cell(c.value(QStringLiteral("scopes")))});
        }
        t.print(m_app.m_out);
    }
    if (!check)
        return CtlApp::Success;
    const bool allHealthy = std::all_of(list.begin(), list.end(), [](const QJsonValue &v) {
        return v.toObject().value(QStringLiteral("health")).toString() == QStringLiteral("connected");
    });
    return allHealthy ? CtlApp::Success : CtlApp::Failed;
}

int CtlAuth::revocation(bool revokeNow)
{
    const CtlArgs &a = m_app.m_args;
    if (a.words.size() != 3)
        return m_app.usage(QStringLiteral("connections %1 takes one connection NAME")
                               .arg(revokeNow ? QStringLiteral("revoke") : QStringLiteral("revocation")));
    QJsonObject args{{QStringLiteral("connection"), a.word(2)}};
    if (!revokeNow) {
        if (!a.hasOption(QStringLiteral("api")) || !a.hasOption(QStringLiteral("client-id")) ||
            !a.has(QStringLiteral("client-secret-stdin")))
            return m_app.usage(QStringLiteral("connections revocation NAME needs --api URL, --client-id ID and "
                                              "--client-secret-stdin (the upstream OAuth app's)"));
        const QByteArray secret = secretFromStdin();
        if (secret.isEmpty())
            return m_app.usage(QStringLiteral("--client-secret-stdin: standard input held no secret"));
        args.insert(QStringLiteral("api"), a.option(QStringLiteral("api")));
        args.insert(QStringLiteral("client_id"), a.option(QStringLiteral("client-id")));
        args.insert(QStringLiteral("client_secret"), QString::fromUtf8(secret));
    }
    const auto r = m_app.call(
        revokeNow ? QStringLiteral("connections.revoke") : QStringLiteral("connections.revocation"), args, 120000);
    if (!r)
        return CtlApp::Failed;
    if (a.has(QStringLiteral("json")))
        m_app.printJson(*r);
    else if (revokeNow)
        m_app.m_out << "The current upstream token of " << a.word(2) << " is revoked at the upstream.\n";
    else
        m_app.m_out << "Upstream tokens of " << a.word(2) << " can now be revoked at the upstream.\n";
    return CtlApp::Success;
}

} // namespace sanctum
