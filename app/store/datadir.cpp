#include "store/datadir.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

#include <sys/stat.h>

namespace sanctum {

QString DataDir::resolve(const QString &commandLineValue)
{
    QString dir = commandLineValue;
    if (dir.isEmpty())
        dir = qEnvironmentVariable("SANCTUM_DATA_DIR");
    if (dir.isEmpty()) {
        // GenericDataLocation + our name, not AppDataLocation, so sanctum and
        // sanctumctl agree without depending on each one's application name.
        dir = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/sanctum");
    }
    return QDir::cleanPath(QFileInfo(dir).absoluteFilePath());
}

Status DataDir::prepare(const QString &path)
{
    QDir dir(path);
    if (!dir.exists() && !QDir().mkpath(path))
        return Error{QStringLiteral("data_dir"), QStringLiteral("cannot create the data directory %1").arg(path)};
    if (::chmod(QFile::encodeName(path).constData(), S_IRWXU) != 0)
        return Error{QStringLiteral("data_dir"),
                     QStringLiteral("cannot make the data directory %1 private to its owner").arg(path)};
    return Done{};
}

QString DataDir::databasePath(const QString &dataDir)
{
    return dataDir + QStringLiteral("/sanctum.db");
}

QString DataDir::lockPath(const QString &dataDir)
{
    return dataDir + QStringLiteral("/sanctum.lock");
}

} // namespace sanctum
