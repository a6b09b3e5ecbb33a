#include "services/session/tenantsession.h"

#include "domain/actor.h"
#include "domain/endpointpolicy.h"

#include "auth/authservice.h"
#include "domain/clock.h"
#include "domain/logging.h"
#include "domain/securerandom.h"
#include "store/auditlog.h"
#include "upstream/httpclient.h"

#include <QJsonArray>
#include <QTimer>

namespace sanctum {

QString TenantSession::stateName(State s)
{
    switch (s) {
    case TenantSession::State::NoTenant:
        return QStringLiteral("no_tenant");
    case TenantSession::State::SignedOut:
        return QStringLiteral("signed_out");
    case TenantSession::State::SigningIn:
        return QStringLiteral("signing_in");
    case TenantSession::State::SignedIn:
        return QStringLiteral("signed_in");
    }
    return {};
}

TenantSession::TenantSession(Database &db, AuditLog &audit, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_audit(audit)
    , m_clock(clock)
    , m_store(db)
    , m_connections(db)
    , m_secrets(new SecretStore(QStringLiteral("sanctum"), this))
    , m_auth(new AuthService(clock, this))
{
    connect(m_auth, &AuthService::loggedIn, this, &TenantSession::onLoggedIn);
    connect(m_auth, &AuthService::loginFailed, this, &TenantSession::onLoginFailed);
    connect(m_auth, &AuthService::loggedOut, this, &TenantSession::onLoggedOut);
    connect(m_auth, &AuthService::deviceCodeReady, this, &TenantSession::deviceCodeReady);
    // A tenant that rotates refresh tokens: the keychain keeps the newest.
    connect(m_auth, &AuthService::refreshTokenChanged, this, [this](const QByteArray &token) {
        if (m_persisted && m_config)
            m_secrets->write(secretKey("refresh_token"), token, [](Status s) {
                if (!s)
                    qCWarning(lcAuth).noquote() << "the new refresh token could not be kept:" << s.error().message;
            });
    });
    connect(m_secrets, &SecretStore::fellBackToMemory, this, [](const QString &reason) {
        qCWarning(lcAuth).noquote()
            << QStringLiteral("no keychain (%1): the sign-in lasts only until Sanctum stops").arg(reason);
    });
}

TenantSession::~TenantSession() = default;

QString TenantSession::secretKey(const char *what) const
{
    return m_config->issuer.toString() + QLatin1Char(' ') + m_config->clientId + QLatin1Char(' ') + QLatin1String(what);
}

std::optional<TenantConfig> TenantSession::tenant() const
{
    return m_config;
}

void TenantSession::setState(State s)
{
    if (m_state == s)
        return;
    m_state = s;
    Q_EMIT stateChanged(s);
}

Status TenantSession::load()
{
    const Expected<std::optional<TenantConfig>> stored = m_store.load();
    if (!stored)
        return stored.error();
    if (!stored->has_value())
        return Done{};
    m_config = stored->value();
    m_persisted = true;
    m_revocationPending = m_store.revocationPending();
    m_revocations = m_store.loadRevocations();
    setState(State::SignedOut);
    // The secrets come from the keychain asynchronously; until they are in,
    // the worker has a configuration without them.
    m_secrets->read(secretKey("client_secret"), [this](SecretStore::ReadResult secret) {
        TenantConfig withSecret = *m_config;
        if (secret && secret->has_value())
            withSecret.clientSecret = secret->value();
        m_auth->configure(withSecret);
        secureZero(withSecret.clientSecret);
        m_secrets->read(secretKey("refresh_token"), [this](SecretStore::ReadResult token) {
            if (!token || !token->has_value())
                return;
            m_auth->restoreSession(token->value());
            if (m_revocationPending) {
                // Signed out before, but the tenant never confirmed: try again.
                m_auth->logout();
                return;
            }
            setState(State::SignedIn);
        });
    });
    return Done{};
}

void TenantSession::configure(const TenantConfig &config, bool persist, const QString &actor,
                              std::function<void(Status)> done)
{
    TenantConfig stored = config;
    stored.clientSecret.clear();
    if (persist) {
        const Expected<AuditEvent> logged = m_audit.append({actor,
                                                            QStringLiteral("tenant.configured"),
                                                            QStringLiteral("tenant"),
                                                            config.issuer.toString(),
                                                            TenantStore::toJson(stored)},
                                                           [&] { return m_store.save(stored); });
        if (!logged)
            return done(logged.error());
    }
    m_config = stored;
    m_persisted = persist;
    m_identity = {};
    setState(State::SignedOut);
    m_auth->configure(config);
    if (!persist || config.clientSecret.isEmpty())
        return done(Done{});
    m_secrets->write(secretKey("client_secret"), config.clientSecret, std::move(done));
}

void TenantSession::setUpstreamRevocation(const QString &connection, const UpstreamRevocation &where,
                                          const QString &actor, std::function<void(Status)> done)
{
    if (!m_config)
        return done(Error{QStringLiteral("not_configured"), QStringLiteral("configure a tenant first")});
    if (!isAllowedEndpoint(where.apiBase) || where.clientId.isEmpty())
        return done(Error{QStringLiteral("invalid_argument"),
                          QStringLiteral("the upstream API must be an https URL and the app's client id is needed")});
    UpstreamRevocation stored = where;
    stored.clientSecret.clear();
    m_revocations.insert(connection, stored);
    audit(actor,
          QStringLiteral("connection.revocation_configured"),
          {{QStringLiteral("connection"), connection},
           {QStringLiteral("api"), where.apiBase.toString()},
           {QStringLiteral("client_id"), where.clientId}});
    if (!m_persisted) {
        // For this run only (the sandbox): the secret stays with the config in memory.
        m_revocations[connection].clientSecret = where.clientSecret;
        return done(Done{});
    }
    m_store.saveRevocations(m_revocations);
    m_secrets->write(secretKey("upstream ") + connection, where.clientSecret, std::move(done));
}

void TenantSession::revokeUpstreamToken(const QString &connection, const QString &actor,
                                        std::function<void(Status)> done)
{
    const auto it = m_revocations.constFind(connection);
    if (it == m_revocations.constEnd())
        return done(Error{QStringLiteral("unsupported"),
                          QStringLiteral("no revocation is configured for '%1' (sanctumctl connections revocation)")
                              .arg(connection)});
    auto run = [this, connection, actor, done](const UpstreamRevocation &where) {
        m_auth->revokeUpstreamToken(connection, where, this, [this, connection, actor, done](Status s) {
            audit(actor,
                  QStringLiteral("connection.upstream_token_revoked"),
                  {{QStringLiteral("connection"), connection}, {QStringLiteral("confirmed"), s.ok()}});
            done(s);
        });
    };
    if (!m_persisted)
        return run(*it);
    UpstreamRevocation where = *it;
    m_secrets->read(secretKey("upstream ") + connection, [run, where](SecretStore::ReadResult secret) mutable {
        if (secret && secret->has_value())
            where.clientSecret = secret->value();
        run(where);
        secureZero(where.clientSecret);
    });
}

void TenantSession::checkConnection(const QString &name, std::function<void(Connection, Error)> done)
{
    m_auth->upstreamToken(name, this, [this, name, done](Expected<UpstreamToken> t) {
        Connection c;
        c.name = name;
        c.upstream = name;
        c.checkedAt = m_clock.now();
        Error error;
        if (t) {
            c.health = Connection::Health::Connected;
            c.heldScopes = t->scopes;
        } else {
            error = t.error();
            // Not signed in says nothing about the connection itself.
            if (error.code == QStringLiteral("not_logged_in") || error.code == QStringLiteral("not_configured"))
                return done(c, error);
            c.health = error.code == QStringLiteral("invalid_grant") ? Connection::Health::Revoked
                                                                     : Connection::Health::Failing;
        }
        if (Status s = m_connections.save(c); !s)
            qCWarning(lcAuth).noquote() << s.error().message;
        Q_EMIT connectionChecked(c);
        done(c, error);
    });
}

QList<Connection> TenantSession::connections() const
{
    QList<Connection> out;
    if (!m_config)
        return out;
    const Expected<QList<Connection>> recorded = m_connections.list();
    for (const QString &name : m_config->connections) {
        Connection c;
        c.name = name;
        c.upstream = name;
        if (recorded)
            for (const Connection &r : *recorded)
                if (r.name == name)
                    c = r;
        out.append(c);
    }
    return out;
}

void TenantSession::loginWithBrowser(const QString &loginHint, const QString &actor)
{
    m_actor = actor;
    setState(State::SigningIn);
    m_auth->loginWithBrowser(loginHint);
}

void TenantSession::loginWithDevice(const QString &actor)
{
    m_actor = actor;
    setState(State::SigningIn);
    m_auth->loginWithDevice();
}

void TenantSession::logout(const QString &actor)
{
    m_actor = actor;
    m_auth->logout();
}

void TenantSession::onLoggedIn(const QJsonObject &identity, const QByteArray &refreshToken)
{
    m_identity = identity;
    m_lastError.clear();
    audit(m_actor,
          QStringLiteral("operator.signed_in"),
          {{QStringLiteral("sub"), identity.value(QStringLiteral("sub"))},
           {QStringLiteral("name"), identity.value(QStringLiteral("name"))}});
    if (m_persisted)
        m_secrets->write(secretKey("refresh_token"), refreshToken, [](Status s) {
            if (!s)
                qCWarning(lcAuth).noquote() << "the refresh token could not be kept:" << s.error().message;
        });
    setState(State::SignedIn);
}

void TenantSession::onLoginFailed(const Error &error)
{
    m_lastError = error.message;
    setState(m_state == State::SigningIn ? State::SignedOut : m_state);
    Q_EMIT signInFailed(error);
}

void TenantSession::onLoggedOut(bool revoked, const QString &message)
{
    if (m_revocationPending && revoked) {
        // A sign-out from earlier is finally confirmed by the tenant.
        m_revocationPending = false;
        m_retryDelayMs = kFirstRetryMs;
        m_store.setRevocationPending(false);
        audit(m_actor, QStringLiteral("operator.revocation_confirmed"), {});
        if (m_config && m_persisted)
            m_secrets->remove(secretKey("refresh_token"), [](Status) {});
        return;
    }
    if (!m_revocationPending)
        audit(m_actor,
              QStringLiteral("operator.signed_out"),
              {{QStringLiteral("sub"), m_identity.value(QStringLiteral("sub"))}, {QStringLiteral("revoked"), revoked}});
    m_identity = {};
    if (revoked) {
        if (m_config && m_persisted)
            m_secrets->remove(secretKey("refresh_token"), [](Status) {});
    } else {
        // The refresh token is still valid at the tenant: keep it (in the
        // keychain, unused) and try again, more patiently each time, across
        // restarts too, until the tenant confirms.
        m_revocationPending = true;
        m_store.setRevocationPending(true);
        qCWarning(lcAuth).noquote() << message << "- retrying in" << m_retryDelayMs / 1000 << "s";
        QTimer::singleShot(m_retryDelayMs, this, [this] {
            if (m_revocationPending)
                m_auth->logout();
        });
        m_retryDelayMs = qMin(m_retryDelayMs * 2, kMaxRetryMs);
    }
    setState(m_config ? State::SignedOut : State::NoTenant);
    Q_EMIT signedOut(revoked, message);
}

void TenantSession::audit(const QString &actor, const QString &action, const QJsonObject &details)
{
    const Expected<AuditEvent> e = m_audit.append(
        {actor, action, QStringLiteral("tenant"), m_config ? m_config->issuer.toString() : QString(), details});
    if (!e)
        qCWarning(lcAuth).noquote() << "could not audit" << action << ':' << e.error().message;
}

QJsonObject TenantSession::toJson() const
{
    QJsonObject o{{QStringLiteral("state"), stateName(m_state)},
                  {QStringLiteral("logged_in"), m_state == State::SignedIn},
                  {QStringLiteral("keychain"),
                   m_secrets->backend() == SecretStore::Backend::Keychain ? QStringLiteral("keychain")
                                                                          : QStringLiteral("memory only")}};
    if (m_config) {
        o.insert(QStringLiteral("tenant"), TenantStore::toJson(*m_config));
        o.insert(QStringLiteral("persisted"), m_persisted);
    }
    if (!m_identity.isEmpty())
        o.insert(QStringLiteral("identity"), m_identity);
    if (!m_lastError.isEmpty())
        o.insert(QStringLiteral("last_error"), m_lastError);
    if (m_revocationPending)
        o.insert(QStringLiteral("revocation_pending"), true);
    return o;
}

} // namespace sanctum
