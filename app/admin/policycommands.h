#pragma once

namespace sanctum {

class AdminCommands;
class PolicyRegistry;

// Mission policies on the admin socket:
//   policy.show {connection?}   policy.set {connection?, changes}
namespace PolicyCommands {
void registerInto(AdminCommands &commands, PolicyRegistry &policies);
}

} // namespace sanctum
