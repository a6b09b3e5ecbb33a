#pragma once

#include "admin/admincommands.h"

namespace sanctum {

class TenantSession;

// The admin commands about the tenant and the operator's sign-in:
// tenant.set|show, login.browser|device|wait, logout, whoami,
// connections.list|check. Most wait on the tenant and reply when it answers.
class AuthCommands {
public:
    static void registerInto(AdminCommands &commands, TenantSession &session);
};

} // namespace sanctum
