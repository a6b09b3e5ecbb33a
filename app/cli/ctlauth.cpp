#include "cli/ctlauth.h"

#include "cli/ctlargs.h"
#include "cli/ctlcontext.h"
#include "cli/texttable.h"

#include <QFile>
#include <QJsonArray>

namespace sanctum {

namespace {
// A browser or device sign-in may take the operator a few minutes.
constexpr int kLoginTimeoutMs = 15 * 60 * 1000;

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

QByteArray CtlAuth::secretFromStdin()
{
    QFile in;
    in.open(stdin, QIODevice::ReadOnly);
    return in.readLine(4096).trimmed();
}

QList<CtlCommand> CtlAuth::commands()
{
    return {
        {.name = QStringLiteral("tenant set"),
         .options = {{.name = QStringLiteral("issuer"),
                      .value = QStringLiteral("URL"),
                      .help = QStringLiteral("the tenant's address, e.g. https://YOUR_TENANT.auth0.com/"),
                      .required = true},
                     {.name = QStringLiteral("client-id"),
                      .value = QStringLiteral("ID"),
                      .help = QStringLiteral("Sanctum's application at the tenant"),
                      .required = true},
                     {.name = QStringLiteral("audience"),
                      .value = QStringLiteral("A"),
                      .help = QStringLiteral("the API the access token is for")},
                     {.name = QStringLiteral("connection"),
                      .value = QStringLiteral("NAME"),
                      .help = QStringLiteral("an upstream connection agents may use"),
                      .repeats = true},
                     {.name = QStringLiteral("api-base"),
                      .value = QStringLiteral("CONNECTION=URL"),
                      .help = QStringLiteral("where a connection's API is, e.g. a GitHub Enterprise Server"),
                      .repeats = true},
                     {.name = QStringLiteral("client-secret-stdin"),
                      .help = QStringLiteral("read the application's secret from standard input")}},
         .help = QStringLiteral("the Auth0 tenant; the secret is read from stdin and kept in the keychain"),
         .run = [this](const CtlArgs &a) { return tenantSet(a); }},
        {.name = QStringLiteral("tenant show"),
         .help = QStringLiteral("the tenant and the sign-in state"),
         .run = [this](const CtlArgs &) { return tenantShow(); }},
        {.name = QStringLiteral("login"),
         .options = {{.name = QStringLiteral("device"),
                      .help = QStringLiteral("with a code entered on any device, instead of a browser here")},
                     {.name = QStringLiteral("login-hint"),
                      .value = QStringLiteral("USER"),
                      .help = QStringLiteral("who signs in, filled in for the browser sign-in")}},
         .help = QStringLiteral("sign in, in the browser or with a device code"),
         .run = [this](const CtlArgs &a) { return login(a); }},
        {.name = QStringLiteral("logout"),
         .help = QStringLiteral("sign out and revoke the refresh token"),
         .run = [this](const CtlArgs &) { return logout(); }},
        {.name = QStringLiteral("whoami"),
         .help = QStringLiteral("who is signed in, to which tenant"),
         .run = [this](const CtlArgs &) { return whoami(); }},
    };
}

int CtlAuth::tenantSet(const CtlArgs &a)
{
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
            return m_ctl.usage(QStringLiteral("--api-base takes CONNECTION=URL"));
        apiBases.insert(pair.left(eq), pair.mid(eq + 1));
    }
    if (!apiBases.isEmpty())
        args.insert(QStringLiteral("api_bases"), apiBases);
    if (a.has(QStringLiteral("client-secret-stdin"))) {
        const QByteArray secret = secretFromStdin();
        if (secret.isEmpty())
            return m_ctl.usage(QStringLiteral("--client-secret-stdin: standard input held no secret"));
        args.insert(QStringLiteral("client_secret"), QString::fromUtf8(secret));
    }
    const auto r = m_ctl.call(QStringLiteral("tenant.set"), args);
    if (!r)
        return CtlContext::Failed;
    if (m_ctl.json())
        m_ctl.printJson(*r);
    else
        printSession(m_ctl.out(), *r);
    return CtlContext::Success;
}

int CtlAuth::tenantShow()
{
    const auto r = m_ctl.call(QStringLiteral("tenant.show"));
    if (!r)
        return CtlContext::Failed;
    if (m_ctl.json())
        m_ctl.printJson(*r);
    else
        printSession(m_ctl.out(), *r);
    return CtlContext::Success;
}

int CtlAuth::login(const CtlArgs &args)
{
    const bool device = args.has(QStringLiteral("device"));
    QTextStream &out = m_ctl.out();
    if (device) {
        const auto code = m_ctl.call(QStringLiteral("login.device"), {}, 60000);
        if (!code)
            return CtlContext::Failed;
        if (m_ctl.json()) {
            m_ctl.printJson(*code);
        } else {
            out << "To sign in, open " << TextTable::cell(code->value(QStringLiteral("verification_uri")))
                << "\nand enter the code  " << TextTable::cell(code->value(QStringLiteral("user_code"))) << '\n';
            if (const QString complete = code->value(QStringLiteral("verification_uri_complete")).toString();
                !complete.isEmpty())
                out << "(or open " << complete << ")\n";
            out << "Waiting for the code to be approved…\n";
        }
        out.flush();
    }
    const auto done = device ? m_ctl.call(QStringLiteral("login.wait"), {}, kLoginTimeoutMs)
                             : m_ctl.call(QStringLiteral("login.browser"),
                                          {{QStringLiteral("login_hint"), args.option(QStringLiteral("login-hint"))}},
                                          kLoginTimeoutMs);
    if (!done)
        return CtlContext::Failed;
    if (m_ctl.json()) {
        m_ctl.printJson(*done);
    } else {
        const QJsonObject id = done->value(QStringLiteral("identity")).toObject();
        out << "Signed in as " << TextTable::cell(id.value(QStringLiteral("name"))) << " ("
            << TextTable::cell(id.value(QStringLiteral("sub"))) << ").\n";
    }
    return CtlContext::Success;
}

int CtlAuth::logout()
{
    const auto r = m_ctl.call(QStringLiteral("logout"), {}, 120000);
    if (!r)
        return CtlContext::Failed;
    if (m_ctl.json())
        m_ctl.printJson(*r);
    else
        m_ctl.out() << TextTable::cell(r->value(QStringLiteral("message"))) << '\n';
    // Signed out either way; but an unconfirmed revocation is a failure to report.
    return r->value(QStringLiteral("revoked")).toBool() ? CtlContext::Success : CtlContext::Failed;
}

int CtlAuth::whoami()
{
    const auto r = m_ctl.call(QStringLiteral("whoami"));
    if (!r)
        return CtlContext::Failed;
    if (m_ctl.json())
        m_ctl.printJson(*r);
    else
        printSession(m_ctl.out(), *r);
    return CtlContext::Success;
}

} // namespace sanctum
