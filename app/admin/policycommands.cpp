#include "admin/policycommands.h"

#include "admin/admincommands.h"
#include "admin/adminreply.h"
#include "domain/actor.h"
#include "services/policies/policyregistry.h"

#include <QJsonArray>

namespace sanctum {

using namespace AdminReply;

void PolicyCommands::registerInto(AdminCommands &commands, PolicyRegistry &registry)
{
    PolicyRegistry *policies = &registry;
    commands.addCommand(QStringLiteral("policy.show"), [policies](const QJsonObject &args) {
        QJsonObject error;
        const auto connection = stringArg(args, QStringLiteral("connection"), false, &error);
        if (!connection)
            return error;
        const QString target = connection->isEmpty() ? QStringLiteral("*") : *connection;
        const Expected<Policy> effective = policies->effective(target);
        if (!effective)
            return fail(effective.error());
        const Expected<QList<Policy>> all = policies->list();
        if (!all)
            return fail(all.error());
        QJsonArray list;
        for (const Policy &p : *all)
            list.append(p.toJson());
        return ok(QJsonObject{{QStringLiteral("effective"), effective->toJson()}, {QStringLiteral("policies"), list}});
    });
    commands.addCommand(QStringLiteral("policy.set"), [policies](const QJsonObject &args) {
        QJsonObject error;
        const auto connection = stringArg(args, QStringLiteral("connection"), false, &error);
        if (!connection)
            return error;
        const QJsonValue changes = args.value(QStringLiteral("changes"));
        if (!changes.isObject())
            return fail(QStringLiteral("invalid_argument"), QStringLiteral("'changes' must be an object"));
        const Expected<Policy> updated = policies->set(
            connection->isEmpty() ? QStringLiteral("*") : *connection, changes.toObject(), Actor::operatorCli());
        if (!updated)
            return fail(updated.error());
        return ok(updated->toJson());
    });
}

} // namespace sanctum
