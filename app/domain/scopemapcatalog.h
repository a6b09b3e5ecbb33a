#pragma once

#include "domain/error.h"
#include "domain/scopemap.h"

#include <QHash>
#include <QMutex>

#include <memory>

namespace sanctum {

// The scope maps Sanctum knows, by upstream name ("github"), read once from
// the maps built into the program (resources/scopes). Safe to ask from
// any thread; a map, once read, stays where it is until the catalog goes.
class ScopeMapCatalog {
public:
    // The map for `upstream`, or an "unknown_upstream" error.
    Expected<const ScopeMap *> find(const QString &upstream);
    static QStringList known();

private:
    QMutex m_mutex;
    QHash<QString, std::shared_ptr<const ScopeMap>> m_maps;
};

} // namespace sanctum
