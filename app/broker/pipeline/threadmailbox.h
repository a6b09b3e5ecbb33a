#pragma once

#include <QMutex>

#include <functional>
#include <memory>

class QObject;

namespace sanctum {

// A way back onto one thread from any other: work posted here runs on the
// anchor's thread, in its event loop, in the order posted. Services on other
// threads (the mission registry, the step-up gate, Token Vault) answer a
// broker thread's call through it. Once the anchor's thread winds down it
// closes the mailbox, and later posts are dropped instead of reaching an
// object that is gone — which a raw pointer to the anchor could not promise.
class ThreadMailbox {
public:
    // Closed until an anchor is attached.
    explicit ThreadMailbox(QObject *anchor = nullptr);

    // Anchored at the application object: for calls served on the main
    // thread (tests, tools), which never winds down before them.
    static std::shared_ptr<ThreadMailbox> application();

    // Any thread. False when closed: the task was dropped.
    bool post(std::function<void()> task);
    // On the anchor's thread. The anchor must close the mailbox in its own
    // destructor, before QObject's removes the tasks still queued for it.
    void attach(QObject *anchor);
    void close();

private:
    QMutex m_mutex;
    QObject *m_anchor;
};

} // namespace sanctum
