#include "auditlistmodel.h"

#include "auditlog.h"
#include "countsignal.h"
#include "uilogging.h"

#include <algorithm>

namespace sanctum {

AuditListModel::AuditListModel(AuditLog &log, QObject *parent)
    : QAbstractListModel(parent)
    , m_log(log)
{
    connect(&log, &AuditLog::appended, this, &AuditListModel::onAppended);
    notifyCountChanges(this, &AuditListModel::countChanged);
    reload();
}

AuditListModel::~AuditListModel() = default;

int AuditListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant AuditListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::ParentIsInvalid))
        return {};
    const AuditEvent &e = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case ActionRole:
        return e.action;
    case SeqRole:
        return e.seq;
    case AtRole:
        return e.at;
    case ActorRole:
        return e.actor;
    case SubjectTypeRole:
        return e.subjectType;
    case SubjectIdRole:
        return e.subjectId;
    case DetailsRole:
        return e.details.toVariantMap();
    case DetailsJsonRole:
        return QString::fromUtf8(e.detailsJson);
    case HashRole:
        return QString::fromLatin1(e.hash);
    case PrevHashRole:
        return QString::fromLatin1(e.prevHash);
    default:
        return {};
    }
}

QHash<int, QByteArray> AuditListModel::roleNames() const
{
    return {
        {SeqRole, "seq"},
        {AtRole, "at"},
        {ActorRole, "actor"},
        {ActionRole, "action"},
        {SubjectTypeRole, "subjectType"},
        {SubjectIdRole, "subjectId"},
        {DetailsRole, "details"},
        {DetailsJsonRole, "detailsJson"},
        {HashRole, "hash"},
        {PrevHashRole, "prevHash"},
    };
}

bool AuditListModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !isComplete();
}

void AuditListModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    QList<AuditEvent> page;
    if (!readPage(m_nextBelow, &page))
        return;
    m_nextBelow = std::max<qint64>(1, m_nextBelow - kPageSize);
    if (page.isEmpty()) {
        Q_EMIT countChanged(); // `complete` may have moved
        return;
    }
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(page.size()) - 1);
    m_rows.append(page);
    endInsertRows();
}

bool AuditListModel::reload()
{
    const qint64 below = m_log.headSeq() + 1;
    QList<AuditEvent> page;
    if (!readPage(below, &page))
        return false;
    beginResetModel();
    m_rows = page;
    m_nextBelow = std::max<qint64>(1, below - kPageSize);
    endResetModel();
    return true;
}

int AuditListModel::rowOf(qint64 seq) const
{
    // Newest first with no gaps in a sound log, so the row is usually at
    // (newest - seq); the search covers a log with entries missing.
    const auto it =
        std::lower_bound(m_rows.cbegin(), m_rows.cend(), seq, [](const AuditEvent &e, qint64 s) { return e.seq > s; });
    return it != m_rows.cend() && it->seq == seq ? int(it - m_rows.cbegin()) : -1;
}

void AuditListModel::onAppended(const AuditEvent &event)
{
    if (!m_rows.isEmpty() && event.seq <= m_rows.constFirst().seq)
        return; // already here (read by a reload racing the signal)
    beginInsertRows({}, 0, 0);
    m_rows.prepend(event);
    endInsertRows();
}

bool AuditListModel::readPage(qint64 below, QList<AuditEvent> *page)
{
    // AuditLog::list reads forwards from a seq; seqs have no gaps, so the
    // page below `below` starts kPageSize entries earlier. Entries missing
    // from a tampered log just make the page shorter; anything at or above
    // `below` that the read brings instead is already loaded and dropped.
    const qint64 from = std::max<qint64>(1, below - kPageSize);
    AuditQuery query;
    query.afterSeq = from - 1;
    query.limit = int(below - from);
    if (query.limit <= 0) {
        page->clear();
        return true;
    }
    const Expected<QList<AuditEvent>> read = m_log.list(query);
    if (!read) {
        qCWarning(lcUi) << "could not read the audit log:" << read.error().message;
        setError(read.error().message);
        return false;
    }
    page->clear();
    page->reserve(read->size());
    for (auto it = read->crbegin(); it != read->crend(); ++it)
        if (it->seq < below)
            page->append(*it);
    setError({});
    return true;
}

void AuditListModel::setError(const QString &error)
{
    if (error == m_error)
        return;
    m_error = error;
    Q_EMIT errorStringChanged();
}

} // namespace sanctum
