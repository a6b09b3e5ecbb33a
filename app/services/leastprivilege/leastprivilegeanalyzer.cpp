#include "services/leastprivilege/leastprivilegeanalyzer.h"

#include "domain/scopemapcatalog.h"
#include "services/leastprivilege/scopecover.h"
#include "services/leastprivilege/scoperequirement.h"
#include "store/leastprivilegestats.h"

#include <QHash>
#include <QMap>

namespace sanctum {

namespace {
using Key = std::pair<QString, QString>; // agent id, connection

void countInto(QMap<QString, ScopeCallCount> *counts, const QString &scope, qint64 n, const QDateTime &last)
{
    ScopeCallCount &c = (*counts)[scope];
    c.scope = scope;
    c.count += n;
    if (last.isValid() && (!c.last.isValid() || last > c.last))
        c.last = last;
}
} // namespace

UsageWindow LeastPrivilegeAnalyzer::lastDays(const QDateTime &now, int days)
{
    return {now.addSecs(-qint64(days) * 24 * 3600), now};
}

const ScopeMap *LeastPrivilegeAnalyzer::mapFor(const QString &connection) const
{
    const Expected<const ScopeMap *> map = m_maps.find(connection);
    return map ? *map : nullptr;
}

Expected<QList<PrivilegeAnalysis>> LeastPrivilegeAnalyzer::analyze(const UsageWindow &window,
                                                                   const QString &agentId) const
{
    const auto granted = UsageStats(m_db).grantedScopesByConnection(window);
    if (!granted)
        return granted.error();
    CallPatternFilter filter;
    filter.agentId = agentId;
    const auto patterns = LeastPrivilegeStats(m_db).patterns(window, filter);
    if (!patterns)
        return patterns.error();

    struct Acc {
        QMap<QString, ScopeCallCount> used;
        QMap<QString, ScopeCallCount> denied;
        QList<ScopeRequirement> requirements;
        qint64 allowed = 0;
        qint64 refused = 0;
    };
    QMap<Key, Acc> byKey; // ordered: agent, then connection
    for (auto it = granted->cbegin(); it != granted->cend(); ++it)
        if (agentId.isEmpty() || it.key().first == agentId)
            byKey[it.key()];
    QHash<QString, const ScopeMap *> maps;
    for (const CallPattern &p : *patterns) {
        Acc &acc = byKey[{p.agentId, p.connection}];
        acc.allowed += p.allowed;
        acc.refused += p.denied;
        // Events without a scope (refused before any rule matched) belong to
        // no scope, as in UsageStats.
        if (p.allowed > 0 && !p.scope.isEmpty())
            countInto(&acc.used, p.scope, p.allowed, p.lastAllowed);
        if (p.denied > 0 && !p.scope.isEmpty())
            countInto(&acc.denied, p.scope, p.denied, p.lastDenied);
        if (p.allowed == 0)
            continue; // a refused call needs nothing of a recommendation
        if (!maps.contains(p.connection))
            maps.insert(p.connection, mapFor(p.connection));
        const ScopeRequirement need =
            ScopeRequirement::of(maps.value(p.connection), p.method, p.pathTemplate, p.acceptedScopes, p.scope);
        if (!need.isEmpty() && !acc.requirements.contains(need))
            acc.requirements.append(need);
    }

    QList<PrivilegeAnalysis> out;
    for (auto it = byKey.cbegin(); it != byKey.cend(); ++it) {
        const Acc &acc = it.value();
        PrivilegeAnalysis a;
        a.agentId = it.key().first;
        a.connection = it.key().second;
        a.granted = granted->value(it.key());
        a.used = acc.used.values();
        a.denied = acc.denied.values();
        a.neverUsed = a.granted.subtracted(a.usedScopes());
        a.allowedCalls = acc.allowed;
        a.deniedCalls = acc.refused;
        if (!maps.contains(a.connection))
            maps.insert(a.connection, mapFor(a.connection));
        const ScopeCover::Result cover = ScopeCover::smallest(maps.value(a.connection), acc.requirements);
        a.recommended = cover.scopes;
        a.recommendationExact = cover.exact;
        out.append(a);
    }
    return out;
}

Expected<ReplayResult> LeastPrivilegeAnalyzer::replay(const ReplayRequest &request, const UsageWindow &window) const
{
    CallPatternFilter filter;
    filter.agentId = request.agentId;
    filter.connection = request.connection;
    filter.allowedOnly = true;
    const auto patterns = LeastPrivilegeStats(m_db).patterns(window, filter);
    if (!patterns)
        return patterns.error();

    ReplayResult result;
    result.request = request;
    QHash<QString, const ScopeMap *> maps;
    QHash<QString, ScopeSet> closed; // the proposal's closure, per connection's map
    QMap<std::tuple<QString, QString, QString, QString>, RefusedCall> refused;
    for (const CallPattern &p : *patterns) {
        result.callsReplayed += p.allowed;
        if (!maps.contains(p.connection)) {
            const ScopeMap *map = mapFor(p.connection);
            maps.insert(p.connection, map);
            closed.insert(p.connection, map ? map->closure(request.scopes) : request.scopes);
        }
        const ScopeRequirement need =
            ScopeRequirement::of(maps.value(p.connection), p.method, p.pathTemplate, p.acceptedScopes, p.scope);
        const QList<ScopeSet> missing = need.unmet(closed.value(p.connection));
        if (missing.isEmpty())
            continue;
        RefusedCall &r = refused[{p.agentId, p.connection, p.method, p.pathTemplate}];
        r.agentId = p.agentId;
        r.connection = p.connection;
        r.method = p.method;
        r.pathTemplate = p.pathTemplate;
        r.count += p.allowed;
        if (!r.last.isValid() || p.lastAllowed > r.last)
            r.last = p.lastAllowed;
        for (const ScopeSet &anyOf : missing)
            if (!r.needed.contains(anyOf))
                r.needed.append(anyOf);
        result.callsRefused += p.allowed;
    }
    result.refused = refused.values();
    std::stable_sort(result.refused.begin(), result.refused.end(), [](const RefusedCall &a, const RefusedCall &b) {
        return a.count > b.count;
    });
    return result;
}

} // namespace sanctum
