#include "ui/sessioncontroller.h"

#include "domain/actor.h"

#include "auth/oidcclient.h"
#include "auth/secretstore.h"
#include "domain/connection.h"
#include "domain/tokenset.h"
#include "services/session/tenantsession.h"
#include "ui/uilogging.h"

namespace sanctum {

SessionController::SessionController(TenantSession &session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{
    connect(&m_session, &TenantSession::stateChanged, this, [this](TenantSession::State s) {
        if (s != TenantSession::State::SigningIn)
            clearDeviceCode();
        if (s == TenantSession::State::SignedIn) {
            setError({});
            m_lastEmail = operatorEmail();
        }
        Q_EMIT changed();
        Q_EMIT connectionsChanged(); // a new tenant brings its connections
        Q_EMIT keychainChanged();    // and its own way of keeping secrets
    });
    if (m_session.state() == TenantSession::State::SignedIn)
        m_lastEmail = operatorEmail();
    connect(&m_session, &TenantSession::deviceCodeReady, this, &SessionController::onDeviceCode);
    connect(&m_session, &TenantSession::signInFailed, this, &SessionController::onSignInFailed);
    connect(&m_session, &TenantSession::signedOut, this, [this](bool revoked, const QString &message) {
        // Signed out here either way; say so when the tenant has not yet
        // confirmed that the refresh token is dead (it is retried).
        setError(
            revoked
                ? QString()
                : tr("Signed out here, but the tenant has not confirmed yet: %1. Sanctum keeps trying.").arg(message));
    });
    connect(&m_session, &TenantSession::connectionChecked, this, &SessionController::connectionsChanged);
    connect(&m_session.secrets(), &SecretStore::fellBackToMemory, this, [this](const QString &reason) {
        m_keychainNote = reason;
        Q_EMIT keychainChanged();
    });
}

QString SessionController::state() const
{
    return TenantSession::stateName(m_session.state());
}

bool SessionController::isBusy() const
{
    return m_session.state() == TenantSession::State::SigningIn || m_checking > 0;
}

QString SessionController::operatorName() const
{
    const QJsonObject identity = m_session.identity();
    const QString name = identity.value(QStringLiteral("name")).toString();
    return name.isEmpty() ? operatorEmail() : name;
}

QString SessionController::operatorEmail() const
{
    return m_session.identity().value(QStringLiteral("email")).toString();
}

QString SessionController::tenantIssuer() const
{
    const std::optional<TenantConfig> tenant = m_session.tenant();
    return tenant ? tenant->issuer.toString() : QString();
}

QString SessionController::clientId() const
{
    const std::optional<TenantConfig> tenant = m_session.tenant();
    return tenant ? tenant->clientId : QString();
}

QVariantList SessionController::connections() const
{
    QVariantList out;
    for (const Connection &c : m_session.connections())
        out.append(QVariantMap{{QStringLiteral("name"), c.name},
                               {QStringLiteral("health"), Connection::healthName(c.health)},
                               {QStringLiteral("scopes"), c.heldScopes.toList()},
                               {QStringLiteral("checkedAt"), c.checkedAt}});
    return out;
}

QString SessionController::secretsKept() const
{
    if (m_session.tenant() && !m_session.isPersisted())
        return QStringLiteral("run");
    return m_session.secrets().backend() == SecretStore::Backend::Keychain ? QStringLiteral("keychain")
                                                                           : QStringLiteral("memory");
}

void SessionController::signInWithBrowser(const QString &loginHint)
{
    if (m_session.state() != TenantSession::State::SignedOut)
        return;
    setError({});
    m_session.loginWithBrowser(loginHint, Actor::operatorGui());
}

void SessionController::signInWithCode()
{
    if (m_session.state() != TenantSession::State::SignedOut)
        return;
    setError({});
    m_session.loginWithDevice(Actor::operatorGui());
}

void SessionController::signOut()
{
    if (m_session.state() != TenantSession::State::SignedIn)
        return;
    m_session.logout(Actor::operatorGui());
}

void SessionController::checkConnection(const QString &name)
{
    ++m_checking;
    Q_EMIT changed();
    m_session.checkConnection(name, [this](const Connection &, const Error &error) {
        --m_checking;
        if (!error.code.isEmpty())
            setError(tr("Checking the connection failed: %1").arg(error.message));
        Q_EMIT changed();
    });
}

void SessionController::onDeviceCode(const DeviceAuthorization &authorization)
{
    m_userCode = authorization.userCode;
    m_verificationUri = authorization.verificationUri;
    m_verificationUriComplete = authorization.verificationUriComplete;
    m_codeExpiresAt = authorization.expiresAt;
    Q_EMIT deviceCodeChanged();
}

void SessionController::onSignInFailed(const Error &error)
{
    clearDeviceCode();
    setError(tr("Signing in failed: %1").arg(error.message));
}

void SessionController::clearDeviceCode()
{
    if (m_userCode.isEmpty())
        return;
    m_userCode.clear();
    m_verificationUri.clear();
    m_verificationUriComplete.clear();
    m_codeExpiresAt = {};
    Q_EMIT deviceCodeChanged();
}

void SessionController::setError(const QString &error)
{
    if (error == m_lastError)
        return;
    m_lastError = error;
    Q_EMIT changed();
}

} // namespace sanctum
