#include "admin/admincommands.h"

#include "admin/adminreply.h"

#include "admin/adminendpoint.h"

#include "domain/logging.h"

#include <QJsonArray>

namespace sanctum {

using namespace AdminReply;

QJsonObject AdminCommands::errorReply(const QJsonValue &id, const QString &code, const QString &message)
{
    QJsonObject r = fail(code, message);
    r.insert(QStringLiteral("id"), id.isUndefined() ? QJsonValue(QJsonValue::Null) : id);
    return r;
}

void AdminCommands::addCommand(const QString &cmd, Handler handler)
{
    m_handlers[cmd] = [handler = std::move(handler)](const QJsonObject &args, const Reply &reply) {
        reply(handler(args));
    };
}

void AdminCommands::addAsyncCommand(const QString &cmd, AsyncHandler handler)
{
    m_handlers[cmd] = std::move(handler);
}

void AdminCommands::handle(const QJsonObject &request, const Reply &reply)
{
    const QJsonValue id = request.value(QStringLiteral("id"));
    const QJsonValue cmd = request.value(QStringLiteral("cmd"));
    if (!cmd.isString())
        return reply(
            errorReply(id, QStringLiteral("bad_request"), QStringLiteral("the request has no \"cmd\" string")));
    const QJsonValue args = request.value(QStringLiteral("args"));
    if (!args.isUndefined() && !args.isNull() && !args.isObject())
        return reply(errorReply(id, QStringLiteral("bad_request"), QStringLiteral("\"args\" must be an object")));

    const auto handler = m_handlers.find(cmd.toString());
    if (handler == m_handlers.end())
        return reply(errorReply(id,
                                QStringLiteral("unknown_command"),
                                QStringLiteral("unknown command '%1'").arg(cmd.toString().left(64))));
    qCDebug(lcAdmin) << "admin command" << cmd.toString();
    // The reply may come later (a login waits for the tenant); it always carries the request's id.
    handler->second(args.toObject(), [reply, id](QJsonObject r) {
        r.insert(QStringLiteral("id"), id.isUndefined() ? QJsonValue(QJsonValue::Null) : id);
        reply(r);
    });
}

} // namespace sanctum
