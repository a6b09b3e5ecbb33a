#pragma once

#include "auditevent.h"

#include <QAbstractListModel>
#include <QList>

namespace sanctum {

class AuditLog;

// The audit log, newest first. It starts with the newest page and fetches
// older pages of kPageSize as a view scrolls (canFetchMore/fetchMore); each
// entry the log appends arrives as one row inserted at the top.
class AuditListModel : public QAbstractListModel {
    Q_OBJECT
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(bool complete READ isComplete NOTIFY countChanged)
    Q_PROPERTY(QString errorString READ errorString NOTIFY errorStringChanged)

public:
    static constexpr int kPageSize = 200;

    enum Role {
        SeqRole = Qt::UserRole + 1,
        AtRole,
        ActorRole,
        ActionRole,
        SubjectTypeRole,
        SubjectIdRole,
        DetailsRole,     // QVariantMap
        DetailsJsonRole, // the canonical JSON, as hashed
        HashRole,
        PrevHashRole,
    };
    Q_ENUM(Role)

    explicit AuditListModel(AuditLog &log, QObject *parent = nullptr);
    ~AuditListModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    int count() const { return int(m_rows.size()); }
    // Every entry down to the first is loaded.
    bool isComplete() const { return m_nextBelow <= 1; }
    QString errorString() const { return m_error; }

    // Back to the newest page (a reset, on request only).
    Q_INVOKABLE bool reload();
    // The row of entry `seq` if it is loaded, or -1.
    Q_INVOKABLE int rowOf(qint64 seq) const;

Q_SIGNALS:
    void countChanged();
    void errorStringChanged();

private:
    void onAppended(const AuditEvent &event);
    // The page of entries with seq in [max(1, below - kPageSize), below), newest first.
    bool readPage(qint64 below, QList<AuditEvent> *page);
    void setError(const QString &error);

    AuditLog &m_log;
    QList<AuditEvent> m_rows; // newest first
    qint64 m_nextBelow = 1;   // the next older page ends just below this seq
    QString m_error;
};

} // namespace sanctum
