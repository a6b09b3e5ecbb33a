#include "ui/scopeheatmapmodel.h"

#include "services/agents/agentregistry.h"
#include "services/missions/missionregistry.h"
#include "store/usagerecorder.h"
#include "ui/agentnames.h"
#include "ui/uilogging.h"
#include "ui/usagesnapshotloader.h"

#include <QLocale>
#include <QSet>

#include <algorithm>
#include <climits>
#include <cmath>

namespace sanctum {

namespace {
const QList<int> kUsageRoles = {Qt::DisplayRole,
                                Qt::ToolTipRole,
                                ScopeHeatmapModel::UsedRole,
                                ScopeHeatmapModel::DeniedRole,
                                ScopeHeatmapModel::FailedRole,
                                ScopeHeatmapModel::WasteRole,
                                ScopeHeatmapModel::LastUsedRole,
                                ScopeHeatmapModel::LastDeniedRole,
                                ScopeHeatmapModel::IntensityRole};
const QList<int> kGrantRoles = {Qt::ToolTipRole, ScopeHeatmapModel::GrantedRole, ScopeHeatmapModel::WasteRole};

QDateTime later(const QDateTime &a, const QDateTime &b)
{
    return !a.isValid() || (b.isValid() && b > a) ? b : a;
}
} // namespace

ScopeHeatmapModel::ScopeHeatmapModel(AgentRegistry &agents, MissionRegistry &missions, UsageRecorder &usage,
                                     UsageSnapshotLoader &loader, QObject *parent)
    : QAbstractTableModel(parent)
    , m_agents(agents)
    , m_missions(missions)
    , m_usage(usage)
    , m_loader(loader)
    , m_names(new AgentNames(agents, this))
{
    connect(&loader, &UsageSnapshotLoader::loaded, this, &ScopeHeatmapModel::onSnapshot);
    connect(&usage, &UsageRecorder::committed, this, &ScopeHeatmapModel::onCommitted);
    connect(&missions, &MissionRegistry::missionChanged, this, &ScopeHeatmapModel::onMissionChanged);
    connect(m_names, &AgentNames::added, this, [this](const Agent &a) { onAgentAdded(a.id); });
    connect(&agents, &AgentRegistry::agentRemoved, this, &ScopeHeatmapModel::onAgentRemoved);
    reload();
}

ScopeHeatmapModel::~ScopeHeatmapModel() = default;

int ScopeHeatmapModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ScopeHeatmapModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_scopes.size());
}

QVariant ScopeHeatmapModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const Cell &cell = row.cells.at(index.column());
    switch (role) {
    case Qt::DisplayRole:
    case UsedRole:
        return cell.used;
    case DeniedRole:
        return cell.denied;
    case FailedRole:
        return cell.failed;
    case GrantedRole:
        return cell.granted;
    case WasteRole:
        return cell.granted && cell.used == 0;
    case LastUsedRole:
        return cell.lastUsed;
    case LastDeniedRole:
        return cell.lastDenied;
    case IntensityRole:
        return intensity(cell.used, m_maxUsed);
    case AgentIdRole:
        return row.agentId;
    case AgentNameRole:
        return row.name;
    case ScopeRole:
        return m_scopes.at(index.column());
    case Qt::ToolTipRole:
        return toolTip(row, index.column());
    default:
        return {};
    }
}

QVariant ScopeHeatmapModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && section >= 0 && section < m_scopes.size()) {
        if (role == Qt::DisplayRole || role == ScopeRole)
            return m_scopes.at(section);
    } else if (orientation == Qt::Vertical && section >= 0 && section < m_rows.size()) {
        if (role == Qt::DisplayRole || role == AgentNameRole)
            return m_rows.at(section).name;
        if (role == Qt::ToolTipRole || role == AgentIdRole)
            return m_rows.at(section).agentId;
    }
    return {};
}

