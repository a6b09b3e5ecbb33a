#include "broker/pipeline/upstreamaccesscache.h"

#include "auth/authservice.h"
#include "broker/pipeline/threadmailbox.h"
#include "domain/securerandom.h"

#include <QDateTime>
#include <QPointer>

namespace sanctum {

namespace {
// A token about to expire is fetched anew rather than sent to die upstream.
constexpr qint64 kExpiryMarginMs = 30'000;
} // namespace

UpstreamAccessCache::UpstreamAccessCache(AuthService &auth, std::shared_ptr<ThreadMailbox> home, QObject *parent)
    : QObject(parent)
    , m_auth(auth)
    , m_home(std::move(home))
{
    m_auth.onUpstreamTokenDropped(this, [this](const QString &connection) { drop(connection); });
}

UpstreamAccessCache::~UpstreamAccessCache()
{
    for (UpstreamAccess &held : m_held)
        secureZero(held.token.accessToken);
}

void UpstreamAccessCache::get(const QString &connection, Done done)
{
    if (const auto it = m_held.constFind(connection); it != m_held.constEnd()) {
        const QDateTime expires = it->token.expiresAt;
        if (!expires.isValid() || QDateTime::currentDateTimeUtc().msecsTo(expires) > kExpiryMarginMs)
            return done(*it);
        drop(connection);
    }
    QList<Done> &waiting = m_waiting[connection];
    waiting.append(std::move(done));
    if (waiting.size() > 1)
        return;
    m_auth.upstreamAccess(connection,
                          [home = m_home, self = QPointer(this), connection, generation = m_generation](
                              const Expected<UpstreamAccess> &access) {
                              // On the auth worker's thread; the answer goes home.
                              home->post([self, connection, generation, access] {
                                  if (self)
                                      self->answered(connection, generation, access);
                              });
                          });
}

void UpstreamAccessCache::answered(const QString &connection, quint64 generation,
                                   const Expected<UpstreamAccess> &access)
{
    if (access && generation == m_generation)
        m_held.insert(connection, *access);
    const QList<Done> waiting = m_waiting.take(connection);
    for (const Done &done : waiting)
        done(access);
}

void UpstreamAccessCache::refused(const QString &connection)
{
    drop(connection);
    m_auth.dropUpstreamToken(connection);
}

void UpstreamAccessCache::drop(const QString &connection)
{
    ++m_generation;
    if (connection.isEmpty()) {
        for (UpstreamAccess &held : m_held)
            secureZero(held.token.accessToken);
        m_held.clear();
        return;
    }
    if (auto it = m_held.find(connection); it != m_held.end()) {
        secureZero(it->token.accessToken);
        m_held.erase(it);
    }
}

} // namespace sanctum
