#include "domain/scopemap.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

namespace sanctum {

namespace {
Error invalid(const QString &message)
{
    return Error{QStringLiteral("scope_map_invalid"), message};
}

bool readScopes(const QJsonValue &v, ScopeSet *out)
{
    return v.isArray() && ScopeSet::fromJson(v.toArray(), out);
}
} // namespace

Expected<ScopeMap> ScopeMap::load(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return invalid(QStringLiteral("cannot read the scope map %1").arg(path));
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        return invalid(QStringLiteral("the scope map %1 is not a JSON object (%2)").arg(path, err.errorString()));
    return fromJson(doc.object());
}

Expected<ScopeMap> ScopeMap::fromJson(const QJsonObject &json)
{
    ScopeMap m;
    m.m_connection = json.value(QStringLiteral("connection")).toString();
    const QJsonObject scopes = json.value(QStringLiteral("scopes")).toObject();
    for (auto it = scopes.begin(); it != scopes.end(); ++it)
        m.m_descriptions.insert(it.key(), it.value().toString());
    const QJsonObject implies = json.value(QStringLiteral("implies")).toObject();
    for (auto it = implies.begin(); it != implies.end(); ++it)
        for (const QJsonValue &v : it.value().toArray())
            m.m_implies[it.key()].append(v.toString());

    const QJsonValue endpoints = json.value(QStringLiteral("endpoints"));
    if (m.m_connection.isEmpty() || !endpoints.isArray())
        return invalid(QStringLiteral("a scope map needs a connection and an endpoints list"));
    for (const QJsonValue &v : endpoints.toArray()) {
        const QJsonObject e = v.toObject();
        Compiled c;
        c.rule.method = e.value(QStringLiteral("method")).toString().toUpper();
        c.rule.pathTemplate = e.value(QStringLiteral("path")).toString();
        if (c.rule.method.isEmpty() || !c.rule.pathTemplate.startsWith(QLatin1Char('/')) ||
            !readScopes(e.value(QStringLiteral("accepted")), &c.rule.accepted))
            return invalid(QStringLiteral("endpoint '%1 %2' is incomplete").arg(c.rule.method, c.rule.pathTemplate));
        if (e.contains(QStringLiteral("public"))) {
            ScopeSet pub;
            if (!readScopes(e.value(QStringLiteral("public")), &pub))
                return invalid(QStringLiteral("endpoint '%1' has an invalid public list").arg(c.rule.pathTemplate));
            c.rule.publicAccepted = pub;
        }
        if (e.contains(QStringLiteral("also")) && !readScopes(e.value(QStringLiteral("also")), &c.rule.also))
            return invalid(QStringLiteral("endpoint '%1' has an invalid also list").arg(c.rule.pathTemplate));
        c.segments = c.rule.pathTemplate.split(QLatin1Char('/'), Qt::SkipEmptyParts);
        for (qsizetype i = 0; i + 1 < c.segments.size(); ++i)
            if (c.segments[i].endsWith(QStringLiteral("*}")))
                return invalid(QStringLiteral("in '%1' only the last segment may match many").arg(c.rule.pathTemplate));
        m.m_endpoints.append(c);
    }
    return m;
}

bool ScopeMap::segmentsMatch(const QStringList &pattern, const QStringList &path)
{
    for (qsizetype i = 0; i < pattern.size(); ++i) {
        const QString &p = pattern[i];
        const bool variable = p.startsWith(QLatin1Char('{')) && p.endsWith(QLatin1Char('}'));
        if (variable && p.endsWith(QStringLiteral("*}")))
            return path.size() > i; // the rest, at least one segment
        if (i >= path.size())
            return false;
        if (!variable && p != path[i])
            return false;
    }
    return pattern.size() == path.size();
}

std::optional<EndpointRule> ScopeMap::match(const QString &method, const QString &path) const
{
    const QStringList segments = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    const QString verb = method.toUpper();
    for (const Compiled &c : m_endpoints)
        if ((c.rule.method == verb || c.rule.method == QStringLiteral("*")) && segmentsMatch(c.segments, segments))
            return c.rule;
    return std::nullopt;
}

std::optional<EndpointRule> ScopeMap::rule(const QString &method, const QString &pathTemplate) const
{
    const QString verb = method.toUpper();
    for (const Compiled &c : m_endpoints)
        if (c.rule.method == verb && c.rule.pathTemplate == pathTemplate)
            return c.rule;
    // A template recorded before the map changed, or a "*" rule: match it as a path.
    return match(verb, pathTemplate);
}

ScopeSet ScopeMap::closure(const ScopeSet &held) const
{
    ScopeSet out = held;
    QStringList todo = held.toList();
    while (!todo.isEmpty()) {
        const QString s = todo.takeLast();
        for (const QString &implied : m_implies.value(s))
            if (out.insert(implied))
                todo.append(implied);
    }
    return out;
}

bool ScopeMap::allows(const EndpointRule &rule, const ScopeSet &held) const
{
    return allowsClosed(rule, closure(held));
}

bool ScopeMap::allowsClosed(const EndpointRule &rule, const ScopeSet &closed)
{
    const bool accepted = rule.accepted.isEmpty() || !closed.intersected(rule.accepted).isEmpty();
    return accepted && closed.containsAll(rule.also);
}

} // namespace sanctum
