#include "admin/authcommands.h"

#include "domain/actor.h"

#include "admin/adminreply.h"
#include "auth/authservice.h"
#include "services/session/tenantsession.h"
#include "store/tenantstore.h"

#include <QJsonArray>

#include <memory>

namespace sanctum {

using namespace AdminReply;

namespace {
// Replies once to whichever of several signals fires first, then lets go of them all.
class OneReply {
public:
    explicit OneReply(AdminCommands::Reply reply)
        : m_reply(std::move(reply))
    {
    }
    ~OneReply()
    {
        for (const auto &c : m_connections)
            QObject::disconnect(c);
    }
    void hold(QMetaObject::Connection c) { m_connections << c; }
    void send(const QJsonObject &r)
    {
        if (m_sent)
            return;
        m_sent = true;
        for (const auto &c : m_connections)
            QObject::disconnect(c);
        m_reply(r);
    }

private:
    AdminCommands::Reply m_reply;
    QList<QMetaObject::Connection> m_connections;
    bool m_sent = false;
};

QJsonObject deviceJson(const DeviceAuthorization &d)
{
    return {{QStringLiteral("user_code"), d.userCode},
            {QStringLiteral("verification_uri"), d.verificationUri.toString()},
            {QStringLiteral("verification_uri_complete"), d.verificationUriComplete.toString()},
            {QStringLiteral("expires_at"), d.expiresAt.toString(Qt::ISODate)},
            {QStringLiteral("interval"), d.intervalSecs}};
}

void waitForSignIn(TenantSession &session, const AdminCommands::Reply &reply)
{
    auto once = std::make_shared<OneReply>(reply);
    once->hold(
        QObject::connect(&session, &TenantSession::stateChanged, &session, [&session, once](TenantSession::State s) {
            if (s == TenantSession::State::SignedIn)
                once->send(ok(session.toJson()));
        }));
    once->hold(QObject::connect(
        &session, &TenantSession::signInFailed, &session, [once](const Error &e) { once->send(fail(e)); }));
}

QJsonObject connectionJson(const Connection &c, const Error &error)
{
    QJsonObject o = c.toJson();
    if (!error.code.isEmpty()) {
        o.insert(QStringLiteral("error"), error.code);
        o.insert(QStringLiteral("message"), error.message);
        if (error.code == QStringLiteral("not_logged_in"))
            o.insert(QStringLiteral("health"), QStringLiteral("signed_out"));
    }
    return o;
}
} // namespace

void AuthCommands::registerInto(AdminCommands &commands, TenantSession &session)
{
    TenantSession *s = &session;

    commands.addAsyncCommand(
        QStringLiteral("tenant.set"), [s](const QJsonObject &args, const AdminCommands::Reply &reply) {
            Expected<TenantConfig> config = TenantStore::fromJson(args);
            if (!config)
                return reply(fail(config.error()));
            config.value().clientSecret = args.value(QStringLiteral("client_secret")).toString().toUtf8();
            s->configure(*config, true, Actor::operatorCli(), [s, reply](Status st) {
                reply(st ? ok(s->toJson()) : fail(st.error()));
            });
        });
    commands.addCommand(QStringLiteral("tenant.show"), [s](const QJsonObject &) { return ok(s->toJson()); });

    commands.addAsyncCommand(
        QStringLiteral("login.browser"), [s](const QJsonObject &args, const AdminCommands::Reply &reply) {
            if (!s->tenant())
                return reply(fail(QStringLiteral("not_configured"),
                                  QStringLiteral("configure a tenant first (sanctumctl tenant set)")));
            waitForSignIn(*s, reply);
            s->loginWithBrowser(args.value(QStringLiteral("login_hint")).toString(), Actor::operatorCli());
        });
    commands.addAsyncCommand(
        QStringLiteral("login.device"), [s](const QJsonObject &, const AdminCommands::Reply &reply) {
            if (!s->tenant())
                return reply(fail(QStringLiteral("not_configured"),
                                  QStringLiteral("configure a tenant first (sanctumctl tenant set)")));
            auto once = std::make_shared<OneReply>(reply);
            once->hold(QObject::connect(s, &TenantSession::deviceCodeReady, s, [once](const DeviceAuthorization &d) {
                once->send(ok(deviceJson(d)));
            }));
            once->hold(
                QObject::connect(s, &TenantSession::signInFailed, s, [once](const Error &e) { once->send(fail(e)); }));
            s->loginWithDevice(Actor::operatorCli());
        });
    commands.addAsyncCommand(QStringLiteral("login.wait"), [s](const QJsonObject &, const AdminCommands::Reply &reply) {
        if (s->state() == TenantSession::State::SignedIn)
            return reply(ok(s->toJson()));
        if (s->state() != TenantSession::State::SigningIn)
            return reply(fail(QStringLiteral("not_signing_in"),
                              s->lastError().isEmpty() ? QStringLiteral("no sign-in is under way") : s->lastError()));
        waitForSignIn(*s, reply);
    });
    commands.addAsyncCommand(QStringLiteral("logout"), [s](const QJsonObject &, const AdminCommands::Reply &reply) {
        auto once = std::make_shared<OneReply>(reply);
        once->hold(QObject::connect(s, &TenantSession::signedOut, s, [once](bool revoked, const QString &message) {
            once->send(ok(QJsonObject{{QStringLiteral("revoked"), revoked}, {QStringLiteral("message"), message}}));
        }));
        s->logout(Actor::operatorCli());
    });
    commands.addCommand(QStringLiteral("whoami"), [s](const QJsonObject &) {
        if (s->state() != TenantSession::State::SignedIn)
            return fail(QStringLiteral("not_logged_in"), QStringLiteral("not signed in (sanctumctl login)"));
        return ok(s->toJson());
    });

    commands.addCommand(QStringLiteral("connections.list"), [s](const QJsonObject &) {
        QJsonArray list;
        for (const Connection &c : s->connections())
            list.append(c.toJson());
        return ok(QJsonObject{{QStringLiteral("connections"), list}});
    });
    commands.addAsyncCommand(
        QStringLiteral("connections.revocation"), [s](const QJsonObject &args, const AdminCommands::Reply &reply) {
            const QString connection = args.value(QStringLiteral("connection")).toString();
            if (connection.isEmpty())
                return reply(fail(QStringLiteral("invalid_argument"), QStringLiteral("'connection' is required")));
            const UpstreamRevocation where{QUrl(args.value(QStringLiteral("api")).toString(), QUrl::StrictMode),
                                           args.value(QStringLiteral("client_id")).toString(),
                                           args.value(QStringLiteral("client_secret")).toString().toUtf8()};
            s->setUpstreamRevocation(connection, where, Actor::operatorCli(), [reply, connection](Status st) {
                reply(st ? ok(QJsonObject{{QStringLiteral("connection"), connection}}) : fail(st.error()));
            });
        });
    commands.addAsyncCommand(
        QStringLiteral("connections.revoke"), [s](const QJsonObject &args, const AdminCommands::Reply &reply) {
            const QString connection = args.value(QStringLiteral("connection")).toString();
            if (connection.isEmpty())
                return reply(fail(QStringLiteral("invalid_argument"), QStringLiteral("'connection' is required")));
            s->revokeUpstreamToken(connection, Actor::operatorCli(), [reply, connection](Status st) {
                reply(
                    st ? ok(QJsonObject{{QStringLiteral("connection"), connection}, {QStringLiteral("revoked"), true}})
                       : fail(st.error()));
            });
        });
    commands.addAsyncCommand(
        QStringLiteral("connections.check"), [s](const QJsonObject &args, const AdminCommands::Reply &reply) {
            QStringList names;
            if (const QString one = args.value(QStringLiteral("connection")).toString(); !one.isEmpty())
                names << one;
            else if (s->tenant())
                names = s->tenant()->connections;
            if (names.isEmpty())
                return reply(fail(QStringLiteral("invalid_argument"), QStringLiteral("no connection to check")));
            auto results = std::make_shared<QJsonArray>();
            auto left = std::make_shared<int>(int(names.size()));
            for (const QString &name : names)
                s->checkConnection(name, [reply, results, left](const Connection &c, const Error &e) {
                    results->append(connectionJson(c, e));
                    if (--*left == 0)
                        reply(ok(QJsonObject{{QStringLiteral("connections"), *results}}));
                });
        });
}

} // namespace sanctum
