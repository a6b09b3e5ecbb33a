#include "admin/statuscommand.h"

#include "admin/admincommands.h"
#include "admin/adminreply.h"
#include "services/instancestatus.h"

namespace sanctum {

using namespace AdminReply;

void StatusCommand::registerInto(AdminCommands &commands, InstanceStatus &registry)
{
    InstanceStatus *status = &registry;
    commands.addCommand(QStringLiteral("status"), [status](const QJsonObject &) { return ok(status->toJson()); });
}

} // namespace sanctum
