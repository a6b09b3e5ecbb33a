#include "devtools/sandboxlauncher.h"

#include "domain/logging.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTimer>

#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>

namespace sanctum {

SandboxLauncher::SandboxLauncher(QObject *parent)
    : QObject(parent)
    , m_process(new QProcess(this))
    , m_timeout(new QTimer(this))
{
    m_timeout->setSingleShot(true);
    connect(m_timeout, &QTimer::timeout, this, [this] { fail(tr("the sandbox tenant did not start in time")); });
    connect(m_process, &QProcess::readyReadStandardOutput, this, &SandboxLauncher::onOutput);
    // Its log goes where ours goes.
    m_process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    connect(m_process, &QProcess::finished, this, [this](int code) {
        if (!m_done)
            fail(tr("the sandbox tenant exited (code %1) before it was ready").arg(code));
        else
            qCWarning(lcCore) << "the sandbox tenant stopped";
    });
}

SandboxLauncher::~SandboxLauncher()
{
    m_process->disconnect(this); // stopping it now is no news
    stop();
}

void SandboxLauncher::stop(int timeoutMs)
{
    if (m_process->state() == QProcess::NotRunning)
        return;
    m_process->terminate();
    if (!m_process->waitForFinished(timeoutMs)) {
        m_process->kill();
        m_process->waitForFinished(timeoutMs);
    }
}

QString SandboxLauncher::sandboxDir()
{
    const QString fromEnv = qEnvironmentVariable("SANCTUM_SANDBOX_DIR");
    return fromEnv.isEmpty() ? QStringLiteral(SANCTUM_DEFAULT_SANDBOX_DIR) : fromEnv;
}

void SandboxLauncher::start(int timeoutMs)
{
    const QString dir = sandboxDir();
    const QString node = dir + QStringLiteral("/node_modules/.bin/node");
    if (!QFileInfo(node).isExecutable())
        return QTimer::singleShot(0, this, [this, dir] {
            fail(tr("the sandbox tenant is not installed in %1 (run `npm ci` there, or `make run`)").arg(dir));
        });
    m_process->setWorkingDirectory(dir);
    m_process->setChildProcessModifier([] {
        // Its own process group, so Ctrl+C in the terminal reaches Sanctum,
        // which then stops the sandbox in order; and SIGTERM should Sanctum
        // die, so no sandbox outlives it.
        ::setpgid(0, 0);
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    });
    m_process->start(node,
                     QStringList{QStringLiteral("src/main.mjs"),
                                 QStringLiteral("--port"),
                                 QStringLiteral("0"),
                                 QStringLiteral("--upstream-port"),
                                 QStringLiteral("0")} +
                         m_arguments);
    m_timeout->start(timeoutMs);
}

void SandboxLauncher::onOutput()
{
    m_buffer += m_process->readAllStandardOutput();
    if (m_done || !m_buffer.contains('\n'))
        return;
    const QByteArray line = m_buffer.left(m_buffer.indexOf('\n')).trimmed();
    if (!line.startsWith("READY "))
        return fail(tr("the sandbox tenant said something unexpected"));
    const QJsonObject info = QJsonDocument::fromJson(line.mid(6)).object();
    TenantConfig config;
    config.issuer = QUrl(info.value(QStringLiteral("issuer")).toString());
    config.clientId = info.value(QStringLiteral("client_id")).toString();
    config.clientSecret = info.value(QStringLiteral("client_secret")).toString().toUtf8();
    config.audience = info.value(QStringLiteral("audience")).toString();
    for (const QJsonValue &c : info.value(QStringLiteral("connections")).toArray())
        config.connections << c.toString();
    // The sandbox's GitHub-like API stands in for api.github.com.
    const QUrl upstream(info.value(QStringLiteral("upstream")).toString());
    if (upstream.isValid())
        for (const QString &c : std::as_const(config.connections))
            config.apiBases.insert(c, upstream);
    if (!config.issuer.isValid() || config.clientId.isEmpty())
        return fail(tr("the sandbox tenant's READY line is incomplete"));
    m_done = true;
    m_timeout->stop();
    Q_EMIT ready(config, info);
}

void SandboxLauncher::fail(const QString &message)
{
    if (m_done)
        return;
    m_done = true;
    m_timeout->stop();
    if (m_process->state() != QProcess::NotRunning)
        m_process->kill();
    Q_EMIT failed(Error{QStringLiteral("sandbox"), message});
}

} // namespace sanctum
