#pragma once

#include "domain/scopeset.h"
#include "services/leastprivilege/scoperequirement.h"

#include <QList>

namespace sanctum {

class ScopeMap;

// The least privilege that still lets every recorded call through: a small
// set cover. Among the sets whose closure meets every requirement it picks
// the one with the smallest closure (the least power: `public_repo` and
// `repo:status` rather than `repo`, which implies both and three more), then
// the fewest scopes, then the first by name, so equal histories always get
// equal advice. Only scopes a requirement names are ever candidates: a
// broader one never has a smaller closure than the narrow ones it covers.
//
// The search is exact (branch and bound over the requirements' alternatives,
// seeded with the greedy answer); GitHub's requirements name one or two
// scopes each, so it ends in a handful of steps. When a connection has
// unusually many distinct requirements the search stops after a budget of
// steps and keeps the best cover found so far, flagged as not proven smallest.
class ScopeCover {
public:
    struct Result {
        ScopeSet scopes;
        bool exact = true; // proven smallest, not the budget's best effort
    };

    static constexpr int kDefaultBudget = 200'000;

    // `map` gives the nesting (which scope implies which); null: none nests.
    static Result smallest(const ScopeMap *map, const QList<ScopeRequirement> &requirements,
                           int budget = kDefaultBudget);
};

} // namespace sanctum
