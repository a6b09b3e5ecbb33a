#include "admin/admincommands.h"

#include "admin/adminreply.h"

#include "admin/adminendpoint.h"

#include "domain/logging.h"
#include "services/agents/agentregistry.h"
#include "services/instance.h"
#include "services/policies/policyregistry.h"
#include "store/auditlog.h"

#include <QJsonArray>

namespace sanctum {

using namespace AdminReply;

namespace {
// Operator commands arrive over the owner-only socket, so the operator is
// whoever owns this instance.
const QString kActor = QStringLiteral("operator:cli");
// Reasons go into the audit log; they explain, they are not documents.
constexpr qsizetype kMaxReasonLength = 1000;

} // namespace

AdminCommands::AdminCommands(Instance &instance)
    : m_instance(instance)
{
    registerCommands();
}

void AdminCommands::registerCommands()
{
    auto bind = [this](QJsonObject (AdminCommands::*fn)(const QJsonObject &)) {
        return [this, fn](const QJsonObject &args) { return (this->*fn)(args); };
    };
    addCommand(QStringLiteral("status"), bind(&AdminCommands::status));
    addCommand(QStringLiteral("agents.add"), bind(&AdminCommands::agentsAdd));
    addCommand(QStringLiteral("agents.list"), bind(&AdminCommands::agentsList));
    addCommand(QStringLiteral("agents.show"), bind(&AdminCommands::agentsShow));
    addCommand(QStringLiteral("agents.remove"), bind(&AdminCommands::agentsRemove));
    addCommand(QStringLiteral("agents.rotate_key"), bind(&AdminCommands::agentsRotateKey));
    addCommand(QStringLiteral("audit.list"), bind(&AdminCommands::auditList));
    addCommand(QStringLiteral("audit.verify"), bind(&AdminCommands::auditVerify));
    addCommand(QStringLiteral("policy.show"), bind(&AdminCommands::policyShow));
    addCommand(QStringLiteral("policy.set"), bind(&AdminCommands::policySet));
}

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

QJsonObject AdminCommands::status(const QJsonObject &)
{
    return ok(m_instance.status());
}

QJsonObject AdminCommands::agentsAdd(const QJsonObject &args)
{
    QJsonObject error;
    const auto name = stringArg(args, QStringLiteral("name"), true, &error);
    if (!name)
        return error;
    Expected<NewAgent> created = m_instance.agents().add(*name, kActor);
    if (!created)
        return fail(created.error());
    QJsonObject result = created->agent.toJson();
    // The one and only time the key leaves this process.
    result.insert(QStringLiteral("key"), created->key);
    return ok(result);
}

QJsonObject AdminCommands::agentsList(const QJsonObject &args)
{
    const Expected<QList<Agent>> agents = m_instance.agents().list(args.value(QStringLiteral("all")).toBool());
    if (!agents)
        return fail(agents.error());
    QJsonArray list;
    for (const Agent &a : *agents)
        list.append(a.toJson());
    return ok(QJsonObject{{QStringLiteral("agents"), list}});
}

QJsonObject AdminCommands::agentsShow(const QJsonObject &args)
{
    QJsonObject error;
    const auto agent = stringArg(args, QStringLiteral("agent"), true, &error);
    if (!agent)
        return error;
    const Expected<Agent> found = m_instance.agents().get(*agent);
    return found ? ok(found->toJson()) : fail(found.error());
}

QJsonObject AdminCommands::agentsRotateKey(const QJsonObject &args)
{
    QJsonObject error;
    const auto agent = stringArg(args, QStringLiteral("agent"), true, &error);
    if (!agent)
        return error;
    Expected<NewAgent> rotated = m_instance.agents().rotateKey(*agent, kActor);
    if (!rotated)
        return fail(rotated.error());
    QJsonObject result = rotated->agent.toJson();
    // Like agents.add: the new key is shown this once.
    result.insert(QStringLiteral("key"), rotated->key);
    return ok(result);
}

QJsonObject AdminCommands::agentsRemove(const QJsonObject &args)
{
    QJsonObject error;
    const auto agent = stringArg(args, QStringLiteral("agent"), true, &error);
    const auto reason = agent ? stringArg(args, QStringLiteral("reason"), false, &error) : std::nullopt;
    if (!agent || !reason)
        return error;
    if (reason->size() > kMaxReasonLength)
        return fail(QStringLiteral("invalid_argument"),
                    QStringLiteral("a reason may be at most %1 characters").arg(kMaxReasonLength));
    const Expected<Agent> removed = m_instance.agents().remove(*agent, kActor, *reason);
    if (!removed)
        return fail(removed.error());
    return ok(QJsonObject{{QStringLiteral("id"), removed->id},
                          {QStringLiteral("name"), removed->name},
                          {QStringLiteral("removed"), true}});
}

QJsonObject AdminCommands::auditList(const QJsonObject &args)
{
    QJsonObject error;
    AuditQuery query;
    const auto after = intArg(args, QStringLiteral("after_seq"), 0, 0, std::numeric_limits<qint64>::max() / 2, &error);
    const auto limit = after ? intArg(args, QStringLiteral("limit"), 100, 1, 10000, &error) : std::nullopt;
    const auto action = limit ? stringArg(args, QStringLiteral("action"), false, &error) : std::nullopt;
    const auto subject = action ? stringArg(args, QStringLiteral("subject"), false, &error) : std::nullopt;
    if (!subject)
        return error;
    query.afterSeq = *after;
    query.limit = int(*limit);
    query.actionPrefix = *action;
    query.subjectId = *subject;
    const Expected<QList<AuditEvent>> events = m_instance.audit().list(query);
    if (!events)
        return fail(events.error());
    // A reply is one line, and a line has a size limit: stop early when the
    // page grows large and let the caller ask again from the last seq.
    constexpr qsizetype kReplyBudget = AdminEndpoint::kMaxLineBytes / 2;
    QJsonArray list;
    qsizetype bytes = 0;
    bool more = false;
    for (const AuditEvent &e : *events) {
        const QJsonObject o = e.toJson();
        bytes += e.detailsJson.size() + 512; // details dominate; the rest is small and bounded
        if (!list.isEmpty() && bytes > kReplyBudget) {
            more = true;
            break;
        }
        list.append(o);
    }
    return ok(QJsonObject{{QStringLiteral("events"), list},
                          {QStringLiteral("head_seq"), m_instance.audit().headSeq()},
                          {QStringLiteral("more"), more || list.size() == query.limit}});
}

QJsonObject AdminCommands::auditVerify(const QJsonObject &)
{
    return ok(m_instance.audit().verify().toJson());
}

QJsonObject AdminCommands::policyShow(const QJsonObject &args)
{
    QJsonObject error;
    const auto connection = stringArg(args, QStringLiteral("connection"), false, &error);
    if (!connection)
        return error;
    const QString target = connection->isEmpty() ? QStringLiteral("*") : *connection;
    const Expected<Policy> effective = m_instance.policies().effective(target);
    if (!effective)
        return fail(effective.error());
    const Expected<QList<Policy>> all = m_instance.policies().list();
    if (!all)
        return fail(all.error());
    QJsonArray list;
    for (const Policy &p : *all)
        list.append(p.toJson());
    return ok(QJsonObject{{QStringLiteral("effective"), effective->toJson()}, {QStringLiteral("policies"), list}});
}

QJsonObject AdminCommands::policySet(const QJsonObject &args)
{
    QJsonObject error;
    const auto connection = stringArg(args, QStringLiteral("connection"), false, &error);
    if (!connection)
        return error;
    const QJsonValue changes = args.value(QStringLiteral("changes"));
    if (!changes.isObject())
        return fail(QStringLiteral("invalid_argument"), QStringLiteral("'changes' must be an object"));
    const Expected<Policy> updated = m_instance.policies().set(
        connection->isEmpty() ? QStringLiteral("*") : *connection, changes.toObject(), kActor);
    if (!updated)
        return fail(updated.error());
    return ok(updated->toJson());
}

} // namespace sanctum
