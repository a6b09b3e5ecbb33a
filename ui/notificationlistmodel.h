#pragma once

#include "ui/notification.h"

#include <QAbstractListModel>
#include <QtQmlIntegration/qqmlintegration.h>

namespace sanctum {

// Every notification of this run, newest first, whether or not a desktop
// server showed it: the in-app record that keeps nothing from being lost
// silently. Capped, oldest dropped first.
class NotificationListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Use Ui.notifications")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(int undeliveredCount READ undeliveredCount NOTIFY undeliveredCountChanged)

public:
    static constexpr int kMaxEntries = 200;

    enum Role {
        SerialRole = Qt::UserRole + 1,
        KindRole,
        TitleRole,
        BodyRole,
        MissionIdRole,
        AtRole,
        DeliveryRole,
        DeliveredRole,
        ViaRole,
    };

    explicit NotificationListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Puts `n` on top with the next serial, which it returns.
    quint64 add(Notification n);
    void setDelivery(quint64 serial, Notification::Delivery delivery, const QString &via = {});
    // The entry with `serial`, or nullptr once it was dropped.
    const Notification *find(quint64 serial) const;
    const Notification &at(int row) const { return m_entries.at(row); }
    int undeliveredCount() const { return m_undelivered; }

Q_SIGNALS:
    void countChanged();
    void undeliveredCountChanged();

private:
    int rowOf(quint64 serial) const;

    QList<Notification> m_entries; // newest first
    quint64 m_nextSerial = 1;
    int m_undelivered = 0;
};

} // namespace sanctum
