#pragma once

#include "store/usagestats.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QStringList>
#include <QtQmlIntegration/qqmlintegration.h>

namespace sanctum {

class AgentNames;
class AgentRegistry;
class MissionRegistry;
class UsageRecorder;
class UsageSnapshotLoader;
struct UsageSnapshot;

// Agents × scopes over a window of time: how often each agent used each
// scope (the colour), which scopes it was granted and never used (waste),
// and which calls were refused for lacking a scope. Rows are the live agents
// plus any agent with usage or grants in the window, by name; columns are
// every scope granted, used or refused in the window, alphabetically.
//
// Loaded from a UsageSnapshotLoader (the aggregates, read off this thread);
// afterwards every committed usage batch
// and every granted mission updates only the cells it touches (inserting a
// row or column when an agent or scope first appears). Intensity is relative
// to the busiest cell, so when that maximum grows every cell's intensity
// moves: that is one dataChanged over the table for the intensity role only.
class ScopeHeatmapModel : public QAbstractTableModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Use Ui.heatmap")
    Q_PROPERTY(QDateTime from READ from NOTIFY windowChanged)
    Q_PROPERTY(QDateTime to READ to NOTIFY windowChanged)
    Q_PROPERTY(qint64 maxUsed READ maxUsed NOTIFY maxUsedChanged)
    Q_PROPERTY(QStringList scopes READ scopes NOTIFY scopesChanged)
    Q_PROPERTY(QString errorString READ errorString NOTIFY errorStringChanged)
    Q_PROPERTY(bool loading READ isLoading NOTIFY loadingChanged)

public:
    enum Role {
        UsedRole = Qt::UserRole + 1, // allowed calls
        DeniedRole,                  // calls refused for lacking the scope
        FailedRole,                  // allowed calls that failed upstream
        GrantedRole,                 // a mission in the window held the scope
        WasteRole,                   // granted and never used
        LastUsedRole,
        LastDeniedRole,
        IntensityRole, // 0..1, log-scaled against the busiest cell
        AgentIdRole,
        AgentNameRole,
        ScopeRole,
    };
    Q_ENUM(Role)

    ScopeHeatmapModel(AgentRegistry &agents, MissionRegistry &missions, UsageRecorder &usage,
                      UsageSnapshotLoader &loader, QObject *parent = nullptr);
    ~ScopeHeatmapModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    QDateTime from() const { return m_window.from; }
    QDateTime to() const { return m_window.to; }
    UsageWindow window() const { return m_window; }
    qint64 maxUsed() const { return m_maxUsed; }
    QStringList scopes() const { return m_scopes; }
    QString errorString() const { return m_error; }
    // True from a (re)load's request until its snapshot is in.
    bool isLoading() const { return m_loading; }

    // [from, to); an invalid end leaves that side open (the default: all of
    // it, live). Reloads: a reset when the snapshot arrives, on request only.
    Q_INVOKABLE void setWindow(const QDateTime &from, const QDateTime &to);
    Q_INVOKABLE void reload();
    Q_INVOKABLE int rowOfAgent(const QString &agentId) const { return m_rowOf.value(agentId, -1); }
    Q_INVOKABLE int columnOfScope(const QString &scope) const { return m_columnOf.value(scope, -1); }
    Q_INVOKABLE QString agentIdAt(int row) const;
    Q_INVOKABLE QString agentNameAt(int row) const;
    Q_INVOKABLE QString scopeAt(int column) const;

    // log(1 + used) / log(1 + max): a scope called 10 times stays visible
    // next to one called 10,000 times.
    static double intensity(qint64 used, qint64 max);

Q_SIGNALS:
    void windowChanged();
    void maxUsedChanged();
    void scopesChanged();
    void errorStringChanged();
    void loadingChanged();

private:
    struct Cell {
        qint64 used = 0;
        qint64 denied = 0;
        qint64 failed = 0;
        QDateTime lastUsed;
        QDateTime lastDenied;
        bool granted = false;

        bool isEmpty() const { return used == 0 && denied == 0 && failed == 0 && !granted; }
    };
    struct Row {
        QString agentId;
        QString name;
        QList<Cell> cells; // one per column
    };

    void onSnapshot(const UsageSnapshot &snapshot);
    void onCommitted(const QList<UsageEvent> &events);
    void onMissionChanged(const Mission &mission);
    void onAgentAdded(const QString &agentId);
    void onAgentRemoved(const QString &agentId);
    // Insert a row or column at its sorted place, announced as such.
    int ensureAgent(const QString &agentId);
    int ensureScope(const QString &scope);
    void reindexRows();
    void reindexColumns();
    bool rowSortsBefore(const Row &a, const Row &b) const;
    void emitCells(QList<std::pair<int, int>> cells, const QList<int> &roles);
    void raiseMax(qint64 candidate);
    QString toolTip(const Row &row, int column) const;
    void setError(const QString &error);

    AgentRegistry &m_agents;
    MissionRegistry &m_missions;
    UsageRecorder &m_usage;
    UsageSnapshotLoader &m_loader;
    AgentNames *m_names;
    UsageWindow m_window;
    bool m_loading = false;
    QList<Row> m_rows;
    QStringList m_scopes;
    QHash<QString, int> m_rowOf;
    QHash<QString, int> m_columnOf;
    qint64 m_maxUsed = 0;
    QString m_error;
};

} // namespace sanctum
