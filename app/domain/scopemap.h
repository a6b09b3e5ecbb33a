#pragma once

#include "domain/error.h"
#include "domain/scopeset.h"

#include <QHash>
#include <QJsonObject>
#include <QList>

#include <optional>

namespace sanctum {

// What one upstream endpoint asks of a token, from the connection's scope
// map (resources/scopes/<connection>.json).
struct EndpointRule {
    QString method;                         // "GET", … or "*"
    QString pathTemplate;                   // e.g. "/repos/{owner}/{repo}/issues"
    ScopeSet accepted;                      // any one of these (or a scope implying it); empty: no scope needed
    std::optional<ScopeSet> publicAccepted; // what suffices when the repository is public
    ScopeSet also;                          // needed in addition, all of them
};

// The scope map of one connection: which classic OAuth scope each endpoint
// accepts, and how scopes nest (GitHub's `repo` covers `public_repo`, …).
// The same file drives the sandbox's upstream, so both read one truth.
class ScopeMap {
public:
    static Expected<ScopeMap> fromJson(const QJsonObject &json);
    static Expected<ScopeMap> load(const QString &path);

    QString connection() const { return m_connection; }
    // The first endpoint whose method and template match `path` (already normalised).
    std::optional<EndpointRule> match(const QString &method, const QString &path) const;
    // The endpoint whose method and template are exactly these: how a recorded
    // call (which keeps only the template) finds the rule it was judged by.
    std::optional<EndpointRule> rule(const QString &method, const QString &pathTemplate) const;
    // `held` plus every scope it implies, transitively.
    ScopeSet closure(const ScopeSet &held) const;
    // Whether a token holding `held` may call the endpoint; repository
    // visibility unknown, so the stricter `accepted` applies.
    bool allows(const EndpointRule &rule, const ScopeSet &held) const;
    // The same, for a set that is already its own closure (computed once per
    // mission rather than once per call).
    static bool allowsClosed(const EndpointRule &rule, const ScopeSet &closed);
    // The scopes the map knows, with their descriptions.
    const QHash<QString, QString> &scopes() const { return m_descriptions; }

private:
    struct Compiled {
        EndpointRule rule;
        QStringList segments; // "{name}" matches one segment, a trailing "{name*}" one or more
    };
    static bool segmentsMatch(const QStringList &pattern, const QStringList &path);

    QString m_connection;
    QList<Compiled> m_endpoints;
    QHash<QString, QStringList> m_implies;
    QHash<QString, QString> m_descriptions;
};

} // namespace sanctum
