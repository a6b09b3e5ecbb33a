#pragma once

namespace sanctum {

class AdminCommands;
class AgentRegistry;

// The agent commands:
//   agents.add {name}      agents.list {all?}     agents.show {agent}
//   agents.remove {agent, reason}               agents.rotate_key {agent}
// A new or rotated key is in the reply, the one time it leaves the process.
namespace AgentCommands {
void registerInto(AdminCommands &commands, AgentRegistry &agents);
}

} // namespace sanctum
