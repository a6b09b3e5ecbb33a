#include "ui/stepuplistmodel.h"

#include "domain/agent.h"
#include "domain/clock.h"
#include "ui/agentnames.h"
#include "ui/countdown.h"
#include "ui/countsignal.h"

#include <algorithm>

namespace sanctum {

StepUpListModel::StepUpListModel(StepUpGate &stepUp, AgentRegistry &agents, const Clock &clock, QObject *parent)
    : QAbstractListModel(parent)
    , m_stepUp(stepUp)
    , m_agents(agents)
    , m_clock(clock)
    , m_names(new AgentNames(agents, this))
    , m_countdown(new Countdown(clock, this))
{
    StepUpGate &gate = stepUp;
    connect(&gate, &StepUpGate::requested, this, &StepUpListModel::onRequested);
    connect(&gate, &StepUpGate::settled, this, &StepUpListModel::onSettled);
    connect(m_countdown, &Countdown::tick, this, &StepUpListModel::tick);
    notifyCountChanges(this, &StepUpListModel::countChanged);
    reload();
}

StepUpListModel::~StepUpListModel() = default;

int StepUpListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant StepUpListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const StepUpRequest &e = row.stepUp;
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

QHash<int, QByteArray> StepUpListModel::roleNames() const
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

bool StepUpListModel::isCountingDown() const
{
    return m_countdown->isRunning();
}

void StepUpListModel::reload()
{
    beginResetModel();
    m_rows.clear();
    for (const StepUpRequest &e : m_stepUp.pending())
        m_rows.append({e, secondsLeft(e)});
    endResetModel();
    m_countdown->setRunning(!m_rows.isEmpty());
}

int StepUpListModel::rowOf(const QString &id) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).stepUp.id == id)
            return i;
    return -1;
}

QString StepUpListModel::idAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).stepUp.id : QString();
}

void StepUpListModel::tick()
{
    int first = -1;
    auto flush = [&](int end) {
        if (first >= 0)
            Q_EMIT dataChanged(index(first), index(end - 1), {SecondsLeftRole});
        first = -1;
    };
    for (int i = 0; i < m_rows.size(); ++i) {
        Row &row = m_rows[i];
        const qint64 left = secondsLeft(row.stepUp);
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

void StepUpListModel::onRequested(const StepUpRequest &stepUp)
{
    if (rowOf(stepUp.id) >= 0)
        return;
    // The gate stamps requests with its clock, so new ones sort last.
    const auto it =
        std::upper_bound(m_rows.cbegin(), m_rows.cend(), stepUp.requestedAt, [](const QDateTime &t, const Row &row) {
            return t < row.stepUp.requestedAt;
        });
    const int r = int(it - m_rows.cbegin());
    beginInsertRows({}, r, r);
    m_rows.insert(r, {stepUp, secondsLeft(stepUp)});
    endInsertRows();
    m_countdown->setRunning(true);
}

void StepUpListModel::onSettled(const QString &id)
{
    const int r = rowOf(id);
    if (r < 0)
        return;
    beginRemoveRows({}, r, r);
    m_rows.removeAt(r);
    endRemoveRows();
    m_countdown->setRunning(!m_rows.isEmpty());
}

qint64 StepUpListModel::secondsLeft(const StepUpRequest &stepUp) const
{
    return Countdown::secondsUntil(m_clock.now(), stepUp.expiresAt);
}

} // namespace sanctum
