#pragma once

namespace sanctum {

class AdminCommands;
struct Services;

// The operator's mission commands on the admin socket:
//   missions.list {status?, agent?, limit?}      missions.show {id}
//   missions.approve {id}                        missions.deny {id, reason?}
//   missions.revoke {id | agent, reason?}        missions.revoke_all {reason}
//   missions.step_ups                          (calls waiting for a step-up)
// approve and deny take a mission id (ms_…) or a waiting call's id (el_…).
namespace MissionCommands {
void registerInto(AdminCommands &commands, const Services &services);
}

} // namespace sanctum
