#pragma once

#include "auth/oidcclient.h"
#include "domain/error.h"
#include "domain/tokenset.h"
#include "domain/upstreamrevocation.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QThread>

#include <functional>

namespace sanctum {

class AuthWorker;
class Clock;

// The auth worker as the rest of Sanctum sees it: every method returns at
// once, the work happens on the worker's own thread, and results come back
// on the caller's thread as signals or callbacks. The GUI thread never waits
// for the network.
class AuthService : public QObject {
    Q_OBJECT
public:
    // `clock` must be safe to read from another thread (SystemClock is).
    explicit AuthService(const Clock &clock, QObject *parent = nullptr);
    ~AuthService() override;

    void configure(const TenantConfig &config);
    void restoreSession(const QByteArray &refreshToken);
    void loginWithBrowser(const QString &loginHint = {});
    void loginWithDevice();
    void logout();
    // The connection's upstream token, from the cache or Token Vault.
    void upstreamToken(const QString &connection, QObject *context, std::function<void(Expected<UpstreamToken>)> done);
    void dropUpstreamToken(const QString &connection);
    // Kills the connection's current upstream token at the upstream.
    void revokeUpstreamToken(const QString &connection, const UpstreamRevocation &where, QObject *context,
                             std::function<void(Status)> done);

    // Reconnects the connection's account with exactly `scopes` (see
    // ConnectedAccountFlow); `done` gets the scopes the tenant reports.
    void reconnectAccount(const QString &connection, const ScopeSet &scopes, QObject *context,
                          std::function<void(Expected<ScopeSet>)> done);
    struct UpstreamScopes {
        ScopeSet held;         // as the upstream reports the new token's scopes
        int retiredStatus = 0; // the upstream's answer to the token before the reconnection
    };
    void checkUpstreamScopes(const QString &connection, QObject *context,
                             std::function<void(Expected<UpstreamScopes>)> done);

    // Any thread: the connection's upstream token and its API's address,
    // from the cache or Token Vault, for a forwarder on a broker thread.
    // `done` runs on the worker's thread; the caller takes it home.
    void upstreamAccess(const QString &connection, std::function<void(Expected<UpstreamAccess>)> done);
    // Any thread: `dropped` runs on `receiver`'s thread whenever the worker
    // drops a connection's upstream token (empty: all of them), so copies
    // held by forwarders die with it.
    QMetaObject::Connection onUpstreamTokenDropped(QObject *receiver, std::function<void(const QString &)> dropped);

    QThread *workerThread() { return &m_thread; }

Q_SIGNALS:
    void loggedIn(const QJsonObject &identity, const QByteArray &refreshToken);
    void deviceCodeReady(const sanctum::DeviceAuthorization &authorization);
    void loginFailed(const sanctum::Error &error);
    void loggedOut(bool revoked, const QString &message);
    void refreshTokenChanged(const QByteArray &refreshToken);

private:
    void onTokenReady(quint64 id, const UpstreamToken &token);
    void onTokenFailed(quint64 id, const Error &error);

    QThread m_thread;
    AuthWorker *m_worker;
    quint64 m_nextRequest = 1;
    struct Pending {
        QPointer<QObject> context;
        std::function<void(Expected<UpstreamToken>)> done;
    };
    QHash<quint64, Pending> m_pending;
    QHash<quint64, std::pair<QPointer<QObject>, std::function<void(Status)>>> m_pendingRevocations;
    QHash<quint64, std::pair<QPointer<QObject>, std::function<void(Expected<ScopeSet>)>>> m_pendingReconnects;
    QHash<quint64, std::pair<QPointer<QObject>, std::function<void(Expected<UpstreamScopes>)>>> m_pendingChecks;
};

} // namespace sanctum
