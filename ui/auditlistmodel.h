#pragma once

#include "domain/auditevent.h"
#include "store/auditlog.h"

#include <QAbstractListModel>
#include <QList>
#include <QtQmlIntegration/qqmlintegration.h>

namespace sanctum {

// The audit log, newest first. It starts with the newest page and fetches
// older pages of kPageSize as a view scrolls (canFetchMore/fetchMore); each
// entry the log appends arrives as one row inserted at the top. A filter (an
// action prefix such as "mission.", text in the actor or subject) narrows
// every page and the live appends alike; changing it starts again from the
// newest matching page.
class AuditListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Use Ui.audit")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(bool complete READ isComplete NOTIFY countChanged)
    Q_PROPERTY(QString errorString READ errorString NOTIFY errorStringChanged)
    Q_PROPERTY(QString actionPrefix READ actionPrefix WRITE setActionPrefix NOTIFY filterChanged)
    Q_PROPERTY(QString searchText READ searchText WRITE setSearchText NOTIFY filterChanged)

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
    // Every matching entry down to the first is loaded.
    bool isComplete() const { return m_complete; }
    QString errorString() const { return m_error; }

    QString actionPrefix() const { return m_filter.actionPrefix; }
    void setActionPrefix(const QString &prefix);
    QString searchText() const { return m_filter.text; }
    void setSearchText(const QString &text);
    // The filter as a query (no seq bounds): what an export of "what the
    // page shows" reads.
    AuditQuery filter() const { return m_filter; }

    // Back to the newest page (a reset, on request only).
    Q_INVOKABLE bool reload();
    // The row of entry `seq` if it is loaded, or -1.
    Q_INVOKABLE int rowOf(qint64 seq) const;

Q_SIGNALS:
    void countChanged();
    void errorStringChanged();
    void filterChanged();

private:
    void onAppended(const AuditEvent &event);
    // Up to kPageSize matching entries below seq `below` (0: from the
    // newest), newest first; `more` says whether older ones match too.
    bool readPage(qint64 below, QList<AuditEvent> *page, bool *more);
    void setError(const QString &error);

    AuditLog &m_log;
    AuditQuery m_filter;      // seq bounds and limit unused
    QList<AuditEvent> m_rows; // newest first
    bool m_complete = true;
    QString m_error;
};

} // namespace sanctum
