#pragma once

#include "domain/error.h"
#include "domain/tokenset.h"

#include <QHash>
#include <QObject>

#include <functional>
#include <memory>

namespace sanctum {

class AuthService;
class ThreadMailbox;

// One broker thread's copy of each connection's upstream token and API
// address, so a proxied call does not cross to the auth worker and back
// (only the first call of a connection, and the first after the token was
// dropped, does). A copy dies when the auth worker drops its own token —
// sign-out, a new tenant, the last mission of the connection ending, the
// upstream refusing it — and when a forwarder on this thread saw it refused.
// Lives on its broker thread; the tokens never leave it except into the
// forwarder's upstream request.
class UpstreamAccessCache : public QObject {
    Q_OBJECT
public:
    using Done = std::function<void(const Expected<UpstreamAccess> &)>;

    UpstreamAccessCache(AuthService &auth, std::shared_ptr<ThreadMailbox> home, QObject *parent = nullptr);
    ~UpstreamAccessCache() override;

    // `done` runs on this thread: at once from the copy, else once the
    // auth worker answered. Callers meanwhile share one question.
    void get(const QString &connection, Done done);
    // This thread's copy is known bad; the auth worker's too.
    void refused(const QString &connection);

private:
    void drop(const QString &connection);
    void answered(const QString &connection, quint64 generation, const Expected<UpstreamAccess> &access);

    AuthService &m_auth;
    std::shared_ptr<ThreadMailbox> m_home;
    QHash<QString, UpstreamAccess> m_held;
    QHash<QString, QList<Done>> m_waiting;
    // Bumped by every drop: an answer asked for before it is not kept.
    quint64 m_generation = 0;
};

} // namespace sanctum
