#include "services/leastprivilege/scoperequirement.h"

#include "domain/scopemap.h"

namespace sanctum {

namespace {
void addClause(QList<ScopeSet> *clauses, const ScopeSet &anyOf)
{
    // An empty list of alternatives asks for nothing; a repeated one adds nothing.
    if (!anyOf.isEmpty() && !clauses->contains(anyOf))
        clauses->append(anyOf);
}
} // namespace

ScopeRequirement ScopeRequirement::of(const ScopeMap *map, const QString &method, const QString &pathTemplate,
                                      const QString &acceptedHeader, const QString &allowingScope)
{
    ScopeRequirement r;
    ScopeSet accepted;
    const bool headerKnown =
        !acceptedHeader.trimmed().isEmpty() && ScopeSet::parse(acceptedHeader, &accepted) && !accepted.isEmpty();
    const std::optional<EndpointRule> rule = map ? map->rule(method, pathTemplate) : std::nullopt;
    if (headerKnown)
        addClause(&r.clauses, accepted);
    if (rule) {
        addClause(&r.clauses, rule->accepted);
        for (const QString &s : rule->also)
            addClause(&r.clauses, ScopeSet{s});
    }
    if (!headerKnown && !rule && !allowingScope.isEmpty() && ScopeSet::isValidScope(allowingScope))
        addClause(&r.clauses, ScopeSet{allowingScope});
    std::sort(r.clauses.begin(), r.clauses.end(), [](const ScopeSet &a, const ScopeSet &b) {
        return a.toString() < b.toString();
    });
    return r;
}

QList<ScopeSet> ScopeRequirement::unmet(const ScopeSet &closed) const
{
    QList<ScopeSet> out;
    for (const ScopeSet &anyOf : clauses)
        if (closed.intersected(anyOf).isEmpty())
            out.append(anyOf);
    return out;
}

QString ScopeRequirement::describe(const QList<ScopeSet> &clauses)
{
    QStringList parts;
    for (const ScopeSet &anyOf : clauses) {
        const QString alternatives = anyOf.toList().join(QStringLiteral(" or "));
        parts << (anyOf.size() > 1 && clauses.size() > 1 ? QStringLiteral("(%1)").arg(alternatives) : alternatives);
    }
    return parts.join(QStringLiteral(" and "));
}

} // namespace sanctum
