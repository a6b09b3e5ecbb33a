#pragma once

#include <QSortFilterProxyModel>
#include <QStringList>
#include <QtQmlIntegration/qqmlintegration.h>

namespace sanctum {

// The Missions page's filter over a MissionListModel: a set of states
// ("pending", "active", …; empty for all) and a free text matched, ignoring
// case, against purpose, agent, connection, scopes, id, decider and reason.
// It keeps the source's order and forwards the countdown's fine-grained
// changes as they are.
class MissionFilterModel : public QSortFilterProxyModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QStringList statuses READ statuses WRITE setStatuses NOTIFY statusesChanged)
    Q_PROPERTY(QString text READ text WRITE setText NOTIFY textChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    explicit MissionFilterModel(QObject *parent = nullptr);

    QStringList statuses() const { return m_statuses; }
    void setStatuses(const QStringList &statuses);
    QString text() const { return m_text; }
    void setText(const QString &text);
    int count() const { return rowCount(); }

    // The source row behind `row`, or -1.
    Q_INVOKABLE int sourceRow(int row) const;

Q_SIGNALS:
    void statusesChanged();
    void textChanged();
    void countChanged();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QStringList m_statuses;
    QString m_text;
};

} // namespace sanctum