QHash<int, QByteArray> ScopeHeatmapModel::roleNames() const
{
    return {
        {Qt::DisplayRole, "display"},
        {Qt::ToolTipRole, "toolTip"},
        {UsedRole, "used"},
        {DeniedRole, "denied"},
        {FailedRole, "failed"},
        {GrantedRole, "granted"},
        {WasteRole, "waste"},
        {LastUsedRole, "lastUsed"},
        {LastDeniedRole, "lastDenied"},
        {IntensityRole, "intensity"},
        {AgentIdRole, "agentId"},
        {AgentNameRole, "agentName"},
        {ScopeRole, "scope"},
    };
}

double ScopeHeatmapModel::intensity(qint64 used, qint64 max)
{
    if (used <= 0 || max <= 0)
        return 0.0;
    return std::min(1.0, std::log1p(double(used)) / std::log1p(double(max)));
}

void ScopeHeatmapModel::setWindow(const QDateTime &from, const QDateTime &to)
{
    const UsageWindow window{from, to};
    if (window == m_window)
        return;
    m_window = window;
    Q_EMIT windowChanged();
    reload();
}

QString ScopeHeatmapModel::agentIdAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).agentId : QString();
}

QString ScopeHeatmapModel::agentNameAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).name : QString();
}

QString ScopeHeatmapModel::scopeAt(int column) const
{
    return m_scopes.value(column);
}

void ScopeHeatmapModel::reload()
{
    // Until the snapshot comes, live updates keep going on the table as it
    // is; the snapshot then replaces it, with what came in meanwhile on top.
    if (!m_loading) {
        m_loading = true;
        Q_EMIT loadingChanged();
    }
    m_loader.request(m_window);
}

void ScopeHeatmapModel::onSnapshot(const UsageSnapshot &snapshot)
{
    if (!m_loading || !(snapshot.window == m_window))
        return;
    m_loading = false;
    const QList<ScopeUsage> &usage = snapshot.usage;
    const QHash<QString, ScopeSet> &granted = snapshot.granted;
    const Expected<QList<Agent>> live = m_agents.list(false);
    const std::optional<Error> failed = snapshot.error ? snapshot.error
                                        : live         ? std::nullopt
                                                       : std::optional(live.error());
    if (failed) {
        qCWarning(lcUi) << "could not load the scope heatmap:" << failed->message;
        setError(failed->message);
        Q_EMIT loadingChanged();
        return;
    }

    QSet<QString> agentIds;
    QSet<QString> scopeSet;
    for (const Agent &a : *live)
        agentIds.insert(a.id);
    for (const ScopeUsage &u : usage) {
        agentIds.insert(u.agentId);
        scopeSet.insert(u.scope);
    }
    for (auto it = granted.cbegin(); it != granted.cend(); ++it) {
        agentIds.insert(it.key());
        for (const QString &s : it.value())
            scopeSet.insert(s);
    }

    beginResetModel();
    m_scopes = QStringList(scopeSet.cbegin(), scopeSet.cend());
    m_scopes.sort();
    reindexColumns();
    m_rows.clear();
    for (const QString &id : std::as_const(agentIds))
        m_rows.append({id, m_names->name(id), QList<Cell>(m_scopes.size())});
    std::sort(m_rows.begin(), m_rows.end(), [this](const Row &a, const Row &b) { return rowSortsBefore(a, b); });
    reindexRows();
    m_maxUsed = 0;
    for (const ScopeUsage &u : usage) {
        Cell &c = m_rows[m_rowOf.value(u.agentId)].cells[m_columnOf.value(u.scope)];
        c.used = u.allowed;
        c.denied = u.denied;
        c.failed = u.failed;
        c.lastUsed = u.lastUsed;
        c.lastDenied = u.lastDenied;
        m_maxUsed = std::max(m_maxUsed, c.used);
    }
    for (auto it = granted.cbegin(); it != granted.cend(); ++it)
        for (const QString &s : it.value())
            m_rows[m_rowOf.value(it.key())].cells[m_columnOf.value(s)].granted = true;
    endResetModel();

    Q_EMIT maxUsedChanged();
    Q_EMIT scopesChanged();
    setError({});

    // What the snapshot could not include: calls committed while it was
    // read, and missions granted since (marking a grant twice is harmless).
    onCommitted(snapshot.later);
    MissionFilter active;
    active.state = MissionState::Active;
    active.limit = 10'000;
    if (const Expected<QList<Mission>> missions = m_missions.list(active))
        for (const Mission &m : *missions)
            onMissionChanged(m);
    Q_EMIT loadingChanged();
}

