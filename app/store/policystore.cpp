#include "store/policystore.h"

#include "domain/canonicaljson.h"
#include "domain/timeformat.h"
#include "store/database.h"

#include <QJsonDocument>
#include <QSqlQuery>

namespace sanctum {

namespace {
Expected<Policy> policyFromBody(const QByteArray &body)
{
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        return Error{QStringLiteral("store"), QStringLiteral("a stored policy is not valid JSON")};
    return Policy::fromJson(doc.object());
}
} // namespace

Status PolicyStore::save(const Policy &policy, const QDateTime &at)
{
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral(
        "INSERT INTO policies (connection, body, updated_at) VALUES (?, ?, ?) "
        "ON CONFLICT (connection) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at"));
    q.addBindValue(policy.connection);
    q.addBindValue(QString::fromUtf8(CanonicalJson::serialize(policy.toJson())));
    q.addBindValue(TimeFormat::toString(at));
    return Database::exec(q, QStringLiteral("saving the policy for %1").arg(policy.connection));
}

Expected<Policy> PolicyStore::effective(const QString &connection) const
{
    QSqlQuery q(m_db.handle());
    // The connection's own row sorts before "*" because it is not "*".
    q.prepare(QStringLiteral("SELECT body FROM policies WHERE connection IN (?, '*') "
                             "ORDER BY CASE connection WHEN '*' THEN 1 ELSE 0 END LIMIT 1"));
    q.addBindValue(connection);
    if (Status s = Database::exec(q, QStringLiteral("reading the policy for %1").arg(connection)); !s)
        return s.error();
    if (!q.next()) {
        Policy p;
        p.connection = connection;
        return p;
    }
    return policyFromBody(q.value(0).toByteArray());
}

Expected<QList<Policy>> PolicyStore::list() const
{
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("SELECT body FROM policies ORDER BY connection"));
    if (Status s = Database::exec(q, QStringLiteral("listing policies")); !s)
        return s.error();
    QList<Policy> out;
    while (q.next()) {
        Expected<Policy> p = policyFromBody(q.value(0).toByteArray());
        if (!p)
            return p.error();
        out.append(*p);
    }
    return out;
}

} // namespace sanctum
