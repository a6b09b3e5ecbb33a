#pragma once

namespace sanctum {

class AgentRegistry;
class AuthService;
class Clock;
class MissionRegistry;
class ScopeMapCatalog;
class StepUpGate;
class UsageRecorder;

// What the broker works with, and nothing else: whoever starts a broker
// hands it these, and each must outlive it.
struct BrokerServices {
    const Clock &clock;
    AgentRegistry &agents;     // agent keys
    MissionRegistry &missions; // missions, and the grants behind mission tokens
    ScopeMapCatalog &scopeMaps;
    StepUpGate &stepUp; // one-off approvals for dangerous scopes
    AuthService &auth;  // forwards calls upstream with the upstream token
    UsageRecorder &usage;
};

} // namespace sanctum
