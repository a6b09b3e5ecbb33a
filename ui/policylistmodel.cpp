#include "ui/policylistmodel.h"

#include "domain/actor.h"

#include "services/policies/policyregistry.h"
#include "ui/countsignal.h"
#include "ui/uilogging.h"

#include <QJsonObject>

#include <algorithm>

namespace sanctum {

namespace {
bool sortsBefore(const Policy &a, const Policy &b)
{
    // The default first: it is what every connection without its own gets.
    if ((a.connection == QLatin1String("*")) != (b.connection == QLatin1String("*")))
        return a.connection == QLatin1String("*");
    return a.connection < b.connection;
}
} // namespace

PolicyListModel::PolicyListModel(PolicyRegistry &registry, QObject *parent)
    : QAbstractListModel(parent)
    , m_registry(registry)
{
    notifyCountChanges(this, &PolicyListModel::countChanged);
    connect(&registry, &PolicyRegistry::policyChanged, this, &PolicyListModel::onChanged);
    const Expected<QList<Policy>> listed = registry.list();
    if (!listed) {
        setError(listed.error().message);
        return;
    }
    m_policies = *listed;
    if (std::none_of(
            m_policies.cbegin(), m_policies.cend(), [](const Policy &p) { return p.connection == QLatin1String("*"); }))
        m_policies.append(Policy{}); // the built-in default until someone changes it
    std::sort(m_policies.begin(), m_policies.end(), sortsBefore);
}

int PolicyListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_policies.size());
}

QVariant PolicyListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::ParentIsInvalid))
        return {};
    const Policy &p = m_policies.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case ConnectionRole:
        return p.connection;
    case MaxTtlSecondsRole:
        return p.maxTtlSeconds;
    case RequestExpirySecondsRole:
        return p.requestExpirySeconds;
    case AutoApproveScopesRole:
        return p.autoApproveScopes.toList();
    case StepUpScopesRole:
        return p.stepUpScopes.toList();
    case RequirePurposeRole:
        return p.requirePurpose;
    default:
        return {};
    }
}

QHash<int, QByteArray> PolicyListModel::roleNames() const
{
    return {{ConnectionRole, "connection"},
            {MaxTtlSecondsRole, "maxTtlSeconds"},
            {RequestExpirySecondsRole, "requestExpirySeconds"},
            {AutoApproveScopesRole, "autoApproveScopes"},
            {StepUpScopesRole, "stepUpScopes"},
            {RequirePurposeRole, "requirePurpose"}};
}

bool PolicyListModel::set(const QString &connection, const QVariantMap &changes)
{
    const Expected<Policy> changed =
        m_registry.set(connection, QJsonObject::fromVariantMap(changes), Actor::operatorGui());
    if (!changed) {
        qCInfo(lcUi).noquote() << "policy change refused:" << changed.error().message;
        setError(changed.error().message);
        return false;
    }
    setError({});
    return true; // the row follows from policyChanged
}

void PolicyListModel::onChanged(const Policy &policy)
{
    for (int i = 0; i < m_policies.size(); ++i) {
        if (m_policies.at(i).connection == policy.connection) {
            m_policies[i] = policy;
            Q_EMIT dataChanged(index(i), index(i));
            return;
        }
    }
    const auto at = std::lower_bound(m_policies.cbegin(), m_policies.cend(), policy, sortsBefore);
    const int row = int(at - m_policies.cbegin());
    beginInsertRows({}, row, row);
    m_policies.insert(row, policy);
    endInsertRows();
}

void PolicyListModel::setError(const QString &error)
{
    if (error == m_error)
        return;
    m_error = error;
    Q_EMIT errorStringChanged();
}

} // namespace sanctum
