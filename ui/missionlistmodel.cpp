#include "ui/missionlistmodel.h"

#include "domain/agent.h"
#include "domain/clock.h"
#include "services/missions/missionregistry.h"
#include "ui/agentnames.h"
#include "ui/countdown.h"
#include "ui/countsignal.h"
#include "ui/uilogging.h"

#include <algorithm>

namespace sanctum {

namespace {
// Newest first, as MissionStore::list orders them.
bool newerThan(const Mission &a, const Mission &b)
{
    if (a.requestedAt != b.requestedAt)
        return a.requestedAt > b.requestedAt;
    return a.id > b.id;
}

bool isLive(const Mission &m)
{
    return !m.isTerminal();
}
} // namespace

MissionListModel::MissionListModel(MissionRegistry &missions, AgentRegistry &agents, const Clock &clock,
                                   QObject *parent)
    : QAbstractListModel(parent)
    , m_missions(missions)
    , m_agents(agents)
    , m_clock(clock)
    , m_names(new AgentNames(agents, this))
    , m_countdown(new Countdown(clock, this))
{
    connect(m_countdown, &Countdown::tick, this, &MissionListModel::tick);
    connect(&missions, &MissionRegistry::missionChanged, this, &MissionListModel::onMissionChanged);
    connect(m_names, &AgentNames::added, this, [this](const Agent &a) { onAgentAdded(a.id); });
    notifyCountChanges(this, &MissionListModel::countChanged);
    reload();
}

MissionListModel::~MissionListModel() = default;

int MissionListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant MissionListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const Mission &m = row.mission;
    switch (role) {
    case Qt::DisplayRole:
    case PurposeRole:
        return m.request.purpose;
    case IdRole:
        return m.id;
    case AgentIdRole:
        return m.agentId;
    case AgentNameRole:
        return m_names->name(m.agentId);
    case StatusRole:
        return Mission::stateName(m.state);
    case ConnectionRole:
        return m.request.connection;
    case ScopesRole:
        return m.request.scopes.toList();
    case StepUpScopesRole:
        return m.stepUpScopes.toList();
    case RequestedAtRole:
        return m.requestedAt;
    case RequestExpiresAtRole:
        return m.requestExpiresAt;
    case DecidedAtRole:
        return m.decidedAt;
    case ExpiresAtRole:
        return m.expiresAt;
    case EndedAtRole:
        return m.endedAt;
    case SecondsLeftRole:
        // What the last tick announced, so a view never sees a value change
        // without having been told.
        return row.shownSeconds;
    case TtlSecondsRole:
        return m.request.ttlSeconds;
    case DecidedByRole:
        return m.decidedBy;
    case ReasonRole:
        return m.reason;
    case LiveRole:
        return isLive(m);
    default:
        return {};
    }
}

QHash<int, QByteArray> MissionListModel::roleNames() const
{
    return {
        {IdRole, "id"},
        {AgentIdRole, "agentId"},
        {AgentNameRole, "agentName"},
        {StatusRole, "status"},
        {PurposeRole, "purpose"},
        {ConnectionRole, "connection"},
        {ScopesRole, "scopes"},
        {StepUpScopesRole, "stepUpScopes"},
        {RequestedAtRole, "requestedAt"},
        {RequestExpiresAtRole, "requestExpiresAt"},
        {DecidedAtRole, "decidedAt"},
        {ExpiresAtRole, "expiresAt"},
        {EndedAtRole, "endedAt"},
        {SecondsLeftRole, "secondsLeft"},
        {TtlSecondsRole, "ttlSeconds"},
        {DecidedByRole, "decidedBy"},
        {ReasonRole, "reason"},
        {LiveRole, "live"},
    };
}

qint64 MissionListModel::secondsLeft(const Mission &mission, const QDateTime &now)
{
    return Countdown::secondsUntil(now, mission.nextDeadline());
}

