#pragma once

namespace sanctum {

class AdminCommands;
struct Services;

// Least-privilege analysis on the admin socket (window: the last `days`
// days, default 30, by the instance's clock; calls still in the usage
// recorder's batch are committed first, so a call made a moment ago counts):
//   leastprivilege.analyze {agent?, days?}
//       → {from, to, analyses: [PrivilegeAnalysis + agent (name)]}
//   leastprivilege.replay {agent? , connection?, scopes: "a b" | [..], days?}
//       (an agent, a connection, or both) → ReplayResult + agent
//   report.exposure {days?} → ExposureReport, agents with their names
namespace LeastPrivilegeCommands {
void registerInto(AdminCommands &commands, const Services &services);
}

} // namespace sanctum
