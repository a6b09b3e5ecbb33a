#pragma once

#include "store/usagestats.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QStringList>
#include <QtQmlIntegration/qqmlintegration.h>

namespace sanctum {

class Database;
class UsageRecorder;
class Clock;

// One agent's scopes over time: rows are the scopes it called (or was
// refused), alphabetically; columns are consecutive UTC hours. By default
// the window follows the clock: the last 24 hours, and a usage event in a
// later hour appends columns up to it. setWindow() fixes it instead.
// Loaded with one UsageStats query; each committed usage batch then touches
// only its cells.
class AgentHourlyModel : public QAbstractTableModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Use Ui.agentHourly")
    Q_PROPERTY(QString agentId READ agentId WRITE setAgentId NOTIFY agentIdChanged)
    Q_PROPERTY(QDateTime from READ from NOTIFY windowChanged)
    Q_PROPERTY(QDateTime to READ to NOTIFY windowChanged)
    Q_PROPERTY(bool following READ isFollowing NOTIFY windowChanged)
    Q_PROPERTY(qint64 maxUsed READ maxUsed NOTIFY maxUsedChanged)
    Q_PROPERTY(QString errorString READ errorString NOTIFY errorStringChanged)

public:
    static constexpr int kDefaultHours = 24;
    // A following window that would grow past this starts over on the last
    // kDefaultHours instead (a reset, once a week at most).
    static constexpr int kMaxFollowHours = 7 * 24;
    // The widest fixed window, so a typo in a year cannot ask for a million columns.
    static constexpr int kMaxFixedHours = 366 * 24;

    enum Role {
        UsedRole = Qt::UserRole + 1,
        DeniedRole,
        IntensityRole, // 0..1, log-scaled against this agent's busiest hour
        HourRole,      // QDateTime, UTC, the start of the column's hour
        ScopeRole,
    };
    Q_ENUM(Role)

    AgentHourlyModel(Database &db, UsageRecorder &usage, const Clock &clock, QObject *parent = nullptr);
    ~AgentHourlyModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    QString agentId() const { return m_agentId; }
    void setAgentId(const QString &agentId);
    QDateTime from() const { return m_firstHour; }
    QDateTime to() const { return m_firstHour.addSecs(3600 * qint64(m_hours)); }
    bool isFollowing() const { return !m_fixed; }
    qint64 maxUsed() const { return m_maxUsed; }
    QString errorString() const { return m_error; }

    // A fixed window [from, to), widened to whole hours; two invalid times
    // go back to following the clock.
    Q_INVOKABLE bool setWindow(const QDateTime &from, const QDateTime &to);
    Q_INVOKABLE bool reload();
    Q_INVOKABLE QDateTime hourAt(int column) const;
    Q_INVOKABLE QString scopeAt(int row) const { return m_scopes.value(row); }
    Q_INVOKABLE int rowOfScope(const QString &scope) const { return m_rowOf.value(scope, -1); }

Q_SIGNALS:
    void agentIdChanged();
    void windowChanged();
    void maxUsedChanged();
    void errorStringChanged();

private:
    struct Cell {
        qint64 used = 0;
        qint64 denied = 0;
    };

    void onCommitted(const QList<UsageEvent> &events);
    int ensureScope(const QString &scope);
    void extendTo(const QDateTime &hour);
    int columnOf(const QDateTime &hour) const;
    void raiseMax(qint64 candidate);
    void setError(const QString &error);

    Database &m_db;
    UsageRecorder &m_usage;
    const Clock &m_clock;
    QString m_agentId;
    bool m_fixed = false;
    UsageWindow m_window; // what the counts cover; `from` may fall inside the first hour
    QDateTime m_firstHour;
    int m_hours = 0;
    QStringList m_scopes;
    QHash<QString, int> m_rowOf;
    QList<QList<Cell>> m_cells; // [row][column]
    qint64 m_maxUsed = 0;
    QString m_error;
};

} // namespace sanctum
