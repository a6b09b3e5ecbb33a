#pragma once

#include "services/missions/stepupgate.h"

#include <QAbstractListModel>
#include <QList>
#include <QtQmlIntegration/qqmlintegration.h>

namespace sanctum {

class AgentNames;
class Countdown;
class StepUpGate;
class AgentRegistry;
class Clock;

// Calls waiting for a one-off step-up approval, oldest first (the order the
// operator should answer them in). A request inserts one row, its settling
// removes that row, and the countdown refreshes only secondsLeft.
class StepUpListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Use Ui.stepUps")
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        MissionIdRole,
        AgentIdRole,
        AgentNameRole,
        ConnectionRole,
        ScopeRole,
        MethodRole,
        PathTemplateRole,
        RequestedAtRole,
        ExpiresAtRole,
        SecondsLeftRole,
    };
    Q_ENUM(Role)

    StepUpListModel(StepUpGate &stepUp, AgentRegistry &agents, const Clock &clock, QObject *parent = nullptr);
    ~StepUpListModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return int(m_rows.size()); }
    bool isCountingDown() const;

    Q_INVOKABLE void reload();
    Q_INVOKABLE int rowOf(const QString &id) const;
    Q_INVOKABLE QString idAt(int row) const;

public Q_SLOTS:
    void tick();

Q_SIGNALS:
    void countChanged();

private:
    struct Row {
        StepUpRequest stepUp;
        qint64 shownSeconds = 0;
    };
    void onRequested(const StepUpRequest &stepUp);
    void onSettled(const QString &id);
    qint64 secondsLeft(const StepUpRequest &stepUp) const;

    StepUpGate &m_stepUp;
    AgentRegistry &m_agents;
    const Clock &m_clock;
    AgentNames *m_names;
    Countdown *m_countdown;
    QList<Row> m_rows;
};

} // namespace sanctum
