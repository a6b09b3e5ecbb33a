#pragma once

#include "domain/error.h"

#include <QLockFile>
#include <memory>

namespace sanctum {

// Makes sure one data directory is served by one instance at a time. The lock
// is a file holding the owner's pid; a lock left by a killed process is
// recognised as stale and taken over.
class InstanceLock {
public:
    explicit InstanceLock(const QString &dataDir);
    ~InstanceLock();

    Status acquire();

private:
    QString m_dataDir;
    std::unique_ptr<QLockFile> m_lock;
};

} // namespace sanctum
