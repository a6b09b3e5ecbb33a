#include "store/connectionstore.h"

#include "domain/canonicaljson.h"
#include "domain/timeformat.h"
#include "store/database.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>

namespace sanctum {

Status ConnectionStore::save(const Connection &c)
{
    QSqlQuery q(m_db.handle());
    q.prepare(
        QStringLiteral("INSERT INTO connections (name, upstream, scopes, health, checked_at) VALUES (?, ?, ?, ?, ?) "
                       "ON CONFLICT (name) DO UPDATE SET upstream = excluded.upstream, scopes = excluded.scopes, "
                       "health = excluded.health, checked_at = excluded.checked_at"));
    q.addBindValue(c.name);
    q.addBindValue(c.upstream);
    q.addBindValue(QString::fromUtf8(CanonicalJson::serialize(c.heldScopes.toJson())));
    q.addBindValue(Connection::healthName(c.health));
    q.addBindValue(TimeFormat::toString(c.checkedAt));
    return Database::exec(q, QStringLiteral("recording the health of connection %1").arg(c.name));
}

Expected<QList<Connection>> ConnectionStore::list() const
{
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("SELECT name, upstream, scopes, health, checked_at FROM connections ORDER BY name"));
    if (Status s = Database::exec(q, QStringLiteral("listing connections")); !s)
        return s.error();
    QList<Connection> out;
    while (q.next()) {
        Connection c;
        c.name = q.value(0).toString();
        c.upstream = q.value(1).toString();
        ScopeSet::fromJson(QJsonDocument::fromJson(q.value(2).toByteArray()).array(), &c.heldScopes);
        c.health = Connection::healthFromName(q.value(3).toString());
        c.checkedAt = TimeFormat::fromString(q.value(4).toString());
        out.append(c);
    }
    return out;
}

} // namespace sanctum
