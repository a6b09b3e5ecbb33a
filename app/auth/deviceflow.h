#pragma once

#include "domain/error.h"
#include "domain/tokenset.h"

#include <QJsonObject>
#include <QObject>

class QTimer;

namespace sanctum {

class Clock;
class OidcClient;

// Login on a machine without a browser (RFC 8628): show a code and a URL,
// then poll the token endpoint at the interval the tenant asked for, slowing
// down by 5 s whenever it says slow_down, until the code is approved, denied
// or expires.
class DeviceFlow : public QObject {
    Q_OBJECT
public:
    DeviceFlow(OidcClient &client, const Clock &clock, QObject *parent = nullptr);

    void start(const QString &scope);
    void cancel();
    int intervalSecs() const { return m_intervalSecs; }

Q_SIGNALS:
    void codeReady(const sanctum::DeviceAuthorization &authorization);
    void succeeded(const sanctum::TokenSet &tokens, const QJsonObject &idClaims);
    void failed(const sanctum::Error &error);

private:
    void begin(const QString &scope);
    void poll();
    void fail(const Error &error);

    OidcClient &m_client;
    const Clock &m_clock;
    QTimer *m_timer;
    DeviceAuthorization m_authorization;
    int m_intervalSecs = 5;
    bool m_finished = false;
};

} // namespace sanctum
