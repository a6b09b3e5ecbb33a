#include "domain/scopemapcatalog.h"

#include <QDir>

namespace sanctum {

namespace {
const QString kDir = QStringLiteral(":/sanctum/scopes");
}

Expected<const ScopeMap *> ScopeMapCatalog::find(const QString &upstream)
{
    QMutexLocker lock(&m_mutex);
    if (const auto it = m_maps.constFind(upstream); it != m_maps.constEnd())
        return it.value().get();
    if (!known().contains(upstream))
        return Error{QStringLiteral("unknown_upstream"),
                     QStringLiteral("Sanctum has no scope map for '%1' (it knows: %2)")
                         .arg(upstream, known().join(QStringLiteral(", ")))};
    Expected<ScopeMap> map = ScopeMap::load(kDir + QLatin1Char('/') + upstream + QStringLiteral(".json"));
    if (!map)
        return map.error();
    // Held by pointer: the table may grow, the maps it hands out must not move.
    auto held = std::make_shared<const ScopeMap>(std::move(map).value());
    m_maps.insert(upstream, held);
    return held.get();
}

QStringList ScopeMapCatalog::known()
{
    QStringList names;
    const QStringList files = QDir(kDir).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    for (const QString &f : files)
        names.append(f.chopped(5));
    return names;
}

} // namespace sanctum
