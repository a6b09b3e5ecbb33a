#include "ui/auditlistmodel.h"

#include "store/auditlog.h"
#include "ui/countsignal.h"
#include "ui/uilogging.h"

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
    bool more = false;
    // Below the oldest row loaded: entries missing from a tampered log, or
    // skipped by the filter, cost nothing here.
    if (!readPage(m_rows.isEmpty() ? 0 : m_rows.constLast().seq, &page, &more))
        return;
    m_complete = !more;
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
    QList<AuditEvent> page;
    bool more = false;
    if (!readPage(0, &page, &more))
        return false;
    beginResetModel();
    m_rows = page;
    m_complete = !more;
    endResetModel();
    return true;
}

void AuditListModel::setActionPrefix(const QString &prefix)
{
    if (prefix == m_filter.actionPrefix)
        return;
    m_filter.actionPrefix = prefix;
    reload();
    Q_EMIT filterChanged();
}

void AuditListModel::setSearchText(const QString &text)
{
    if (text == m_filter.text)
        return;
    m_filter.text = text;
    reload();
    Q_EMIT filterChanged();
}

int AuditListModel::rowOf(qint64 seq) const
{
    // Newest first: a binary search, whatever the filter or gaps left out.
    const auto it =
        std::lower_bound(m_rows.cbegin(), m_rows.cend(), seq, [](const AuditEvent &e, qint64 s) { return e.seq > s; });
    return it != m_rows.cend() && it->seq == seq ? int(it - m_rows.cbegin()) : -1;
}

void AuditListModel::onAppended(const AuditEvent &event)
{
    if (!m_filter.matches(event))
        return;
    if (!m_rows.isEmpty() && event.seq <= m_rows.constFirst().seq)
        return; // already here (read by a reload racing the signal)
    beginInsertRows({}, 0, 0);
    m_rows.prepend(event);
    endInsertRows();
}

bool AuditListModel::readPage(qint64 below, QList<AuditEvent> *page, bool *more)
{
    AuditQuery query = m_filter;
    query.beforeSeq = below;
    query.newestFirst = true;
    // One more than a page says whether anything older matches, without a
    // second query (or a last fetch that finds nothing).
    query.limit = kPageSize + 1;
    const Expected<QList<AuditEvent>> read = m_log.list(query);
    if (!read) {
        qCWarning(lcUi) << "could not read the audit log:" << read.error().message;
        setError(read.error().message);
        return false;
    }
    *page = *read;
    *more = page->size() > kPageSize;
    if (*more)
        page->resize(kPageSize);
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
