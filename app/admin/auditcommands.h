#pragma once

namespace sanctum {

class AdminCommands;
class AuditLog;

// The audit log on the admin socket:
//   audit.list {after_seq?, limit?, action?, subject?}   audit.verify
namespace AuditCommands {
void registerInto(AdminCommands &commands, AuditLog &audit);
}

} // namespace sanctum
