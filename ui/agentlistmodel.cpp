#include "ui/agentlistmodel.h"

#include "services/agents/agentregistry.h"
#include "services/missions/missionregistry.h"
#include "store/usagerecorder.h"
#include "ui/countsignal.h"
#include "ui/uilogging.h"
#include "ui/usagesnapshotloader.h"

#include <algorithm>

namespace sanctum {

namespace {
QDateTime later(const QDateTime &a, const QDateTime &b)
{
    return !a.isValid() || (b.isValid() && b > a) ? b : a;
}

bool sortsBefore(const Agent &a, const Agent &b)
{
    if (const int byName = a.name.compare(b.name, Qt::CaseInsensitive); byName != 0)
        return byName < 0;
    return a.id < b.id;
}

bool isLive(MissionState s)
{
    return s == MissionState::Pending || s == MissionState::Active;
}
} // namespace

AgentListModel::AgentListModel(AgentRegistry &agents, MissionRegistry &missions, UsageRecorder &usage,
                               UsageSnapshotLoader &loader, QObject *parent)
    : QAbstractListModel(parent)
    , m_agents(agents)
    , m_missions(missions)
    , m_usage(usage)
    , m_loader(loader)
{
    connect(&loader, &UsageSnapshotLoader::loaded, this, &AgentListModel::onSnapshot);
    connect(&agents, &AgentRegistry::agentAdded, this, &AgentListModel::onAgentAdded);
    connect(&agents, &AgentRegistry::agentRemoved, this, &AgentListModel::onAgentRemoved);
    connect(&missions, &MissionRegistry::missionChanged, this, &AgentListModel::onMissionChanged);
    connect(&usage, &UsageRecorder::committed, this, &AgentListModel::onCommitted);
    notifyCountChanges(this, &AgentListModel::countChanged);
    // The agents and their missions at once (cheap); what they used when
    // the aggregates are in.
    rebuild(UsageSnapshot{});
    reload();
}

AgentListModel::~AgentListModel() = default;

int AgentListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant AgentListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return row.agent.name;
    case IdRole:
        return row.agent.id;
    case KeyPrefixRole:
        return row.agent.keyPrefix;
    case CreatedAtRole:
        return row.agent.createdAt;
    case LastSeenAtRole:
        return later(row.agent.lastSeenAt, row.lastCall);
    case ActiveMissionsRole:
        return row.active;
    case PendingMissionsRole:
        return row.pending;
    case GrantedScopesRole:
        return row.granted.toList();
    case UsedScopesRole:
        return row.used.toList();
    case UnusedScopesRole:
        return row.granted.subtracted(row.used).toList();
    case DeniedScopesRole:
        return row.denied.toList();
    case LastUsedByScopeRole: {
        QVariantMap byScope;
        for (auto it = row.lastUsed.cbegin(); it != row.lastUsed.cend(); ++it)
            byScope.insert(it.key(), it.value());
        return byScope;
    }
    default:
        return {};
    }
}

QHash<int, QByteArray> AgentListModel::roleNames() const
{
    return {
        {IdRole, "id"},
        {NameRole, "name"},
        {KeyPrefixRole, "keyPrefix"},
        {CreatedAtRole, "createdAt"},
        {LastSeenAtRole, "lastSeenAt"},
        {ActiveMissionsRole, "activeMissions"},
        {PendingMissionsRole, "pendingMissions"},
        {GrantedScopesRole, "grantedScopes"},
        {UsedScopesRole, "usedScopes"},
        {UnusedScopesRole, "unusedScopes"},
        {DeniedScopesRole, "deniedScopes"},
        {LastUsedByScopeRole, "lastUsedByScope"},
    };
}

void AgentListModel::setWindow(const QDateTime &from, const QDateTime &to)
{
    const UsageWindow window{from, to};
    if (window == m_window)
        return;
    m_window = window;
    Q_EMIT windowChanged();
    reload();
}

