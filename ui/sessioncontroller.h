#pragma once

#include <QDateTime>
#include <QObject>
#include <QString>
#include <QUrl>
#include <QVariantList>
#include <QtQmlIntegration/qqmlintegration.h>

namespace sanctum {

class TenantSession;
struct DeviceAuthorization;
struct Error;

// The Settings page's view of the operator's standing with the tenant: which
// tenant and connections, who is signed in, where the secrets are kept, and
// sign-in / sign-out as actions that never block (the auth worker does the
// network; this only follows its signals). A device sign-in shows its code
// here until it completes, fails or lapses.
class SessionController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Use Ui.session")
    Q_PROPERTY(QString state READ state NOTIFY changed)
    Q_PROPERTY(bool busy READ isBusy NOTIFY changed)
    Q_PROPERTY(QString operatorName READ operatorName NOTIFY changed)
    Q_PROPERTY(QString operatorEmail READ operatorEmail NOTIFY changed)
    Q_PROPERTY(QString tenantIssuer READ tenantIssuer NOTIFY changed)
    Q_PROPERTY(QString clientId READ clientId NOTIFY changed)
    Q_PROPERTY(QVariantList connections READ connections NOTIFY connectionsChanged)
    Q_PROPERTY(QString secretsKept READ secretsKept NOTIFY keychainChanged)
    Q_PROPERTY(QString lastOperatorEmail READ lastOperatorEmail NOTIFY changed)
    Q_PROPERTY(QString keychainNote READ keychainNote NOTIFY keychainChanged)
    Q_PROPERTY(QString lastError READ lastError NOTIFY changed)
    Q_PROPERTY(QString userCode READ userCode NOTIFY deviceCodeChanged)
    Q_PROPERTY(QUrl verificationUri READ verificationUri NOTIFY deviceCodeChanged)
    Q_PROPERTY(QUrl verificationUriComplete READ verificationUriComplete NOTIFY deviceCodeChanged)
    Q_PROPERTY(QDateTime codeExpiresAt READ codeExpiresAt NOTIFY deviceCodeChanged)

public:
    explicit SessionController(TenantSession &session, QObject *parent = nullptr);

    // "no_tenant", "signed_out", "signing_in" or "signed_in" (TenantSession::stateName).
    QString state() const;
    bool isBusy() const;
    QString operatorName() const;
    QString operatorEmail() const;
    QString tenantIssuer() const;
    QString clientId() const;
    // One map per configured connection: name, health, scopes, checkedAt.
    QVariantList connections() const;
    // "keychain", "memory" (no keychain service) or "run" (a tenant for
    // this run only keeps nothing anywhere).
    QString secretsKept() const;
    // Who signed in last, kept after signing out to offer as the login hint.
    QString lastOperatorEmail() const { return m_lastEmail; }
    QString keychainNote() const { return m_keychainNote; }
    QString lastError() const { return m_lastError; }
    QString userCode() const { return m_userCode; }
    QUrl verificationUri() const { return m_verificationUri; }
    QUrl verificationUriComplete() const { return m_verificationUriComplete; }
    QDateTime codeExpiresAt() const { return m_codeExpiresAt; }

    // In the system browser (Authorization Code + PKCE); `loginHint`
    // pre-fills the tenant's login page.
    Q_INVOKABLE void signInWithBrowser(const QString &loginHint = {});
    // With a code to enter on another device (device authorization grant).
    Q_INVOKABLE void signInWithCode();
    Q_INVOKABLE void signOut();
    // Asks Token Vault for the connection's token and records its health.
    Q_INVOKABLE void checkConnection(const QString &name);

Q_SIGNALS:
    void changed();
    void connectionsChanged();
    void keychainChanged();
    void deviceCodeChanged();

private:
    void onDeviceCode(const DeviceAuthorization &authorization);
    void onSignInFailed(const Error &error);
    void clearDeviceCode();
    void setError(const QString &error);

    TenantSession &m_session;
    QString m_lastError;
    QString m_keychainNote;
    QString m_lastEmail;
    QString m_userCode;
    QUrl m_verificationUri;
    QUrl m_verificationUriComplete;
    QDateTime m_codeExpiresAt;
    int m_checking = 0; // connection checks under way
};

} // namespace sanctum
