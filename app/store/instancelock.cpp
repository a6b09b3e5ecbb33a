#include "store/instancelock.h"

#include "store/datadir.h"

namespace sanctum {

InstanceLock::InstanceLock(const QString &dataDir)
    : m_dataDir(dataDir)
    , m_lock(std::make_unique<QLockFile>(DataDir::lockPath(dataDir)))
{
    // Never let a live instance's lock be taken for stale because it is old.
    m_lock->setStaleLockTime(0);
}

InstanceLock::~InstanceLock() = default;

Status InstanceLock::acquire()
{
    if (m_lock->tryLock(0))
        return Done{};
    if (m_lock->error() == QLockFile::LockFailedError) {
        qint64 pid = 0;
        QString host, app;
        m_lock->getLockInfo(&pid, &host, &app);
        return Error{QStringLiteral("already_running"),
                     QStringLiteral("another Sanctum instance (pid %1) is already using the data directory %2; "
                                    "stop it first, or start this one with another --data-dir")
                         .arg(pid)
                         .arg(m_dataDir)};
    }
    return Error{
        QStringLiteral("lock"),
        QStringLiteral("cannot create the instance lock in %1 (permission denied or disk full)").arg(m_dataDir)};
}

} // namespace sanctum