void AgentListModel::reload()
{
    if (!m_loading) {
        m_loading = true;
        Q_EMIT loadingChanged();
    }
    m_loader.request(m_window);
}

void AgentListModel::onSnapshot(const UsageSnapshot &snapshot)
{
    if (!m_loading || !(snapshot.window == m_window))
        return;
    m_loading = false;
    if (snapshot.error) {
        setError(snapshot.error->message);
    } else if (rebuild(snapshot)) {
        // Calls committed while it was read, on top, as live ones.
        onCommitted(snapshot.later);
    }
    Q_EMIT loadingChanged();
}

bool AgentListModel::rebuild(const UsageSnapshot &snapshot)
{
    const Expected<QList<Agent>> agents = m_agents.list(false);
    const QList<ScopeUsage> &usage = snapshot.usage;
    const QHash<QString, ScopeSet> &granted = snapshot.granted;
    MissionFilter pendingFilter;
    pendingFilter.state = MissionState::Pending;
    pendingFilter.limit = 10'000;
    MissionFilter activeFilter = pendingFilter;
    activeFilter.state = MissionState::Active;
    const Expected<QList<Mission>> pending = m_missions.list(pendingFilter);
    const Expected<QList<Mission>> active = m_missions.list(activeFilter);
    for (const Error *e : {agents ? nullptr : &agents.error(),
                           pending ? nullptr : &pending.error(),
                           active ? nullptr : &active.error()}) {
        if (e) {
            qCWarning(lcUi) << "could not load the agents:" << e->message;
            setError(e->message);
            return false;
        }
    }

    beginResetModel();
    m_rows.clear();
    for (const Agent &a : *agents)
        m_rows.append({a, {}, granted.value(a.id), {}, {}, {}, 0, 0});
    std::sort(m_rows.begin(), m_rows.end(), [](const Row &a, const Row &b) { return sortsBefore(a.agent, b.agent); });
    QHash<QString, int> rowOfAgent;
    for (int i = 0; i < m_rows.size(); ++i)
        rowOfAgent.insert(m_rows.at(i).agent.id, i);
    for (const ScopeUsage &u : usage) {
        const int r = rowOfAgent.value(u.agentId, -1);
        if (r < 0)
            continue; // a removed agent's history
        Row &row = m_rows[r];
        if (u.allowed > 0) {
            row.used.insert(u.scope);
            if (u.lastUsed.isValid())
                row.lastUsed.insert(u.scope, u.lastUsed);
        }
        if (u.denied > 0)
            row.denied.insert(u.scope);
        row.lastCall = later(later(row.lastCall, u.lastUsed), u.lastDenied);
    }
    m_liveMissions.clear();
    for (const QList<Mission> *list : {&*pending, &*active}) {
        for (const Mission &m : *list) {
            m_liveMissions.insert(m.id, m.state);
            const int r = rowOfAgent.value(m.agentId, -1);
            if (r < 0)
                continue;
            ++(m.state == MissionState::Pending ? m_rows[r].pending : m_rows[r].active);
            // Granted after the aggregates were read: counted here, as live.
            if (m.state == MissionState::Active && UsageStats::grantsWithin(m, m_window))
                m_rows[r].granted = m_rows[r].granted.united(m.request.scopes).united(m.stepUpScopes);
        }
    }
    endResetModel();
    setError({});
    return true;
}

int AgentListModel::rowOf(const QString &agentId) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).agent.id == agentId)
            return i;
    return -1;
}

QString AgentListModel::idAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).agent.id : QString();
}

void AgentListModel::onAgentAdded(const Agent &agent)
{
    if (rowOf(agent.id) >= 0)
        return;
    const int r = insertionRow(agent);
    beginInsertRows({}, r, r);
    m_rows.insert(r, Row{agent, {}, {}, {}, {}, {}, 0, 0});
    endInsertRows();
}

