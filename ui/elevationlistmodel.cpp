#include "ui/elevationlistmodel.h"

#include "domain/agent.h"
#include "domain/clock.h"
#include "ui/agentnames.h"
#include "ui/countdown.h"
#include "ui/countsignal.h"

#include <algorithm>

namespace sanctum {

ElevationListModel::ElevationListModel(StepUpGate &stepUp, AgentRegistry &agents, const Clock &clock, QObject *parent)
    : QAbstractListModel(parent)
    , m_stepUp(stepUp)
    , m_agents(agents)
    , m_clock(clock)
    , m_names(new AgentNames(agents, this))
    , m_countdown(new Countdown(clock, this))
{
    StepUpGate &gate = stepUp;
    connect(&gate, &StepUpGate::requested, this, &ElevationListModel::onRequested);
    connect(&gate, &StepUpGate::settled, this, &ElevationListModel::onSettled);
    connect(m_countdown, &Countdown::tick, this, &ElevationListModel::tick);
    notifyCountChanges(this, &ElevationListModel::countChanged);
    reload();
}

ElevationListModel::~ElevationListModel() = default;

int ElevationListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant ElevationListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const Elevation &e = row.elevation;
    switch (role) {
    case Qt::DisplayRole:
    case ScopeRole:
        return e.scope;
    case IdRole:
        return e.id;
    case MissionIdRole:
        return e.missionId;
    case AgentIdRole:
        return e.agentId;
    case AgentNameRole:
        return m_names->name(e.agentId);
    case ConnectionRole:
        return e.connection;
    case MethodRole:
        return e.method;
    case PathTemplateRole:
        return e.pathTemplate;
    case RequestedAtRole:
        return e.requestedAt;
    case ExpiresAtRole:
        return e.expiresAt;
    case SecondsLeftRole:
        return row.shownSeconds;
    default:
        return {};
    }
}

QHash<int, QByteArray> ElevationListModel::roleNames() const
{
    return {
        {IdRole, "id"},
        {MissionIdRole, "missionId"},
        {AgentIdRole, "agentId"},
        {AgentNameRole, "agentName"},
        {ConnectionRole, "connection"},
        {ScopeRole, "scope"},
        {MethodRole, "method"},
        {PathTemplateRole, "pathTemplate"},
        {RequestedAtRole, "requestedAt"},
        {ExpiresAtRole, "expiresAt"},
        {SecondsLeftRole, "secondsLeft"},
    };
}

bool ElevationListModel::isCountingDown() const
{
    return m_countdown->isRunning();
}

void ElevationListModel::reload()
{
    beginResetModel();
    m_rows.clear();
    for (const Elevation &e : m_stepUp.pending())
        m_rows.append({e, secondsLeft(e)});
    endResetModel();
    m_countdown->setRunning(!m_rows.isEmpty());
}

int ElevationListModel::rowOf(const QString &id) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).elevation.id == id)
            return i;
    return -1;
}

QString ElevationListModel::idAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).elevation.id : QString();
}

void ElevationListModel::tick()
{
    int first = -1;
    auto flush = [&](int end) {
        if (first >= 0)
            Q_EMIT dataChanged(index(first), index(end - 1), {SecondsLeftRole});
        first = -1;
    };
    for (int i = 0; i < m_rows.size(); ++i) {
        Row &row = m_rows[i];
        const qint64 left = secondsLeft(row.elevation);
        if (left == row.shownSeconds) {
            flush(i);
            continue;
        }
        row.shownSeconds = left;
        if (first < 0)
            first = i;
    }
    flush(int(m_rows.size()));
}

void ElevationListModel::onRequested(const Elevation &elevation)
{
    if (rowOf(elevation.id) >= 0)
        return;
    // The gate stamps requests with its clock, so new ones sort last.
    const auto it =
        std::upper_bound(m_rows.cbegin(), m_rows.cend(), elevation.requestedAt, [](const QDateTime &t, const Row &row) {
            return t < row.elevation.requestedAt;
        });
    const int r = int(it - m_rows.cbegin());
    beginInsertRows({}, r, r);
    m_rows.insert(r, {elevation, secondsLeft(elevation)});
    endInsertRows();
    m_countdown->setRunning(true);
}

void ElevationListModel::onSettled(const QString &id)
{
    const int r = rowOf(id);
    if (r < 0)
        return;
    beginRemoveRows({}, r, r);
    m_rows.removeAt(r);
    endRemoveRows();
    m_countdown->setRunning(!m_rows.isEmpty());
}

qint64 ElevationListModel::secondsLeft(const Elevation &elevation) const
{
    return Countdown::secondsUntil(m_clock.now(), elevation.expiresAt);
}

} // namespace sanctum
