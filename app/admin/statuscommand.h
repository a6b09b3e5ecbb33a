#pragma once

namespace sanctum {

class AdminCommands;
class InstanceStatus;

// `status`: what `sanctumctl status` prints.
namespace StatusCommand {
void registerInto(AdminCommands &commands, InstanceStatus &status);
}

} // namespace sanctum
