#pragma once

#include "domain/error.h"
#include "domain/scopeset.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace sanctum {

enum class MissionState { Pending, Active, Completed, Expired, Revoked, Denied };

// What an agent asks for: one task, one connection, a few scopes, a lifetime.
struct MissionRequest {
    static constexpr int kMaxPurposeLength = 500;
    static constexpr int kMaxScopes = 64;

    QString purpose;
    QString connection;
    ScopeSet scopes;
    qint64 ttlSeconds = 0;

    // From the body of POST /v1/missions; strict about types and unknown keys
    // so a typo never turns into a different mission than the agent meant.
    static Expected<MissionRequest> fromJson(const QJsonObject &json);
};

// A mission and its life cycle:
//   pending → active → completed | expired | revoked
//   pending → denied | expired
// Every transition goes through transition(), which refuses the others, so a
// revoked mission can never come back to life.
struct Mission {
    QString id; // "ms_" + 16 hex
    QString agentId;
    MissionRequest request; // request.scopes: what the mission holds for its whole life
    // Scopes the agent named that policy only grants one call at a time.
    ScopeSet stepUpScopes;
    MissionState state = MissionState::Pending;
    QDateTime requestedAt;
    QDateTime requestExpiresAt; // when a pending request lapses undecided
    QDateTime decidedAt;
    QDateTime expiresAt; // when an active mission's token dies
    QDateTime endedAt;
    QString decidedBy;
    QString reason;
    // SHA-256 of the mission token (hex); the token itself is never stored.
    QString tokenHash;

    static QString stateName(MissionState s);
    static std::optional<MissionState> stateFromName(const QString &name);
    static bool canTransition(MissionState from, MissionState to);

    bool isTerminal() const;
    // The next instant at which the clock alone changes this mission's state,
    // or an invalid QDateTime when none will.
    QDateTime nextDeadline() const;

    // Applies a transition at `now`; fills the timestamps and, on activation,
    // the expiry from the requested TTL.
    Status transition(MissionState to, const QDateTime &now, const QString &actor, const QString &why = {});

    QJsonObject toJson() const;
};

} // namespace sanctum
