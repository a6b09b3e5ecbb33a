#pragma once

#include "domain/error.h"
#include "domain/mission.h"
#include "domain/scopeset.h"

#include <QJsonObject>

namespace sanctum {

// The operator's rules for missions on one connection (or, as "*", for every
// connection without rules of its own).
struct Policy {
    static constexpr qint64 kDefaultMaxTtl = 3600;
    static constexpr qint64 kDefaultRequestExpiry = 300;
    static constexpr qint64 kMaxTtlCeiling = 7 * 24 * 3600; // a "mission" longer than a week is a standing grant
    static constexpr int kMinPurposeLength = 8;
    static constexpr int kMaxAutoApproveScopes = 256;

    QString connection = QStringLiteral("*");
    qint64 maxTtlSeconds = kDefaultMaxTtl;
    // How long a request may wait for a decision; separate from the mission's
    // own lifetime, which only starts when it is approved.
    qint64 requestExpirySeconds = kDefaultRequestExpiry;
    // A request whose scopes are all in this set is approved without asking.
    ScopeSet autoApproveScopes;
    // Scopes too dangerous to hold for a whole mission (deleting repositories,
    // administering an organisation): a mission may name them, but each call
    // that needs one waits for its own one-off approval.
    ScopeSet stepUpScopes = defaultStepUpScopes();
    bool requirePurpose = true;

    // Why `request` may not be granted under this policy, if anything.
    Status check(const MissionRequest &request) const;
    bool autoApproves(const ScopeSet &requested) const;
    static ScopeSet defaultStepUpScopes();

    QJsonObject toJson() const;
    // Strict: unknown keys and out-of-range values are errors, so a typo in
    // `policy set` never silently leaves a looser policy in place.
    static Expected<Policy> fromJson(const QJsonObject &json);
    // Applies the keys present in `changes` on top of this policy.
    Expected<Policy> updated(const QJsonObject &changes) const;
};

} // namespace sanctum