void ScopeHeatmapModel::onCommitted(const QList<UsageEvent> &events)
{
    // Structure first (new agents, new scopes), so the cells touched below
    // are addressed in the table as it finally stands.
    QList<const UsageEvent *> counted;
    counted.reserve(events.size());
    for (const UsageEvent &e : events) {
        if (e.scope.isEmpty() || !m_window.contains(e.at))
            continue; // refused before a rule matched: it belongs to no scope
        ensureScope(e.scope);
        ensureAgent(e.agentId);
        counted.append(&e);
    }
    if (counted.isEmpty())
        return;

    QList<std::pair<int, int>> touched;
    qint64 busiest = 0;
    for (const UsageEvent *e : std::as_const(counted)) {
        const int r = m_rowOf.value(e->agentId);
        const int c = m_columnOf.value(e->scope);
        Cell &cell = m_rows[r].cells[c];
        switch (UsageStats::kindOf(e->outcome)) {
        case UsageStats::Kind::Used:
            ++cell.used;
            cell.lastUsed = later(cell.lastUsed, e->at);
            break;
        case UsageStats::Kind::Denied:
            ++cell.denied;
            cell.lastDenied = later(cell.lastDenied, e->at);
            break;
        case UsageStats::Kind::Failed:
            ++cell.failed;
            break;
        }
        busiest = std::max(busiest, cell.used);
        touched.append({r, c});
    }
    raiseMax(busiest);
    emitCells(std::move(touched), kUsageRoles);
}

void ScopeHeatmapModel::onMissionChanged(const Mission &mission)
{
    if (!UsageStats::grantsWithin(mission, m_window))
        return;
    const ScopeSet scopes = mission.request.scopes.united(mission.stepUpScopes);
    for (const QString &s : scopes)
        ensureScope(s);
    const int r = ensureAgent(mission.agentId);
    QList<std::pair<int, int>> touched;
    for (const QString &s : scopes) {
        const int c = m_columnOf.value(s);
        Cell &cell = m_rows[r].cells[c];
        if (cell.granted)
            continue;
        cell.granted = true;
        touched.append({r, c});
    }
    emitCells(std::move(touched), kGrantRoles);
}

void ScopeHeatmapModel::onAgentAdded(const QString &agentId)
{
    ensureAgent(agentId);
}

void ScopeHeatmapModel::onAgentRemoved(const QString &agentId)
{
    // A removed agent's history in the window still counts; only an empty
    // row goes.
    const int r = m_rowOf.value(agentId, -1);
    if (r < 0)
        return;
    const QList<Cell> &cells = m_rows.at(r).cells;
    if (!std::all_of(cells.cbegin(), cells.cend(), [](const Cell &c) { return c.isEmpty(); }))
        return;
    beginRemoveRows({}, r, r);
    m_rows.removeAt(r);
    reindexRows();
    endRemoveRows();
}

int ScopeHeatmapModel::ensureAgent(const QString &agentId)
{
    if (const int r = m_rowOf.value(agentId, -1); r >= 0)
        return r;
    Row row{agentId, m_names->name(agentId), QList<Cell>(m_scopes.size())};
    const auto it = std::lower_bound(
        m_rows.cbegin(), m_rows.cend(), row, [this](const Row &a, const Row &b) { return rowSortsBefore(a, b); });
    const int r = int(it - m_rows.cbegin());
    beginInsertRows({}, r, r);
    m_rows.insert(r, std::move(row));
    reindexRows();
    endInsertRows();
    return r;
}

