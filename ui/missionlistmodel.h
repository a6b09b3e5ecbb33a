#pragma once

#include "domain/mission.h"

#include <QAbstractListModel>
#include <QList>
#include <QtQmlIntegration/qqmlintegration.h>

namespace sanctum {

class AgentNames;
class Countdown;
class MissionRegistry;
class AgentRegistry;
class Clock;

// Missions, newest first, as MissionRegistry keeps them. Each change the
// registry announces touches one row (or inserts one); the countdown only
// refreshes the secondsLeft of pending and active rows whose value moved.
class MissionListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Use Ui.missions")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(int pendingCount READ pendingCount NOTIFY pendingCountChanged)
    Q_PROPERTY(int activeCount READ activeCount NOTIFY activeCountChanged)
    Q_PROPERTY(int limit READ limit WRITE setLimit NOTIFY limitChanged)
    Q_PROPERTY(QString errorString READ errorString NOTIFY errorStringChanged)

public:
    static constexpr int kDefaultLimit = 1000;

    enum Role {
        IdRole = Qt::UserRole + 1,
        AgentIdRole,
        AgentNameRole,
        StatusRole, // "pending", "active", … (Mission::stateName)
        PurposeRole,
        ConnectionRole,
        ScopesRole,       // QStringList
        StepUpScopesRole, // QStringList
        RequestedAtRole,
        RequestExpiresAtRole, // when a pending request lapses
        DecidedAtRole,
        ExpiresAtRole, // when an active mission's token dies
        EndedAtRole,
        SecondsLeftRole, // until the next deadline of a pending or active mission; 0 otherwise
        TtlSecondsRole,
        DecidedByRole,
        ReasonRole,
        LiveRole, // pending or active
    };
    Q_ENUM(Role)

    MissionListModel(MissionRegistry &missions, AgentRegistry &agents, const Clock &clock, QObject *parent = nullptr);
    ~MissionListModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return int(m_rows.size()); }
    int pendingCount() const { return m_pending; }
    int activeCount() const { return m_active; }
    int limit() const { return m_limit; }
    void setLimit(int limit);
    QString errorString() const { return m_error; }
    bool isCountingDown() const;

    // Reads the missions again (a reset: only on request, never on a tick).
    Q_INVOKABLE bool reload();
    // The row of mission `id`, or -1.
    Q_INVOKABLE int rowOf(const QString &id) const;
    Q_INVOKABLE QString idAt(int row) const;

    static qint64 secondsLeft(const Mission &mission, const QDateTime &now);

public Q_SLOTS:
    // One countdown step; the timer and clock jumps call it.
    void tick();

Q_SIGNALS:
    void countChanged();
    void pendingCountChanged();
    void activeCountChanged();
    void limitChanged();
    void errorStringChanged();

private:
    struct Row {
        Mission mission;
        qint64 shownSeconds = 0; // what the view last heard secondsLeft was
    };
    void onMissionChanged(const Mission &mission);
    void onAgentAdded(const QString &agentId);
    int insertionRow(const Mission &mission) const;
    void trimToLimit();
    void recount();
    void setError(const QString &error);

    MissionRegistry &m_missions;
    AgentRegistry &m_agents;
    const Clock &m_clock;
    AgentNames *m_names;
    Countdown *m_countdown;
    QList<Row> m_rows;
    int m_limit = kDefaultLimit;
    int m_pending = 0;
    int m_active = 0;
    QString m_error;
};

} // namespace sanctum
