#include "admin/connectioncommands.h"

#include "admin/admincommands.h"
#include "admin/adminreply.h"
#include "domain/actor.h"
#include "services/leastprivilege/connectiontightener.h"
#include "services/services.h"

#include <QJsonArray>

namespace sanctum {

using namespace AdminReply;

namespace {
QJsonArray toJson(const ScopeSet &scopes)
{
    return QJsonArray::fromStringList(scopes.toList());
}
} // namespace

void ConnectionCommands::registerInto(AdminCommands &commands, const Services &services)
{
    const Services *in = &services;
    commands.addAsyncCommand(
        QStringLiteral("connections.tighten"), [in](const QJsonObject &args, const AdminCommands::Reply &reply) {
            QJsonObject error;
            const auto connection = stringArg(args, QStringLiteral("connection"), true, &error);
            const auto reason = connection ? reasonArg(args, OperatorAction::TightenConnection, &error) : std::nullopt;
            if (!reason)
                return reply(error);
            ScopeSet scopes;
            const QJsonValue given = args.value(QStringLiteral("scopes"));
            QString why;
            const bool parsed = given.isArray()    ? ScopeSet::fromJson(given.toArray(), &scopes, &why)
                                : given.isString() ? ScopeSet::parse(given.toString(), &scopes, &why)
                                                   : false;
            if (!parsed)
                return reply(fail(QStringLiteral("invalid_argument"),
                                  why.isEmpty() ? QStringLiteral("\"scopes\" must list the scopes to keep") : why));
            in->tightener.tighten(
                *connection, scopes, Actor::operatorCli(), *reason, [reply](Expected<TightenResult> r) {
                    if (!r)
                        return reply(fail(r.error()));
                    reply(ok(
                        QJsonObject{{QStringLiteral("connection"), r->connection},
                                    {QStringLiteral("before"), toJson(r->before)},
                                    {QStringLiteral("after"), toJson(r->after)},
                                    {QStringLiteral("removed"), toJson(r->removed)},
                                    {QStringLiteral("previous_token_refused"), r->previousTokenRefused},
                                    {QStringLiteral("policy_narrowed"), r->policyNarrowed},
                                    {QStringLiteral("missions_ended"), QJsonArray::fromStringList(r->endedMissions)}}));
                });
        });
}

} // namespace sanctum
