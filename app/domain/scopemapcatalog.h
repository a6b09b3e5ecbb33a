#pragma once

#include "domain/error.h"
#include "domain/scopemap.h"

#include <QHash>

namespace sanctum {

// The scope maps Sanctum knows, by upstream name ("github"), read once from
// the maps built into the program (resources/scopes).
class ScopeMapCatalog {
public:
    // The map for `upstream`, or an "unknown_upstream" error.
    Expected<const ScopeMap *> find(const QString &upstream);
    static QStringList known();

private:
    QHash<QString, ScopeMap> m_maps;
};

} // namespace sanctum
