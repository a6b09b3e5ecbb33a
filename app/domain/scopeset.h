#pragma once

#include <QJsonArray>
#include <QString>
#include <QStringList>

#include <set>

namespace sanctum {

// An ordered set of OAuth scope tokens. Order never matters to OAuth, so the
// set keeps its members sorted: two equal sets always print and hash alike.
// Scope nesting (GitHub's `repo` covering `public_repo`) is the scope map's
// business, not this type's.
class ScopeSet {
public:
    ScopeSet() = default;
    ScopeSet(std::initializer_list<QString> scopes);

    // Parses a space- or comma-separated list. Returns false and names the
    // offending token in *error when a token is not a valid RFC 6749 scope.
    static bool parse(const QString &text, ScopeSet *out, QString *error = nullptr);
    static bool fromJson(const QJsonArray &array, ScopeSet *out, QString *error = nullptr);
    static bool isValidScope(const QString &scope);

    bool insert(const QString &scope);
    bool remove(const QString &scope);
    bool contains(const QString &scope) const { return m_scopes.count(scope) > 0; }
    bool containsAll(const ScopeSet &other) const;
    bool isEmpty() const { return m_scopes.empty(); }
    qsizetype size() const { return qsizetype(m_scopes.size()); }

    ScopeSet united(const ScopeSet &other) const;
    ScopeSet intersected(const ScopeSet &other) const;
    ScopeSet subtracted(const ScopeSet &other) const;

    QStringList toList() const;
    QJsonArray toJson() const;
    // RFC 6749 wire form: space separated.
    QString toString() const;

    auto begin() const { return m_scopes.begin(); }
    auto end() const { return m_scopes.end(); }

    friend bool operator==(const ScopeSet &, const ScopeSet &) = default;

private:
    std::set<QString> m_scopes;
};

} // namespace sanctum
