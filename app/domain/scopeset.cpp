#include "domain/scopeset.h"

#include <QRegularExpression>

#include <algorithm>

namespace sanctum {

ScopeSet::ScopeSet(std::initializer_list<QString> scopes)
{
    for (const auto &s : scopes)
        insert(s);
}

bool ScopeSet::isValidScope(const QString &scope)
{
    // RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ). Commas are
    // legal there, but we use them as separators, so they are refused too.
    if (scope.isEmpty() || scope.size() > 128)
        return false;
    return std::all_of(scope.begin(), scope.end(), [](QChar c) {
        const ushort u = c.unicode();
        return u >= 0x21 && u <= 0x7e && u != 0x22 && u != 0x5c && u != 0x2c;
    });
}

bool ScopeSet::parse(const QString &text, ScopeSet *out, QString *error)
{
    static const QRegularExpression separators(QStringLiteral("[\\s,]+"));
    ScopeSet result;
    for (const QString &token : text.split(separators, Qt::SkipEmptyParts)) {
        if (!isValidScope(token)) {
            if (error)
                *error = QStringLiteral("'%1' is not a valid scope").arg(token);
            return false;
        }
        result.insert(token);
    }
    *out = std::move(result);
    return true;
}

bool ScopeSet::fromJson(const QJsonArray &array, ScopeSet *out, QString *error)
{
    ScopeSet result;
    for (const QJsonValue &v : array) {
        if (!v.isString() || !isValidScope(v.toString())) {
            if (error)
                *error = v.isString() ? QStringLiteral("'%1' is not a valid scope").arg(v.toString())
                                      : QStringLiteral("scopes must be strings");
            return false;
        }
        result.insert(v.toString());
    }
    *out = std::move(result);
    return true;
}

bool ScopeSet::insert(const QString &scope)
{
    return m_scopes.insert(scope).second;
}

bool ScopeSet::remove(const QString &scope)
{
    return m_scopes.erase(scope) > 0;
}

bool ScopeSet::containsAll(const ScopeSet &other) const
{
    return std::includes(m_scopes.begin(), m_scopes.end(), other.m_scopes.begin(), other.m_scopes.end());
}

ScopeSet ScopeSet::united(const ScopeSet &other) const
{
    ScopeSet r = *this;
    r.m_scopes.insert(other.m_scopes.begin(), other.m_scopes.end());
    return r;
}

ScopeSet ScopeSet::intersected(const ScopeSet &other) const
{
    ScopeSet r;
    std::set_intersection(m_scopes.begin(),
                          m_scopes.end(),
                          other.m_scopes.begin(),
                          other.m_scopes.end(),
                          std::inserter(r.m_scopes, r.m_scopes.end()));
    return r;
}

ScopeSet ScopeSet::subtracted(const ScopeSet &other) const
{
    ScopeSet r;
    std::set_difference(m_scopes.begin(),
                        m_scopes.end(),
                        other.m_scopes.begin(),
                        other.m_scopes.end(),
                        std::inserter(r.m_scopes, r.m_scopes.end()));
    return r;
}

QStringList ScopeSet::toList() const
{
    return QStringList(m_scopes.begin(), m_scopes.end());
}

QJsonArray ScopeSet::toJson() const
{
    QJsonArray a;
    for (const auto &s : m_scopes)
        a.append(s);
    return a;
}

QString ScopeSet::toString() const
{
    return toList().join(QLatin1Char(' '));
}

} // namespace sanctum
