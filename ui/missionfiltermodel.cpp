#include "ui/missionfiltermodel.h"

#include "ui/countsignal.h"
#include "ui/missionlistmodel.h"

namespace sanctum {

MissionFilterModel::MissionFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    // A change of state re-filters its row; a countdown tick (secondsLeft
    // only) does not, and passes through as the same small dataChanged.
    setFilterRole(MissionListModel::StatusRole);
    notifyCountChanges(this, &MissionFilterModel::countChanged);
    connect(this, &QAbstractItemModel::layoutChanged, this, &MissionFilterModel::countChanged);
}

void MissionFilterModel::setStatuses(const QStringList &statuses)
{
    if (statuses == m_statuses)
        return;
    m_statuses = statuses;
    invalidateFilter();
    Q_EMIT statusesChanged();
}

void MissionFilterModel::setText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_text)
        return;
    m_text = trimmed;
    invalidateFilter();
    Q_EMIT textChanged();
}

int MissionFilterModel::sourceRow(int row) const
{
    const QModelIndex source = mapToSource(index(row, 0));
    return source.isValid() ? source.row() : -1;
}

bool MissionFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QAbstractItemModel *source = sourceModel();
    const QModelIndex i = source->index(sourceRow, 0, sourceParent);
    if (!m_statuses.isEmpty() && !m_statuses.contains(i.data(MissionListModel::StatusRole).toString()))
        return false;
    if (m_text.isEmpty())
        return true;
    for (int role : {MissionListModel::PurposeRole,
                     MissionListModel::AgentNameRole,
                     MissionListModel::AgentIdRole,
                     MissionListModel::ConnectionRole,
                     MissionListModel::IdRole,
                     MissionListModel::DecidedByRole,
                     MissionListModel::ReasonRole})
        if (i.data(role).toString().contains(m_text, Qt::CaseInsensitive))
            return true;
    for (int role : {MissionListModel::ScopesRole, MissionListModel::StepUpScopesRole})
        for (const QString &scope : i.data(role).toStringList())
            if (scope.contains(m_text, Qt::CaseInsensitive))
                return true;
    return false;
}

} // namespace sanctum