void AgentListModel::onAgentRemoved(const QString &agentId)
{
    const int r = rowOf(agentId);
    if (r < 0)
        return;
    beginRemoveRows({}, r, r);
    m_rows.removeAt(r);
    endRemoveRows();
}

void AgentListModel::onMissionChanged(const Mission &mission)
{
    const int r = rowOf(mission.agentId);
    // The live-mission book is kept even for agents without a row, so it
    // stays right if one appears later.
    const auto before = m_liveMissions.constFind(mission.id);
    const std::optional<MissionState> was =
        before == m_liveMissions.constEnd() ? std::nullopt : std::optional<MissionState>(*before);
    if (isLive(mission.state))
        m_liveMissions.insert(mission.id, mission.state);
    else
        m_liveMissions.remove(mission.id);
    if (r < 0)
        return;

    Row &row = m_rows[r];
    QList<int> roles;
    if (was != mission.state) {
        if (was)
            --(*was == MissionState::Pending ? row.pending : row.active);
        if (isLive(mission.state))
            ++(mission.state == MissionState::Pending ? row.pending : row.active);
        if (was == MissionState::Pending || mission.state == MissionState::Pending)
            roles << PendingMissionsRole;
        if (was == MissionState::Active || mission.state == MissionState::Active)
            roles << ActiveMissionsRole;
    }
    if (UsageStats::grantsWithin(mission, m_window)) {
        const ScopeSet granted = row.granted.united(mission.request.scopes).united(mission.stepUpScopes);
        if (granted != row.granted) {
            row.granted = granted;
            roles << GrantedScopesRole << UnusedScopesRole;
        }
    }
    changed(r, roles);
}

void AgentListModel::onCommitted(const QList<UsageEvent> &events)
{
    QHash<int, QList<int>> touched; // row → roles that moved
    for (const UsageEvent &e : events) {
        if (e.scope.isEmpty() || !m_window.contains(e.at))
            continue;
        const int r = rowOf(e.agentId);
        if (r < 0)
            continue;
        Row &row = m_rows[r];
        QList<int> &roles = touched[r];
        switch (UsageStats::kindOf(e.outcome)) {
        case UsageStats::Kind::Used:
            if (row.used.insert(e.scope))
                roles << UsedScopesRole << UnusedScopesRole;
            if (const auto last = row.lastUsed.constFind(e.scope); last == row.lastUsed.cend() || e.at > *last) {
                row.lastUsed.insert(e.scope, e.at);
                roles << LastUsedByScopeRole;
            }
            break;
        case UsageStats::Kind::Denied:
            if (row.denied.insert(e.scope))
                roles << DeniedScopesRole;
            break;
        case UsageStats::Kind::Failed:
            continue; // not a call that says anything about the scope
        }
        if (e.at > row.lastCall) {
            const QDateTime shown = later(row.agent.lastSeenAt, row.lastCall);
            row.lastCall = e.at;
            if (later(row.agent.lastSeenAt, row.lastCall) != shown)
                roles << LastSeenAtRole;
        }
    }
    QList<int> rows = touched.keys();
    std::sort(rows.begin(), rows.end());
    for (int r : std::as_const(rows))
        changed(r, touched.value(r));
}

void AgentListModel::changed(int row, const QList<int> &roles)
{
    if (roles.isEmpty())
        return;
    QList<int> unique = roles;
    std::sort(unique.begin(), unique.end());
    unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
    Q_EMIT dataChanged(index(row), index(row), unique);
}

int AgentListModel::insertionRow(const Agent &agent) const
{
    const auto it = std::lower_bound(m_rows.cbegin(), m_rows.cend(), agent, [](const Row &row, const Agent &a) {
        return sortsBefore(row.agent, a);
    });
    return int(it - m_rows.cbegin());
}

void AgentListModel::setError(const QString &error)
{
    if (error == m_error)
        return;
    m_error = error;
    Q_EMIT errorStringChanged();
}

} // namespace sanctum
