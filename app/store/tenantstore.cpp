#include "store/tenantstore.h"
#include "domain/endpointpolicy.h"

#include "domain/canonicaljson.h"
#include "domain/logging.h"
#include "store/database.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>

namespace sanctum {

namespace {
const QString kKey = QStringLiteral("tenant");
const QString kRevocationPending = QStringLiteral("tenant_revocation_pending");
const QString kRevocations = QStringLiteral("upstream_revocations");
} // namespace

QHash<QString, UpstreamRevocation> TenantStore::loadRevocations() const
{
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("SELECT value FROM meta WHERE key = ?"));
    q.addBindValue(kRevocations);
    QHash<QString, UpstreamRevocation> out;
    if (!q.exec() || !q.next())
        return out;
    const QJsonObject all = QJsonDocument::fromJson(q.value(0).toByteArray()).object();
    for (auto it = all.begin(); it != all.end(); ++it) {
        const QJsonObject o = it.value().toObject();
        out.insert(
            it.key(),
            {QUrl(o.value(QStringLiteral("api")).toString()), o.value(QStringLiteral("client_id")).toString(), {}});
    }
    return out;
}

void TenantStore::saveRevocations(const QHash<QString, UpstreamRevocation> &revocations)
{
    QJsonObject all;
    for (auto it = revocations.begin(); it != revocations.end(); ++it)
        all.insert(
            it.key(),
            QJsonObject{{QStringLiteral("api"), it->apiBase.toString()}, {QStringLiteral("client_id"), it->clientId}});
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("INSERT INTO meta (key, value) VALUES (?, ?) "
                             "ON CONFLICT (key) DO UPDATE SET value = excluded.value"));
    q.addBindValue(kRevocations);
    q.addBindValue(QString::fromUtf8(CanonicalJson::serialize(all)));
    if (Status s = Database::exec(q, QStringLiteral("saving upstream revocation settings")); !s)
        qCWarning(lcStore).noquote() << s.error().message;
}

bool TenantStore::revocationPending() const
{
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("SELECT value FROM meta WHERE key = ?"));
    q.addBindValue(kRevocationPending);
    return q.exec() && q.next() && q.value(0).toString() == QStringLiteral("1");
}

void TenantStore::setRevocationPending(bool pending)
{
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("INSERT INTO meta (key, value) VALUES (?, ?) "
                             "ON CONFLICT (key) DO UPDATE SET value = excluded.value"));
    q.addBindValue(kRevocationPending);
    q.addBindValue(pending ? QStringLiteral("1") : QStringLiteral("0"));
    if (Status s = Database::exec(q, QStringLiteral("recording a pending revocation")); !s)
        qCWarning(lcStore).noquote() << s.error().message;
}

QJsonObject TenantStore::toJson(const TenantConfig &c)
{
    QJsonObject apiBases;
    for (auto it = c.apiBases.cbegin(); it != c.apiBases.cend(); ++it)
        apiBases.insert(it.key(), it.value().toString());
    return {{QStringLiteral("issuer"), c.issuer.toString()},
            {QStringLiteral("client_id"), c.clientId},
            {QStringLiteral("audience"), c.audience},
            {QStringLiteral("connections"), QJsonArray::fromStringList(c.connections)},
            {QStringLiteral("api_bases"), apiBases}};
}

Expected<TenantConfig> TenantStore::fromJson(const QJsonObject &json)
{
    TenantConfig c;
    c.issuer = QUrl(json.value(QStringLiteral("issuer")).toString(), QUrl::StrictMode);
    c.clientId = json.value(QStringLiteral("client_id")).toString();
    c.audience = json.value(QStringLiteral("audience")).toString();
    for (const QJsonValue &v : json.value(QStringLiteral("connections")).toArray())
        if (!v.toString().isEmpty())
            c.connections << v.toString();
    const QJsonObject apiBases = json.value(QStringLiteral("api_bases")).toObject();
    for (auto it = apiBases.begin(); it != apiBases.end(); ++it) {
        const QUrl base(it.value().toString(), QUrl::StrictMode);
        if (!isAllowedEndpoint(base))
            return Error{QStringLiteral("invalid_tenant"),
                         QStringLiteral("the API of connection '%1' must be an https URL (or http on this machine), "
                                        "not '%2'")
                             .arg(it.key(), it.value().toString())};
        c.apiBases.insert(it.key(), base);
    }
    if (!isAllowedEndpoint(c.issuer))
        return Error{QStringLiteral("invalid_tenant"),
                     QStringLiteral("the issuer must be an https URL (or http on this machine), not '%1'")
                         .arg(json.value(QStringLiteral("issuer")).toString())};
    if (c.clientId.isEmpty())
        return Error{QStringLiteral("invalid_tenant"), QStringLiteral("a client id is required")};
    return c;
}

Expected<std::optional<TenantConfig>> TenantStore::load() const
{
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("SELECT value FROM meta WHERE key = ?"));
    q.addBindValue(kKey);
    if (Status s = Database::exec(q, QStringLiteral("reading the tenant configuration")); !s)
        return s.error();
    if (!q.next())
        return std::optional<TenantConfig>();
    const Expected<TenantConfig> c = fromJson(QJsonDocument::fromJson(q.value(0).toByteArray()).object());
    if (!c)
        return c.error();
    return std::optional<TenantConfig>(*c);
}

Status TenantStore::save(const TenantConfig &config)
{
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("INSERT INTO meta (key, value) VALUES (?, ?) "
                             "ON CONFLICT (key) DO UPDATE SET value = excluded.value"));
    q.addBindValue(kKey);
    q.addBindValue(QString::fromUtf8(CanonicalJson::serialize(toJson(config))));
    return Database::exec(q, QStringLiteral("saving the tenant configuration"));
}

} // namespace sanctum
