#pragma once

namespace sanctum {

class AdminCommands;
struct Services;

// The operator's connection commands on the admin socket:
//   connections.tighten {connection, scopes: [..] | "a b", reason?}
//     re-provisions the connection's account with exactly those scopes
//     (ConnectionTightener); answers when every step is done or one failed.
namespace ConnectionCommands {
void registerInto(AdminCommands &commands, const Services &services);
}

} // namespace sanctum
