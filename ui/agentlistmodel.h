#pragma once

#include "domain/agent.h"
#include "domain/scopeset.h"
#include "store/usagestats.h"

#include <QAbstractListModel>
#include <QHash>
#include <QList>
#include <QSet>
#include <QtQmlIntegration/qqmlintegration.h>

namespace sanctum {

class AgentRegistry;
class MissionRegistry;
class UsageRecorder;
class UsageSnapshotLoader;
struct UsageSnapshot;

// The live agents, by name, each with what it holds against what it uses:
// "used 3 of the 12 scopes it holds". Counts of pending and active missions
// follow MissionRegistry; granted and used scopes come from UsageStats over
// a window (all of time by default) and then follow granted missions and
// committed usage, one row and only the roles that moved at a time.
class AgentListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Use Ui.agents")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(QDateTime from READ from NOTIFY windowChanged)
    Q_PROPERTY(QDateTime to READ to NOTIFY windowChanged)
    Q_PROPERTY(QString errorString READ errorString NOTIFY errorStringChanged)
    Q_PROPERTY(bool loading READ isLoading NOTIFY loadingChanged)

public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        NameRole,
        KeyPrefixRole,
        CreatedAtRole,
        // The later of what the store recorded and the agent's last call.
        LastSeenAtRole,
        ActiveMissionsRole,  // int
        PendingMissionsRole, // int
        GrantedScopesRole,   // QStringList: held by a mission in the window
        UsedScopesRole,      // QStringList: called successfully in the window
        UnusedScopesRole,    // QStringList: granted and never used (waste)
        DeniedScopesRole,    // QStringList: refused for lacking them
        // QVariantMap scope → QDateTime of the last allowed call in the
        // window; scopes never used have no entry.
        LastUsedByScopeRole,
    };
    Q_ENUM(Role)

    AgentListModel(AgentRegistry &agents, MissionRegistry &missions, UsageRecorder &usage, UsageSnapshotLoader &loader,
                   QObject *parent = nullptr);
    ~AgentListModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return int(m_rows.size()); }
    QDateTime from() const { return m_window.from; }
    QDateTime to() const { return m_window.to; }
    QString errorString() const { return m_error; }
    // True from a (re)load's request until the usage aggregates are in.
    bool isLoading() const { return m_loading; }

    Q_INVOKABLE void setWindow(const QDateTime &from, const QDateTime &to);
    Q_INVOKABLE void reload();
    Q_INVOKABLE int rowOf(const QString &agentId) const;
    Q_INVOKABLE QString idAt(int row) const;

Q_SIGNALS:
    void countChanged();
    void windowChanged();
    void errorStringChanged();
    void loadingChanged();

private:
    struct Row {
        Agent agent;
        QDateTime lastCall;
        ScopeSet granted;
        ScopeSet used;
        ScopeSet denied;
        // From the same aggregates as `used`, so the per-scope last use
        // costs no second query.
        QHash<QString, QDateTime> lastUsed;
        int active = 0;
        int pending = 0;
    };
    void onSnapshot(const UsageSnapshot &snapshot);
    bool rebuild(const UsageSnapshot &snapshot);
    void onAgentAdded(const Agent &agent);
    void onAgentRemoved(const QString &agentId);
    void onMissionChanged(const Mission &mission);
    void onCommitted(const QList<UsageEvent> &events);
    void changed(int row, const QList<int> &roles);
    int insertionRow(const Agent &agent) const;
    void setError(const QString &error);

    AgentRegistry &m_agents;
    MissionRegistry &m_missions;
    UsageRecorder &m_usage;
    UsageSnapshotLoader &m_loader;
    UsageWindow m_window;
    bool m_loading = false;
    QList<Row> m_rows;
    // The live missions' states, so a transition can move one count down
    // and another up without reading the store.
    QHash<QString, MissionState> m_liveMissions;
    QString m_error;
};

} // namespace sanctum
