#include "services/leastprivilege/scopecover.h"

#include "domain/scopemap.h"

#include <QHash>

#include <bitset>

namespace sanctum {

namespace {
// Scopes as bits: GitHub has 45, so a fixed width keeps every step a few
// machine words with no allocation.
constexpr int kMaxScopes = 256;
using Mask = std::bitset<kMaxScopes>;

struct Cost {
    size_t power = 0; // scopes in the closure
    int count = 0;    // scopes named
    bool operator<(const Cost &o) const { return power != o.power ? power < o.power : count < o.count; }
};

class Search {
public:
    Search(QList<Mask> clauses, QList<Mask> closures, QList<QList<int>> alternatives, int budget)
        : m_clauses(std::move(clauses))
        , m_closures(std::move(closures))
        , m_alternatives(std::move(alternatives))
        , m_budget(budget)
    {
    }

    QList<int> greedy() const
    {
        Mask held;
        QList<int> chosen;
        for (;;) {
            QList<int> open;
            for (int j = 0; j < m_clauses.size(); ++j)
                if ((held & m_clauses[j]).none())
                    open << j;
            if (open.isEmpty())
                return chosen;
            int best = -1;
            double bestRatio = 0;
            for (int i = 0; i < m_closures.size(); ++i) {
                int met = 0;
                for (int j : open)
                    met += m_clauses[j].test(size_t(i)) ? 1 : 0;
                if (met == 0)
                    continue;
                const double ratio = double(met) / double(((m_closures[i] | held) ^ held).count());
                if (best < 0 || ratio > bestRatio) {
                    best = i;
                    bestRatio = ratio;
                }
            }
            chosen << best;
            held |= m_closures[best];
        }
    }

    // Exact search below the cost of `seed`; false when the budget ran out.
    bool run(const QList<int> &seed)
    {
        m_best = seed;
        m_bestCost = costOf(seed);
        QList<int> chosen;
        walk(Mask(), chosen);
        return m_steps <= m_budget;
    }

    QList<int> best() const { return m_best; }

private:
    Cost costOf(const QList<int> &chosen) const
    {
        Mask held;
        for (int i : chosen)
            held |= m_closures[i];
        return {held.count(), int(chosen.size())};
    }

    void walk(const Mask &held, QList<int> &chosen)
    {
        if (++m_steps > m_budget)
            return;
        // Branch on the first clause not met yet: one of its alternatives
        // must be in any cover, so trying each of them misses none.
        qsizetype open = -1;
        for (qsizetype j = 0; j < m_clauses.size() && open < 0; ++j)
            if ((held & m_clauses[j]).none())
                open = j;
        if (open < 0) {
            const Cost c{held.count(), int(chosen.size())};
            if (c < m_bestCost) {
                m_bestCost = c;
                m_best = chosen;
            }
            return;
        }
        for (int i : m_alternatives[open]) {
            const Mask next = held | m_closures[i];
            // Adding scopes never lowers the cost: prune anything not better.
            if (!(Cost{next.count(), int(chosen.size()) + 1} < m_bestCost))
                continue;
            chosen.append(i);
            walk(next, chosen);
            chosen.removeLast();
        }
    }

    QList<Mask> m_clauses;            // per clause: its alternatives, as candidate bits
    QList<Mask> m_closures;           // per candidate: its closure
    QList<QList<int>> m_alternatives; // per clause: candidates, narrowest first
    int m_budget;
    int m_steps = 0;
    QList<int> m_best;
    Cost m_bestCost;
};

// Drops a clause that another, stricter one already forces: meeting [repo]
// meets [notifications | repo].
QList<ScopeSet> essentialClauses(const QList<ScopeRequirement> &requirements)
{
    QList<ScopeSet> all;
    for (const ScopeRequirement &r : requirements)
        for (const ScopeSet &c : r.clauses)
            if (!all.contains(c))
                all.append(c);
    QList<ScopeSet> out;
    for (qsizetype i = 0; i < all.size(); ++i) {
        bool implied = false;
        for (qsizetype k = 0; k < all.size() && !implied; ++k)
            implied = k != i && all[i].containsAll(all[k]) && (all[i] != all[k]);
        if (!implied)
            out.append(all[i]);
    }
    // Fewest alternatives first: the search branches least near its root.
    std::stable_sort(out.begin(), out.end(), [](const ScopeSet &a, const ScopeSet &b) { return a.size() < b.size(); });
    return out;
}
} // namespace

ScopeCover::Result ScopeCover::smallest(const ScopeMap *map, const QList<ScopeRequirement> &requirements, int budget)
{
    const QList<ScopeSet> clauses = essentialClauses(requirements);
    ScopeSet candidates;
    for (const ScopeSet &c : clauses)
        candidates = candidates.united(c);
    if (candidates.isEmpty())
        return {};
    const auto closureOf = [map](const QString &s) { return map ? map->closure({s}) : ScopeSet{s}; };

    // Bits: the candidates first (so a clause is a mask of candidate bits),
    // then whatever else their closures reach.
    QStringList universe = candidates.toList();
    QHash<QString, int> bit;
    for (const QString &s : universe)
        bit.insert(s, int(bit.size()));
    QList<ScopeSet> closures;
    for (const QString &s : candidates.toList()) {
        closures << closureOf(s);
        for (const QString &implied : closures.constLast())
            if (!bit.contains(implied)) {
                bit.insert(implied, int(bit.size()));
                universe << implied;
            }
    }
    if (universe.size() > kMaxScopes) {
        // Far beyond any real upstream: one of each clause's narrowest
        // alternatives meets every clause, just perhaps not minimally.
        Result r;
        r.exact = false;
        for (const ScopeSet &c : clauses) {
            QString narrowest;
            for (const QString &s : c)
                if (narrowest.isEmpty() || closureOf(s).size() < closureOf(narrowest).size())
                    narrowest = s;
            r.scopes.insert(narrowest);
        }
        return r;
    }

    QList<Mask> closureMasks;
    for (const ScopeSet &c : closures) {
        Mask m;
        for (const QString &s : c)
            m.set(size_t(bit.value(s)));
        closureMasks << m;
    }
    QList<Mask> clauseMasks;
    QList<QList<int>> alternatives;
    for (const ScopeSet &c : clauses) {
        Mask m;
        QList<int> alts;
        for (const QString &s : c) {
            m.set(size_t(bit.value(s)));
            alts << bit.value(s);
        }
        std::stable_sort(
            alts.begin(), alts.end(), [&](int a, int b) { return closureMasks[a].count() < closureMasks[b].count(); });
        clauseMasks << m;
        alternatives << alts;
    }

    Search search(clauseMasks, closureMasks, alternatives, budget);
    Result r;
    r.exact = search.run(search.greedy());
    const QList<int> chosen = search.best();
    // A scope another chosen one implies adds nothing but a name.
    for (int i : chosen) {
        bool redundant = false;
        for (int k : chosen)
            redundant = redundant || (k != i && closureMasks[k].test(size_t(i)));
        if (!redundant)
            r.scopes.insert(universe[i]);
    }
    return r;
}

} // namespace sanctum
