#pragma once

#include "auth/pkce.h"
#include "domain/error.h"
#include "domain/tokenset.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QUrlQuery>

namespace sanctum {

class LoopbackListener;
class OidcClient;

// Operator login by Authorization Code + PKCE in the system browser, with
// the redirect to a one-shot loopback listener (RFC 8252). The callback must
// carry our `state` and, from a tenant that announces RFC 9207, the right
// `iss`; the ID token must carry our `nonce` and verify against the tenant's
// keys. Any mismatch ends the login: nothing is exchanged or kept.
class LoginFlow : public QObject {
    Q_OBJECT
public:
    LoginFlow(OidcClient &client, QObject *parent = nullptr);
    ~LoginFlow() override;

    // `extra` adds authorization parameters (e.g. Auth0's login_hint).
    void start(const QString &scope, const QUrlQuery &extra = {});
    void setTimeout(int msecs) { m_timeoutMs = msecs; }

Q_SIGNALS:
    void browserOpened(const QUrl &authorizationUrl);
    void succeeded(const sanctum::TokenSet &tokens, const QJsonObject &idClaims);
    void failed(const sanctum::Error &error);

private:
    void begin();
    void onCallback(const QUrlQuery &query);
    void fail(const Error &error);

    OidcClient &m_client;
    QPointer<LoopbackListener> m_listener;
    QString m_scope;
    QUrlQuery m_extra;
    Pkce m_pkce;
    QString m_state;
    QString m_nonce;
    int m_timeoutMs = 5 * 60 * 1000;
    bool m_finished = false;
};

} // namespace sanctum
