#include "auth/authservice.h"

#include "auth/authworker.h"

namespace sanctum {

AuthService::AuthService(const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_worker(new AuthWorker(clock))
{
    m_thread.setObjectName(QStringLiteral("sanctum-auth"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    // Queued both ways: the worker's signals arrive on this object's thread.
    connect(m_worker, &AuthWorker::loggedIn, this, &AuthService::loggedIn);
    connect(m_worker, &AuthWorker::deviceCodeReady, this, &AuthService::deviceCodeReady);
    connect(m_worker, &AuthWorker::loginFailed, this, &AuthService::loginFailed);
    connect(m_worker, &AuthWorker::loggedOut, this, &AuthService::loggedOut);
    connect(m_worker, &AuthWorker::upstreamTokenReady, this, &AuthService::onTokenReady);
    connect(m_worker, &AuthWorker::upstreamTokenFailed, this, &AuthService::onTokenFailed);
    connect(m_worker, &AuthWorker::upstreamTokenRevoked, this, [this](quint64 id, const Error &e) {
        const auto [context, done] = m_pendingRevocations.take(id);
        if (done && context)
            done(e.code.isEmpty() ? Status(Done{}) : Status(e));
    });
    connect(m_worker, &AuthWorker::refreshTokenChanged, this, &AuthService::refreshTokenChanged);
    connect(
        m_worker, &AuthWorker::accountReconnected, this, [this](quint64 id, const QStringList &scopes, const Error &e) {
            const auto [context, done] = m_pendingReconnects.take(id);
            if (!done || !context)
                return;
            if (!e.code.isEmpty())
                return done(e);
            ScopeSet held;
            for (const QString &s : scopes)
                held.insert(s);
            done(held);
        });
    connect(m_worker,
            &AuthWorker::upstreamScopesChecked,
            this,
            [this](quint64 id, const QStringList &scopes, int retiredStatus, const Error &e) {
                const auto [context, done] = m_pendingChecks.take(id);
                if (!done || !context)
                    return;
                if (!e.code.isEmpty())
                    return done(e);
                UpstreamScopes result;
                for (const QString &s : scopes)
                    result.held.insert(s);
                result.retiredStatus = retiredStatus;
                done(result);
            });
    m_thread.start();
}

AuthService::~AuthService()
{
    m_thread.quit();
    m_thread.wait();
}

void AuthService::configure(const TenantConfig &config)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, config] { w->configure(config); }, Qt::QueuedConnection);
}

void AuthService::restoreSession(const QByteArray &refreshToken)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, refreshToken] { w->restoreSession(refreshToken); }, Qt::QueuedConnection);
}

void AuthService::loginWithBrowser(const QString &loginHint)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, loginHint] { w->loginWithBrowser(loginHint); }, Qt::QueuedConnection);
}

void AuthService::loginWithDevice()
{
    QMetaObject::invokeMethod(m_worker, &AuthWorker::loginWithDevice, Qt::QueuedConnection);
}

void AuthService::logout()
{
    QMetaObject::invokeMethod(m_worker, &AuthWorker::logout, Qt::QueuedConnection);
}

void AuthService::upstreamToken(const QString &connection, QObject *context,
                                std::function<void(Expected<UpstreamToken>)> done)
{
    const quint64 id = m_nextRequest++;
    m_pending.insert(id, {context, std::move(done)});
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, id, connection] { w->requestUpstreamToken(id, connection); }, Qt::QueuedConnection);
}

void AuthService::dropUpstreamToken(const QString &connection)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, connection] { w->dropUpstreamToken(connection); }, Qt::QueuedConnection);
}

void AuthService::revokeUpstreamToken(const QString &connection, const UpstreamRevocation &where, QObject *context,
                                      std::function<void(Status)> done)
{
    const quint64 id = m_nextRequest++;
    m_pendingRevocations.insert(id, {context, std::move(done)});
    QMetaObject::invokeMethod(
        m_worker,
        [w = m_worker, id, connection, where] { w->revokeUpstreamToken(id, connection, where); },
        Qt::QueuedConnection);
}

void AuthService::reconnectAccount(const QString &connection, const ScopeSet &scopes, QObject *context,
                                   std::function<void(Expected<ScopeSet>)> done)
{
    const quint64 id = m_nextRequest++;
    m_pendingReconnects.insert(id, {context, std::move(done)});
    const QStringList list = scopes.toList();
    QMetaObject::invokeMethod(
        m_worker,
        [w = m_worker, id, connection, list] { w->reconnectAccount(id, connection, list); },
        Qt::QueuedConnection);
}

void AuthService::checkUpstreamScopes(const QString &connection, QObject *context,
                                      std::function<void(Expected<UpstreamScopes>)> done)
{
    const quint64 id = m_nextRequest++;
    m_pendingChecks.insert(id, {context, std::move(done)});
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, id, connection] { w->checkUpstreamScopes(id, connection); }, Qt::QueuedConnection);
}

void AuthService::upstreamAccess(const QString &connection, std::function<void(Expected<UpstreamAccess>)> done)
{
    QMetaObject::invokeMethod(
        m_worker,
        [w = m_worker, connection, done = std::move(done)] { w->upstreamAccess(connection, done); },
        Qt::QueuedConnection);
}

QMetaObject::Connection AuthService::onUpstreamTokenDropped(QObject *receiver,
                                                            std::function<void(const QString &)> dropped)
{
    return connect(m_worker, &AuthWorker::upstreamTokenDropped, receiver, std::move(dropped));
}

void AuthService::onTokenReady(quint64 id, const UpstreamToken &token)
{
    const Pending p = m_pending.take(id);
    if (p.done && p.context)
        p.done(token);
}

void AuthService::onTokenFailed(quint64 id, const Error &error)
{
    const Pending p = m_pending.take(id);
    if (p.done && p.context)
        p.done(error);
}

} // namespace sanctum
