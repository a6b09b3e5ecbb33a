#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace sanctum {

// One call an agent made (or tried to make) through the broker: the record
// the granted-versus-used analysis is built from. Never holds a token, a
// query string or a body, only the route's template.
struct UsageEvent {
    enum class Outcome { Allowed, Denied, StepUpDenied, Failed };

    qint64 id = 0; // the store's row id, once committed: orders events against a snapshot
    QDateTime at;
    QString agentId;
    QString missionId;
    QString connection;
    QString scope; // the mission scope that allowed the call, or the one it lacked
    QString method;
    QString pathTemplate; // e.g. "/repos/{owner}/{repo}/issues"
    int status = 0;       // what the agent got back
    Outcome outcome = Outcome::Allowed;
    QString acceptedScopes; // the upstream's X-Accepted-OAuth-Scopes, as sent

    static QString outcomeName(Outcome o);
    static Outcome outcomeFromName(const QString &name);
    QJsonObject toJson() const;
};

} // namespace sanctum
