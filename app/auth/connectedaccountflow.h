#pragma once

#include "auth/pkce.h"
#include "domain/error.h"
#include "domain/scopeset.h"

#include <QObject>
#include <QPointer>
#include <QUrl>
#include <QUrlQuery>

namespace sanctum {

class HttpClient;
class LoopbackListener;
class OidcClient;

// Reconnects the operator's connected account with another scope list
// through Auth0's My Account API: a My Account token from the refresh token,
// `connect` with PKCE and a one-shot loopback redirect, the tenant's connect
// page in the system browser (where the operator confirms, if the tenant
// asks), then `complete`. Until `complete` succeeds the account keeps the
// grant it had. Each failure names the step it happened in.
class ConnectedAccountFlow : public QObject {
    Q_OBJECT
public:
    static inline const QString kScopes = QStringLiteral("create:me:connected_accounts read:me:connected_accounts");

    ConnectedAccountFlow(OidcClient &client, HttpClient &http, QObject *parent = nullptr);
    ~ConnectedAccountFlow() override;

    void start(const QByteArray &refreshToken, const QString &connection, const ScopeSet &scopes);
    void setTimeout(int msecs) { m_timeoutMs = msecs; }

Q_SIGNALS:
    // The scopes the tenant says the account now holds.
    void succeeded(const sanctum::ScopeSet &scopes);
    void failed(const sanctum::Error &error);
    // A tenant with refresh-token rotation answered with a new one.
    void refreshTokenRotated(const QByteArray &refreshToken);

private:
    void connectAccount(const QByteArray &meToken);
    void onCallback(const QUrlQuery &query);
    void fail(const QString &step, const Error &error);
    QUrl meUrl(const QString &path) const;

    OidcClient &m_client;
    HttpClient &m_http;
    QPointer<LoopbackListener> m_listener;
    QString m_connection;
    ScopeSet m_scopes;
    QByteArray m_meToken;
    Pkce m_pkce;
    QString m_state;
    QString m_authSession;
    int m_timeoutMs = 5 * 60 * 1000;
    bool m_finished = false;
};

} // namespace sanctum
