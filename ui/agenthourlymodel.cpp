#include "ui/agenthourlymodel.h"

#include "domain/clock.h"
#include "store/usagerecorder.h"
#include "ui/scopeheatmapmodel.h"
#include "ui/uilogging.h"

#include <QLocale>

#include <algorithm>
#include <climits>

namespace sanctum {

namespace {
constexpr qint64 kHourSecs = 3600;

const QList<int> kCellRoles = {Qt::DisplayRole,
                               Qt::ToolTipRole,
                               AgentHourlyModel::UsedRole,
                               AgentHourlyModel::DeniedRole,
                               AgentHourlyModel::IntensityRole};
} // namespace

AgentHourlyModel::AgentHourlyModel(Database &db, UsageRecorder &usage, const Clock &clock, QObject *parent)
    : QAbstractTableModel(parent)
    , m_db(db)
    , m_usage(usage)
    , m_clock(clock)
{
    connect(&usage, &UsageRecorder::committed, this, &AgentHourlyModel::onCommitted);
    reload();
}

AgentHourlyModel::~AgentHourlyModel() = default;

int AgentHourlyModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_scopes.size());
}

int AgentHourlyModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_hours;
}

QVariant AgentHourlyModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::ParentIsInvalid))
        return {};
    const Cell &cell = m_cells.at(index.row()).at(index.column());
    switch (role) {
    case Qt::DisplayRole:
    case UsedRole:
        return cell.used;
    case DeniedRole:
        return cell.denied;
    case IntensityRole:
        return ScopeHeatmapModel::intensity(cell.used, m_maxUsed);
    case HourRole:
        return hourAt(index.column());
    case ScopeRole:
        return m_scopes.at(index.row());
    case Qt::ToolTipRole: {
        const QLocale locale;
        const QDateTime hour = hourAt(index.column()).toLocalTime();
        QString text = tr("%1, %2–%3")
                           .arg(m_scopes.at(index.row()),
                                locale.toString(hour, QLocale::ShortFormat),
                                locale.toString(hour.addSecs(kHourSecs).time(), QLocale::ShortFormat));
        text += QLatin1Char('\n') + tr("Used %n time(s)", nullptr, int(qMin<qint64>(cell.used, INT_MAX)));
        if (cell.denied > 0)
            text += QLatin1Char('\n') + tr("Refused %n time(s)", nullptr, int(qMin<qint64>(cell.denied, INT_MAX)));
        return text;
    }
    default:
        return {};
    }
}

QVariant AgentHourlyModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && section >= 0 && section < m_hours) {
        if (role == HourRole)
            return hourAt(section);
        if (role == Qt::DisplayRole)
            return QLocale().toString(hourAt(section).toLocalTime().time(), QLocale::ShortFormat);
    } else if (orientation == Qt::Vertical && section >= 0 && section < m_scopes.size()) {
        if (role == Qt::DisplayRole || role == ScopeRole)
            return m_scopes.at(section);
    }
    return {};
}

QHash<int, QByteArray> AgentHourlyModel::roleNames() const
{
    return {
        {Qt::DisplayRole, "display"},
        {Qt::ToolTipRole, "toolTip"},
        {UsedRole, "used"},
        {DeniedRole, "denied"},
        {IntensityRole, "intensity"},
        {HourRole, "hour"},
        {ScopeRole, "scope"},
    };
}

void AgentHourlyModel::setAgentId(const QString &agentId)
{
    if (agentId == m_agentId)
        return;
    m_agentId = agentId;
    Q_EMIT agentIdChanged();
    reload();
}

bool AgentHourlyModel::setWindow(const QDateTime &from, const QDateTime &to)
{
    if (!from.isValid() && !to.isValid()) {
        m_fixed = false;
        return reload();
    }
    if (!from.isValid() || !to.isValid() || to <= from ||
        UsageStats::hourOf(from).secsTo(to) > kMaxFixedHours * kHourSecs) {
        setError(tr(
            "The period must have a start before its end, and last at most %n day(s)", nullptr, kMaxFixedHours / 24));
        return false;
    }
    m_fixed = true;
    m_window = {from, to};
    return reload();
}

