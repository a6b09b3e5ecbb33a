#pragma once

namespace sanctum {

class CtlApp;

// sanctumctl's commands about the tenant and the operator's sign-in:
// tenant set|show, login [--device], logout, whoami, connections list|check.
class CtlAuth {
public:
    explicit CtlAuth(CtlApp &app)
        : m_app(app)
    {
    }

    int tenant();
    int login();
    int logout();
    int whoami();
    int connections();

private:
    int revocation(bool revokeNow);
    CtlApp &m_app;
};

} // namespace sanctum