int ScopeHeatmapModel::ensureScope(const QString &scope)
{
    if (const int c = m_columnOf.value(scope, -1); c >= 0)
        return c;
    const int c = int(std::lower_bound(m_scopes.cbegin(), m_scopes.cend(), scope) - m_scopes.cbegin());
    beginInsertColumns({}, c, c);
    m_scopes.insert(c, scope);
    for (Row &row : m_rows)
        row.cells.insert(c, Cell{});
    reindexColumns();
    endInsertColumns();
    Q_EMIT scopesChanged();
    return c;
}

void ScopeHeatmapModel::reindexRows()
{
    m_rowOf.clear();
    m_rowOf.reserve(m_rows.size());
    for (int i = 0; i < m_rows.size(); ++i)
        m_rowOf.insert(m_rows.at(i).agentId, i);
}

void ScopeHeatmapModel::reindexColumns()
{
    m_columnOf.clear();
    m_columnOf.reserve(m_scopes.size());
    for (int i = 0; i < m_scopes.size(); ++i)
        m_columnOf.insert(m_scopes.at(i), i);
}

bool ScopeHeatmapModel::rowSortsBefore(const Row &a, const Row &b) const
{
    if (const int byName = a.name.compare(b.name, Qt::CaseInsensitive); byName != 0)
        return byName < 0;
    return a.agentId < b.agentId;
}

void ScopeHeatmapModel::emitCells(QList<std::pair<int, int>> cells, const QList<int> &roles)
{
    // One signal per touched cell, each once, in table order.
    std::sort(cells.begin(), cells.end());
    cells.erase(std::unique(cells.begin(), cells.end()), cells.end());
    for (const auto &[r, c] : std::as_const(cells)) {
        const QModelIndex i = index(r, c);
        Q_EMIT dataChanged(i, i, roles);
    }
}

void ScopeHeatmapModel::raiseMax(qint64 candidate)
{
    if (candidate <= m_maxUsed)
        return;
    m_maxUsed = candidate;
    // Every intensity is relative to the maximum, so all of them moved; the
    // counts did not.
    if (!m_rows.isEmpty() && !m_scopes.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, int(m_scopes.size()) - 1), {IntensityRole});
    Q_EMIT maxUsedChanged();
}

QString ScopeHeatmapModel::toolTip(const Row &row, int column) const
{
    const Cell &cell = row.cells.at(column);
    const QLocale locale;
    QStringList lines{tr("%1 · %2").arg(row.name, m_scopes.at(column))};
    if (cell.used > 0)
        lines << tr("Used %n time(s), last %1", nullptr, int(qMin<qint64>(cell.used, INT_MAX)))
                     .arg(locale.toString(cell.lastUsed.toLocalTime(), QLocale::ShortFormat));
    else
        lines << tr("Never used");
    if (cell.denied > 0)
        lines << tr("Refused %n time(s), last %1", nullptr, int(qMin<qint64>(cell.denied, INT_MAX)))
                     .arg(locale.toString(cell.lastDenied.toLocalTime(), QLocale::ShortFormat));
    if (cell.failed > 0)
        lines << tr("%n call(s) failed upstream", nullptr, int(qMin<qint64>(cell.failed, INT_MAX)));
    if (cell.granted && cell.used == 0)
        lines << tr("Granted but never used: a candidate to drop");
    else if (!cell.granted)
        lines << tr("Not granted in this period");
    return lines.join(QLatin1Char('\n'));
}

void ScopeHeatmapModel::setError(const QString &error)
{
    if (error == m_error)
        return;
    m_error = error;
    Q_EMIT errorStringChanged();
}

} // namespace sanctum
