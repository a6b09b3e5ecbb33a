#pragma once

#include "domain/error.h"

#include <QString>

namespace sanctum {

// Where an instance keeps its database, lock and admin socket.
// Precedence: --data-dir, then SANCTUM_DATA_DIR, then the platform's data
// location (~/.local/share/sanctum on Linux).
class DataDir {
public:
    static QString resolve(const QString &commandLineValue = {});
    // Creates the directory if needed and makes it owner-only (0700): it holds
    // the audit log and the admin socket.
    static Status prepare(const QString &path);
    static QString databasePath(const QString &dataDir);
    static QString lockPath(const QString &dataDir);
};

} // namespace sanctum
