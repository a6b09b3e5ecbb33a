#pragma once

#include "devtools/sandboxlauncher.h"

#include <QJsonObject>
#include <QProcess>
#include <QStringList>
#include <QUrl>

#include <memory>

namespace sanctum::test {

// The sandbox tenant (tests/sandbox) as a child process: an Auth0-compatible
// tenant and a GitHub-like upstream on ports the system picks. start() runs
// it through the product's SandboxLauncher and waits, up to a deadline, for
// its READY line; the destructor stops it with SIGTERM, so no test leaves it
// behind. Its log (stderr) is forwarded to the test's stderr.
class SandboxTenant {
public:
    // `arguments` are added to the command line, e.g. {"--alg", "ES256"}.
    explicit SandboxTenant(QStringList arguments = {});
    ~SandboxTenant();
    SandboxTenant(const SandboxTenant &) = delete;
    SandboxTenant &operator=(const SandboxTenant &) = delete;

    bool start(int timeoutMs = 20000);
    // SIGTERM, then SIGKILL if it has not exited within `timeoutMs`.
    void stop(int timeoutMs = 5000);
    bool isRunning() const;
    // Why start() failed, for a test's failure message.
    QString errorString() const { return m_error; }
    // Milliseconds from launching the process to its READY line.
    qint64 startupMs() const { return m_startupMs; }
    QProcess *process() const;

    // The READY line's JSON object, and its members.
    QJsonObject ready() const { return m_ready; }
    QUrl issuer() const;
    QUrl upstream() const;
    QUrl control() const; // empty with --demo
    QString clientId() const;
    QString clientSecret() const;
    QString publicClientId() const;
    QString audience() const;
    QString myAccountAudience() const;
    QString alg() const;
    QString upstreamClientId() const;
    QString upstreamClientSecret() const;
    QStringList connections() const;
    QStringList users() const;

    // The URL of `path` on the tenant, the upstream or the control endpoint.
    QUrl tenantUrl(const QString &path) const;
    QUrl upstreamUrl(const QString &path) const;
    QUrl controlUrl(const QString &path) const;

private:
    QString text(const char *key) const;

    QStringList m_arguments;
    std::unique_ptr<SandboxLauncher> m_launcher;
    QJsonObject m_ready;
    QString m_error;
    qint64 m_startupMs = -1;
};

} // namespace sanctum::test
