#pragma once

#include "auth/oidcclient.h"
#include "domain/error.h"

#include <QJsonObject>
#include <QObject>
#include <QStringList>

class QProcess;
class QTimer;

namespace sanctum {

// Starts the local sandbox tenant (tests/sandbox: an Auth0-compatible
// tenant and a GitHub-like upstream on loopback) for `sanctum --sandbox`,
// without blocking: `ready` carries the tenant's configuration once the
// sandbox printed its READY line. The sandbox stops with this object.
class SandboxLauncher : public QObject {
    Q_OBJECT
public:
    explicit SandboxLauncher(QObject *parent = nullptr);
    ~SandboxLauncher() override;

    // $SANCTUM_SANDBOX_DIR, else the sandbox beside the sources this was built from.
    static QString sandboxDir();
    // Added to the sandbox's command line, e.g. {"--alg", "ES256"}.
    void setExtraArguments(const QStringList &arguments) { m_arguments = arguments; }
    void start(int timeoutMs = 30000);
    // SIGTERM, then SIGKILL if it has not exited within `timeoutMs`.
    void stop(int timeoutMs = 3000);
    QProcess *process() const { return m_process; }

Q_SIGNALS:
    // `info` is the whole READY object, secrets included: keep it in memory.
    void ready(const sanctum::TenantConfig &config, const QJsonObject &info);
    void failed(const sanctum::Error &error);

private:
    void onOutput();
    void fail(const QString &message);

    QProcess *m_process;
    QTimer *m_timeout;
    QByteArray m_buffer;
    QStringList m_arguments;
    bool m_done = false;
};

} // namespace sanctum