bool AgentHourlyModel::reload()
{
    if (!m_fixed) {
        const QDateTime currentHour = UsageStats::hourOf(m_clock.now());
        m_window = {currentHour.addSecs(-kHourSecs * (kDefaultHours - 1)), {}};
    }
    QList<HourlyUsage> usage;
    if (!m_agentId.isEmpty()) {
        const Expected<QList<HourlyUsage>> read = UsageStats(m_db).hourly(m_agentId, m_window);
        if (!read) {
            qCWarning(lcUi) << "could not load the hourly usage of" << m_agentId << ":" << read.error().message;
            setError(read.error().message);
            return false;
        }
        usage = *read;
    }

    beginResetModel();
    m_firstHour = UsageStats::hourOf(m_window.from);
    if (m_fixed) {
        const qint64 secs = m_firstHour.secsTo(m_window.to);
        m_hours = int((secs + kHourSecs - 1) / kHourSecs);
    } else {
        m_hours = kDefaultHours;
        // Calls stamped after the current hour (the clock was set back)
        // still get their column.
        for (const HourlyUsage &h : std::as_const(usage))
            m_hours = std::max(m_hours, int(m_firstHour.secsTo(h.hour) / kHourSecs) + 1);
    }
    m_scopes.clear();
    for (const HourlyUsage &h : std::as_const(usage))
        if (m_scopes.isEmpty() || m_scopes.constLast() != h.scope) // hourly() orders by scope
            m_scopes.append(h.scope);
    m_rowOf.clear();
    for (int i = 0; i < m_scopes.size(); ++i)
        m_rowOf.insert(m_scopes.at(i), i);
    m_cells = QList<QList<Cell>>(m_scopes.size(), QList<Cell>(m_hours));
    m_maxUsed = 0;
    for (const HourlyUsage &h : std::as_const(usage)) {
        const int c = columnOf(h.hour);
        if (c < 0 || c >= m_hours)
            continue;
        Cell &cell = m_cells[m_rowOf.value(h.scope)][c];
        cell.used = h.allowed;
        cell.denied = h.denied;
        m_maxUsed = std::max(m_maxUsed, cell.used);
    }
    endResetModel();

    Q_EMIT windowChanged();
    Q_EMIT maxUsedChanged();
    setError({});
    return true;
}

QDateTime AgentHourlyModel::hourAt(int column) const
{
    if (column < 0 || column >= m_hours)
        return {};
    return m_firstHour.addSecs(kHourSecs * column);
}

void AgentHourlyModel::onCommitted(const QList<UsageEvent> &events)
{
    if (m_agentId.isEmpty())
        return;
    QList<std::pair<int, int>> touched;
    qint64 busiest = 0;
    for (const UsageEvent &e : events) {
        if (e.agentId != m_agentId || e.scope.isEmpty() || !m_window.contains(e.at))
            continue;
        const UsageStats::Kind kind = UsageStats::kindOf(e.outcome);
        if (kind == UsageStats::Kind::Failed)
            continue; // hourly() counts used and refused calls only
        const QDateTime hour = UsageStats::hourOf(e.at);
        if (columnOf(hour) >= m_hours) {
            if (columnOf(hour) >= kMaxFollowHours) {
                // Following for a week: start over on the last day.
                reload();
                return;
            }
            extendTo(hour);
        }
        const int r = ensureScope(e.scope);
        const int c = columnOf(hour);
        Cell &cell = m_cells[r][c];
        if (kind == UsageStats::Kind::Used)
            ++cell.used;
        else
            ++cell.denied;
        busiest = std::max(busiest, cell.used);
        touched.append({r, c});
    }
    raiseMax(busiest);
    std::sort(touched.begin(), touched.end());
    touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
    for (const auto &[r, c] : std::as_const(touched)) {
        const QModelIndex i = index(r, c);
        Q_EMIT dataChanged(i, i, kCellRoles);
    }
}

int AgentHourlyModel::ensureScope(const QString &scope)
{
    if (const int r = m_rowOf.value(scope, -1); r >= 0)
        return r;
    const int r = int(std::lower_bound(m_scopes.cbegin(), m_scopes.cend(), scope) - m_scopes.cbegin());
    beginInsertRows({}, r, r);
    m_scopes.insert(r, scope);
    m_cells.insert(r, QList<Cell>(m_hours));
    m_rowOf.clear();
    for (int i = 0; i < m_scopes.size(); ++i)
        m_rowOf.insert(m_scopes.at(i), i);
    endInsertRows();
    return r;
}

void AgentHourlyModel::extendTo(const QDateTime &hour)
{
    const int last = columnOf(hour);
    beginInsertColumns({}, m_hours, last);
    for (QList<Cell> &row : m_cells)
        row.resize(last + 1);
    m_hours = last + 1;
    endInsertColumns();
    Q_EMIT windowChanged();
}

int AgentHourlyModel::columnOf(const QDateTime &hour) const
{
    return int(m_firstHour.secsTo(hour) / kHourSecs);
}

void AgentHourlyModel::raiseMax(qint64 candidate)
{
    if (candidate <= m_maxUsed)
        return;
    m_maxUsed = candidate;
    if (!m_scopes.isEmpty() && m_hours > 0)
        Q_EMIT dataChanged(index(0, 0), index(int(m_scopes.size()) - 1, m_hours - 1), {IntensityRole});
    Q_EMIT maxUsedChanged();
}

void AgentHourlyModel::setError(const QString &error)
{
    if (error == m_error)
        return;
    m_error = error;
    Q_EMIT errorStringChanged();
}

} // namespace sanctum
