#include "admin/adminendpoint.h"

#include "domain/securerandom.h"

#include <QStandardPaths>

namespace sanctum {

QString AdminEndpoint::socketPath(const QString &dataDir)
{
    const QString inDataDir = dataDir + QStringLiteral("/admin.sock");
    // sockaddr_un holds 108 bytes including the terminator.
    if (inDataDir.toUtf8().size() < 100)
        return inDataDir;
    QString runtime = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
    if (runtime.isEmpty())
        runtime = QStringLiteral("/tmp");
    return runtime + QStringLiteral("/sanctum-") + Digest::sha256Hex(dataDir.toUtf8()).left(16) +
           QStringLiteral(".sock");
}

} // namespace sanctum
