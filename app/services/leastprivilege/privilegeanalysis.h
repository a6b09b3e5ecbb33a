#pragma once

#include "domain/scopeset.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace sanctum {

// Calls counted under one scope.
struct ScopeCallCount {
    QString scope;
    qint64 count = 0;
    QDateTime last;
};

// One agent's privilege on one connection over a window, against what it
// really did with it: the answer to "which scopes does this agent need?".
struct PrivilegeAnalysis {
    QString agentId;
    QString connection;
    ScopeSet granted;             // by missions active in the window (UsageStats::grantedScopes)
    QList<ScopeCallCount> used;   // allowed calls, by the scope that let them through
    ScopeSet neverUsed;           // granted, and no allowed call under it
    QList<ScopeCallCount> denied; // refused calls, by the scope they lacked
    // The least privilege that lets every allowed call of the window through
    // (ScopeCover); empty when the agent made no call that needed a scope.
    ScopeSet recommended;
    bool recommendationExact = true; // false: the search's budget ran out first
    qint64 allowedCalls = 0;
    qint64 deniedCalls = 0;

    ScopeSet usedScopes() const;
    // What a re-provisioning would take away: granted but not recommended.
    ScopeSet removable() const { return granted.subtracted(recommended); }
    QJsonObject toJson() const;
};

// Past calls a proposed scope set would have refused, one route at a time.
struct RefusedCall {
    QString agentId;
    QString connection;
    QString method;
    QString pathTemplate;
    qint64 count = 0;
    QDateTime last;
    // The requirements the proposal misses; each is "any one of these".
    QList<ScopeSet> needed;

    QJsonObject toJson() const;
};

struct ReplayRequest {
    QString agentId;    // empty: every agent (with a connection: a standing grant's worth)
    QString connection; // empty: every connection the agent used
    ScopeSet scopes;    // the proposal, as a mission would hold it (nesting applies)
};

struct ReplayResult {
    ReplayRequest request;
    qint64 callsReplayed = 0; // allowed calls in the window that were replayed
    qint64 callsRefused = 0;
    QList<RefusedCall> refused; // most refused first

    bool safe() const { return refused.isEmpty(); }
    QJsonObject toJson() const;
};

} // namespace sanctum
