#include "ui/notificationlistmodel.h"

namespace sanctum {

NotificationListModel::NotificationListModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

int NotificationListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

QVariant NotificationListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Notification &n = m_entries.at(index.row());
    switch (role) {
    case SerialRole:
        return n.serial;
    case KindRole:
        return Notification::kindName(n.kind);
    case Qt::DisplayRole:
    case TitleRole:
        return n.title;
    case BodyRole:
        return n.body;
    case MissionIdRole:
        return n.missionId;
    case AtRole:
        return n.at;
    case DeliveryRole:
        return Notification::deliveryName(n.delivery);
    case DeliveredRole:
        return n.delivery == Notification::Delivery::Delivered;
    case ViaRole:
        return n.via;
    }
    return {};
}

QHash<int, QByteArray> NotificationListModel::roleNames() const
{
    return {
        {SerialRole, "serial"},
        {KindRole, "kind"},
        {TitleRole, "title"},
        {BodyRole, "body"},
        {MissionIdRole, "missionId"},
        {AtRole, "at"},
        {DeliveryRole, "delivery"},
        {DeliveredRole, "delivered"},
        {ViaRole, "via"},
    };
}

quint64 NotificationListModel::add(Notification n)
{
    n.serial = m_nextSerial++;
    beginInsertRows({}, 0, 0);
    m_entries.prepend(n);
    endInsertRows();
    bool undeliveredDropped = false;
    if (m_entries.size() > kMaxEntries) {
        const int last = int(m_entries.size()) - 1;
        beginRemoveRows({}, last, last);
        if (m_entries.last().delivery == Notification::Delivery::Undelivered) {
            --m_undelivered;
            undeliveredDropped = true;
        }
        m_entries.removeLast();
        endRemoveRows();
    } else {
        Q_EMIT countChanged();
    }
    if (n.delivery == Notification::Delivery::Undelivered)
        ++m_undelivered;
    if (undeliveredDropped != (n.delivery == Notification::Delivery::Undelivered))
        Q_EMIT undeliveredCountChanged();
    return n.serial;
}

void NotificationListModel::setDelivery(quint64 serial, Notification::Delivery delivery, const QString &via)
{
    const int row = rowOf(serial);
    if (row < 0)
        return;
    Notification &n = m_entries[row];
    if (n.delivery == delivery && n.via == via)
        return;
    const int before = m_undelivered;
    if (n.delivery == Notification::Delivery::Undelivered)
        --m_undelivered;
    if (delivery == Notification::Delivery::Undelivered)
        ++m_undelivered;
    n.delivery = delivery;
    n.via = via;
    const QModelIndex i = index(row);
    Q_EMIT dataChanged(i, i, {DeliveryRole, DeliveredRole, ViaRole});
    if (before != m_undelivered)
        Q_EMIT undeliveredCountChanged();
}

const Notification *NotificationListModel::find(quint64 serial) const
{
    const int row = rowOf(serial);
    return row < 0 ? nullptr : &m_entries.at(row);
}

int NotificationListModel::rowOf(quint64 serial) const
{
    // Serials grow as rows go on top, so the entries are sorted by serial,
    // descending: the newest (the usual question) is found first.
    for (int row = 0; row < m_entries.size(); ++row) {
        if (m_entries.at(row).serial == serial)
            return row;
        if (m_entries.at(row).serial < serial)
            break;
    }
    return -1;
}

} // namespace sanctum
