#pragma once

#include "domain/error.h"

#include <QByteArray>
#include <QString>

namespace sanctum {

// The upstream path an agent asked the proxy for (what follows
// /v1/proxy/{connection}), made safe before it is matched against the scope
// map or forwarded: no "." or ".." segments (plain or percent-encoded), no
// encoded slashes or backslashes, no absolute URLs, no control characters,
// no fragments. Anything doubtful is refused, never repaired, so the path
// the scope check saw is exactly the path the upstream receives.
class ProxyPath {
public:
    static constexpr qsizetype kMaxBytes = 8 * 1024;

    static Expected<ProxyPath> parse(const QByteArray &target);

    // Decoded segments joined by '/', starting with '/': what the scope map matches.
    const QString &path() const { return m_path; }
    // What is forwarded: each segment percent-encoded again, plus the query.
    QByteArray forwardTarget() const;
    const QByteArray &query() const { return m_query; }

private:
    QString m_path;
    QByteArray m_encodedPath;
    QByteArray m_query;
};

} // namespace sanctum
