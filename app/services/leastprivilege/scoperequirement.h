#pragma once

#include "domain/scopeset.h"

#include <QList>
#include <QString>

namespace sanctum {

class ScopeMap;

// What one recorded call needed of a token, as clauses that must all hold:
// a clause holds when the token's closure has any one of its scopes.
//   GET  …/issues                  → [repo]
//   GET  /notifications            → [notifications | repo]
//   PUT  …/contents/.github/…      → [repo], [workflow]   (the rule's "also")
//   GET  /user                     → nothing at all
struct ScopeRequirement {
    QList<ScopeSet> clauses;

    // From what the store kept of a call. The upstream's X-Accepted-OAuth-
    // Scopes, when recorded, is what the upstream asked for; the scope map's
    // rule is what the broker asks for, and a proposal must satisfy both or
    // the broker refuses the call before the upstream ever sees it. Without
    // either (the map lost the rule), the scope that allowed the call stands
    // in for what it needed: never recommend less than what demonstrably worked.
    static ScopeRequirement of(const ScopeMap *map, const QString &method, const QString &pathTemplate,
                               const QString &acceptedHeader, const QString &allowingScope);

    bool isEmpty() const { return clauses.isEmpty(); }
    // The clauses `closed` (a set that is its own closure) does not meet.
    QList<ScopeSet> unmet(const ScopeSet &closed) const;
    bool isMetBy(const ScopeSet &closed) const { return unmet(closed).isEmpty(); }
    // "repo and (notifications or repo)": how a person reads the clauses.
    static QString describe(const QList<ScopeSet> &clauses);

    friend bool operator==(const ScopeRequirement &, const ScopeRequirement &) = default;
};

} // namespace sanctum