void MissionListModel::setLimit(int limit)
{
    limit = qBound(1, limit, 10'000); // MissionStore's own ceiling
    if (limit == m_limit)
        return;
    m_limit = limit;
    Q_EMIT limitChanged();
    reload();
}

bool MissionListModel::isCountingDown() const
{
    return m_countdown->isRunning();
}

bool MissionListModel::reload()
{
    MissionFilter filter;
    filter.limit = m_limit;
    const Expected<QList<Mission>> missions = m_missions.list(filter);
    if (!missions) {
        qCWarning(lcUi) << "could not list the missions:" << missions.error().message;
        setError(missions.error().message);
        return false;
    }
    const QDateTime now = m_clock.now();
    beginResetModel();
    m_rows.clear();
    m_rows.reserve(missions->size());
    for (const Mission &m : *missions)
        m_rows.append({m, secondsLeft(m, now)});
    endResetModel();
    setError({});
    recount();
    return true;
}

int MissionListModel::rowOf(const QString &id) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).mission.id == id)
            return i;
    return -1;
}

QString MissionListModel::idAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).mission.id : QString();
}

void MissionListModel::tick()
{
    const QDateTime now = m_clock.now();
    // Consecutive changed rows go out as one range, so a view hears exactly
    // the rows whose countdown moved and nothing else.
    int first = -1;
    auto flush = [&](int end) {
        if (first >= 0)
            Q_EMIT dataChanged(index(first), index(end - 1), {SecondsLeftRole});
        first = -1;
    };
    for (int i = 0; i < m_rows.size(); ++i) {
        Row &row = m_rows[i];
        const qint64 left = isLive(row.mission) ? secondsLeft(row.mission, now) : row.shownSeconds;
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

void MissionListModel::onMissionChanged(const Mission &mission)
{
    const qint64 left = secondsLeft(mission, m_clock.now());
    if (const int row = rowOf(mission.id); row >= 0) {
        m_rows[row] = {mission, left};
        // Every role may have moved with a transition (state, times,
        // decision, countdown); the other rows are untouched.
        Q_EMIT dataChanged(index(row), index(row));
    } else {
        const int at = insertionRow(mission);
        if (at >= m_limit)
            return; // older than everything the list holds
        beginInsertRows({}, at, at);
        m_rows.insert(at, {mission, left});
        endInsertRows();
        trimToLimit();
    }
    recount();
}

void MissionListModel::onAgentAdded(const QString &agentId)
{
    // A mission can arrive before its agent's name did (a race at start-up):
    // only those rows learn the name.
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).mission.agentId == agentId)
            Q_EMIT dataChanged(index(i), index(i), {AgentNameRole});
}

int MissionListModel::insertionRow(const Mission &mission) const
{
    const auto it = std::lower_bound(m_rows.cbegin(), m_rows.cend(), mission, [](const Row &row, const Mission &m) {
        return newerThan(row.mission, m);
    });
    return int(it - m_rows.cbegin());
}

void MissionListModel::trimToLimit()
{
    if (m_rows.size() <= m_limit)
        return;
    beginRemoveRows({}, m_limit, int(m_rows.size()) - 1);
    m_rows.resize(m_limit);
    endRemoveRows();
}

void MissionListModel::recount()
{
    m_countdown->setRunning(
        std::any_of(m_rows.cbegin(), m_rows.cend(), [](const Row &row) { return isLive(row.mission); }));
    // The registry's own counts, not the rows': the list may be cut at its
    // limit, and the tray's badge must match what the broker enforces.
    const MissionRegistry &missions = m_missions;
    if (const int pending = missions.pendingCount(); pending != m_pending) {
        m_pending = pending;
        Q_EMIT pendingCountChanged();
    }
    if (const int active = missions.activeCount(); active != m_active) {
        m_active = active;
        Q_EMIT activeCountChanged();
    }
}

void MissionListModel::setError(const QString &error)
{
    if (error == m_error)
        return;
    m_error = error;
    Q_EMIT errorStringChanged();
}

} // namespace sanctum
