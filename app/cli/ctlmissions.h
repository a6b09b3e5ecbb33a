#pragma once

#include <QString>

namespace sanctum {

class CtlApp;

// sanctumctl's operator commands about missions: missions list|show|approve|
// deny|revoke|waiting and revoke-all (the panic button).
class CtlMissions {
public:
    explicit CtlMissions(CtlApp &app)
        : m_app(app)
    {
    }

    int missions();
    int revokeAll();
    // tighten CONNECTION --scopes "a b" [--reason TEXT]: least privilege, re-provisioned.
    int tighten();

private:
    int list();
    int show();
    int decide(const QString &sub);
    int revoke();
    int waiting();

    CtlApp &m_app;
};

} // namespace sanctum
