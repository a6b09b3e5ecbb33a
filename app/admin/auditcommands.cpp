#include "admin/auditcommands.h"

#include "admin/admincommands.h"
#include "admin/adminendpoint.h"
#include "admin/adminreply.h"
#include "store/auditlog.h"

#include <QJsonArray>
#include <limits>

namespace sanctum {

using namespace AdminReply;

void AuditCommands::registerInto(AdminCommands &commands, AuditLog &registry)
{
    AuditLog *audit = &registry;
    commands.addCommand(QStringLiteral("audit.list"), [audit](const QJsonObject &args) {
        QJsonObject error;
        AuditQuery query;
        const auto after =
            intArg(args, QStringLiteral("after_seq"), 0, 0, std::numeric_limits<qint64>::max() / 2, &error);
        const auto limit = after ? intArg(args, QStringLiteral("limit"), 100, 1, 10000, &error) : std::nullopt;
        const auto action = limit ? stringArg(args, QStringLiteral("action"), false, &error) : std::nullopt;
        const auto subject = action ? stringArg(args, QStringLiteral("subject"), false, &error) : std::nullopt;
        if (!subject)
            return error;
        query.afterSeq = *after;
        query.limit = int(*limit);
        query.actionPrefix = *action;
        query.subjectId = *subject;
        const Expected<QList<AuditEvent>> events = audit->list(query);
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
                              {QStringLiteral("head_seq"), audit->headSeq()},
                              {QStringLiteral("more"), more || list.size() == query.limit}});
    });
    commands.addCommand(QStringLiteral("audit.verify"),
                        [audit](const QJsonObject &) { return ok(audit->verify().toJson()); });
}

} // namespace sanctum
