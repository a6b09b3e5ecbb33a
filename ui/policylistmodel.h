#pragma once

#include "domain/policy.h"

#include <QAbstractListModel>
#include <QList>
#include <QVariantMap>
#include <QtQmlIntegration/qqmlintegration.h>

namespace sanctum {

class PolicyRegistry;

// The mission policies — the default ("*") and one per connection that has
// its own — for the Settings page, which edits them through set(): a change
// goes through PolicyRegistry (validated, audited as operator:gui, durable)
// and comes back as one row's dataChanged, or as an inserted row for a
// connection's first policy of its own.
class PolicyListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Use Ui.policies")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(QString errorString READ errorString NOTIFY errorStringChanged)

public:
    enum Role {
        ConnectionRole = Qt::UserRole + 1,
        MaxTtlSecondsRole,
        RequestExpirySecondsRole,
        AutoApproveScopesRole, // QStringList
        StepUpScopesRole,      // QStringList
        RequirePurposeRole,
    };
    Q_ENUM(Role)

    explicit PolicyListModel(PolicyRegistry &registry, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return int(m_policies.size()); }
    QString errorString() const { return m_error; }

    // `changes` uses the policy's JSON keys (max_ttl_seconds,
    // request_expiry_seconds, auto_approve_scopes, step_up_scopes,
    // require_purpose). False with errorString set when refused.
    Q_INVOKABLE bool set(const QString &connection, const QVariantMap &changes);

Q_SIGNALS:
    void countChanged();
    void errorStringChanged();

private:
    void onChanged(const Policy &policy);
    void setError(const QString &error);

    PolicyRegistry &m_registry;
    QList<Policy> m_policies; // "*" first, then by connection
    QString m_error;
};

} // namespace sanctum
