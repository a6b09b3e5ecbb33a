#pragma once

#include <QString>

namespace sanctum {

// Where the admin socket of the instance serving a data directory lives:
// inside the data directory (owner-only), unless that path is too long for a
// Unix socket, in which case a per-directory name in the runtime directory.
class AdminEndpoint {
public:
    static QString socketPath(const QString &dataDir);
    static constexpr int kMaxLineBytes = 1 << 20; // one request or reply line
};

} // namespace sanctum
