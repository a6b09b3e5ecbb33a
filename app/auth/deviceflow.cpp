#include "auth/deviceflow.h"

#include "auth/oidcclient.h"
#include "domain/clock.h"
#include "domain/logging.h"

#include <QTimer>

namespace sanctum {

DeviceFlow::DeviceFlow(OidcClient &client, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_clock(clock)
    , m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &DeviceFlow::poll);
}

void DeviceFlow::start(const QString &scope)
{
    m_finished = false;
    if (m_client.metadata()) {
        begin(scope);
        return;
    }
    m_client.discover([this, scope](Status s) {
        if (!s)
            return fail(s.error());
        begin(scope);
    });
}

void DeviceFlow::begin(const QString &scope)
{
    m_client.startDeviceAuthorization(scope, [this](Expected<DeviceAuthorization> d) {
        if (!d)
            return fail(d.error());
        m_authorization = *d;
        m_intervalSecs = d->intervalSecs;
        Q_EMIT codeReady(m_authorization);
        m_timer->start(m_intervalSecs * 1000);
    });
}

void DeviceFlow::cancel()
{
    fail(Error{QStringLiteral("cancelled"), QStringLiteral("the device login was cancelled")});
}

void DeviceFlow::poll()
{
    if (m_finished)
        return;
    if (m_clock.now() >= m_authorization.expiresAt)
        return fail(Error{QStringLiteral("expired_token"), QStringLiteral("the code expired before it was approved")});
    m_client.pollDevice(m_authorization.deviceCode, [this](Expected<TokenSet> tokens) {
        if (m_finished)
            return;
        if (!tokens) {
            const QString code = tokens.error().code;
            if (code == QStringLiteral("authorization_pending")) {
                m_timer->start(m_intervalSecs * 1000);
                return;
            }
            // slow_down (RFC 8628 §3.5), or a rate limit on the token endpoint: poll less often.
            if (code == QStringLiteral("slow_down") || code == QStringLiteral("rate_limited")) {
                m_intervalSecs += 5; // RFC 8628 §3.5
                qCInfo(lcAuth) << "the tenant asked to poll more slowly; now every" << m_intervalSecs << "s";
                m_timer->start(m_intervalSecs * 1000);
                return;
            }
            return fail(tokens.error());
        }
        const TokenSet set = *tokens;
        if (set.idToken.isEmpty()) {
            m_finished = true;
            Q_EMIT succeeded(set, {});
            return;
        }
        m_client.verifyIdToken(set.idToken, {}, [this, set](Expected<QJsonObject> claims) {
            if (!claims)
                return fail(claims.error());
            m_finished = true;
            Q_EMIT succeeded(set, *claims);
        });
    });
}

void DeviceFlow::fail(const Error &error)
{
    if (m_finished)
        return;
    m_finished = true;
    m_timer->stop();
    Q_EMIT failed(error);
}

} // namespace sanctum
