#pragma once

#include <QObject>
#include <QString>
#include <QtQmlIntegration/qqmlintegration.h>

namespace sanctum {

class AgentRegistry;
class MissionRegistry;
struct Error;

// The operator's changes to the agents from the interface: add, rotate a
// key, remove. A new key is handed back once, as the return value, and kept
// nowhere on this side: the dialog that shows it owns the only copy and
// drops it when it closes. Every change is audited as "operator:gui".
// Failures land in `errorString` in words for a person, not error codes.
class AgentActions : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Use Ui.agentActions")
    Q_PROPERTY(QString errorString READ errorString NOTIFY errorStringChanged)

public:
    AgentActions(AgentRegistry &agents, MissionRegistry &missions, QObject *parent = nullptr);

    QString errorString() const { return m_error; }

    // The new agent's key, or an empty string and `errorString`.
    Q_INVOKABLE QString add(const QString &name);
    // A new key for the agent; the old one is refused from now on. Missions
    // it holds keep their own tokens.
    Q_INVOKABLE QString rotateKey(const QString &agentId);
    // Revokes the agent's pending and active missions, then removes it; the
    // reason goes to the audit log with each.
    Q_INVOKABLE bool remove(const QString &agentId, const QString &reason);
    Q_INVOKABLE void clearError() { setError({}); }

Q_SIGNALS:
    void errorStringChanged();
    // A short confirmation of what an action did (never a key).
    void notice(const QString &message);
    // After add() succeeded, before it returns (the agent list has the row).
    void agentAdded(const QString &agentId);

private:
    QString describe(const Error &error, const QString &subject) const;
    void setError(const QString &error);

    AgentRegistry &m_agents;
    MissionRegistry &m_missions;
    QString m_error;
};

} // namespace sanctum
