#pragma once

// Writes a usage history straight into a store, the way the broker and the
// mission registry would have left it: missions with exact spans and the
// calls made under them. Header-only, for the least-privilege tests.

#include "domain/mission.h"
#include "domain/securerandom.h"
#include "domain/usageevent.h"
#include "store/database.h"
#include "store/missionstore.h"
#include "store/usagestore.h"

#include <QDateTime>
#include <QList>
#include <QStringList>

namespace sanctum::test {

// A completed mission on `connection`, active from `from` until `to`.
inline bool insertMissionSpan(Database &db, const QString &agentId, const QStringList &scopes, const QDateTime &from,
                              const QDateTime &to, const QStringList &stepUp = {},
                              const QString &connection = QStringLiteral("github"))
{
    Mission m;
    m.id = SecureRandom::identifier(QStringLiteral("ms_"));
    m.agentId = agentId;
    m.request.purpose = QStringLiteral("a mission from the test's history");
    m.request.connection = connection;
    m.request.ttlSeconds = qMax<qint64>(1, from.secsTo(to));
    for (const QString &s : scopes)
        m.request.scopes.insert(s);
    for (const QString &s : stepUp)
        m.stepUpScopes.insert(s);
    m.state = MissionState::Completed;
    m.requestedAt = from.addSecs(-60);
    m.requestExpiresAt = from.addSecs(240);
    m.decidedAt = from;
    m.decidedBy = QStringLiteral("operator:test");
    m.expiresAt = to;
    m.endedAt = to;
    m.tokenHash = SecureRandom::identifier(QStringLiteral("th_"));
    return bool(MissionStore(db).insert(m));
}

// One recorded call; `accepted` is the upstream's X-Accepted-OAuth-Scopes.
inline UsageEvent call(const QString &agentId, const QString &scope, const QString &method, const QString &path,
                       const QDateTime &at, UsageEvent::Outcome outcome = UsageEvent::Outcome::Allowed,
                       const QString &accepted = {})
{
    UsageEvent e;
    e.at = at;
    e.agentId = agentId;
    e.connection = QStringLiteral("github");
    e.scope = scope;
    e.method = method;
    e.pathTemplate = path;
    e.outcome = outcome;
    e.status = outcome == UsageEvent::Outcome::Allowed ? 200 : 403;
    e.acceptedScopes = accepted;
    return e;
}

// `n` copies of `e`, a minute apart from e.at on.
inline QList<UsageEvent> repeated(const UsageEvent &e, int n)
{
    QList<UsageEvent> out;
    for (int i = 0; i < n; ++i) {
        UsageEvent c = e;
        c.at = e.at.addSecs(60 * i);
        out << c;
    }
    return out;
}

inline bool insertCalls(Database &db, QList<UsageEvent> events)
{
    return bool(UsageStore(db).insert(events));
}

} // namespace sanctum::test
