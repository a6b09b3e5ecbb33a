#include "sandboxtenant.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>

namespace sanctum::test {

namespace {

QUrl joined(const QUrl &base, const QString &path)
{
    return QUrl(base.toString() + path);
}

} // namespace

SandboxTenant::SandboxTenant(QStringList arguments)
    : m_arguments(std::move(arguments))
{
}

SandboxTenant::~SandboxTenant()
{
    stop();
}

QString SandboxTenant::sandboxDir()
{
    return QStringLiteral(SANCTUM_SANDBOX_DIR);
}

QString SandboxTenant::nodeBinary()
{
    return sandboxDir() + QStringLiteral("/node_modules/.bin/node");
}

bool SandboxTenant::start(int timeoutMs)
{
    stop();
    m_ready = {};
    m_error.clear();
    if (!QFileInfo(nodeBinary()).isExecutable()) {
        m_error = QStringLiteral("%1 is missing: build the sandbox_node_modules target (npm ci in %2)")
                      .arg(nodeBinary(), sandboxDir());
        return false;
    }

    QElapsedTimer clock;
    clock.start();
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process->setWorkingDirectory(sandboxDir());
    m_process->start(nodeBinary(),
                     QStringList{QStringLiteral("src/main.mjs"), QStringLiteral("--port"), QStringLiteral("0")} +
                         m_arguments);
    if (!m_process->waitForStarted(timeoutMs)) {
        m_error = QStringLiteral("the sandbox did not start: %1").arg(m_process->errorString());
        return false;
    }

    // READY is the first and only line the sandbox writes to stdout.
    const QDeadlineTimer deadline(timeoutMs);
    QByteArray output;
    while (!output.contains('\n')) {
        if (m_process->state() != QProcess::Running) {
            m_error = QStringLiteral("the sandbox exited (code %1) before it was ready; its log is above")
                          .arg(m_process->exitCode());
            return false;
        }
        if (deadline.hasExpired()) {
            m_error = QStringLiteral("the sandbox printed no READY line within %1 ms").arg(timeoutMs);
            stop();
            return false;
        }
        m_process->waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
        output += m_process->readAllStandardOutput();
    }
    m_startupMs = clock.elapsed();

    const QByteArray line = output.left(output.indexOf('\n')).trimmed();
    const QByteArray prefix("READY ");
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(line.mid(prefix.size()), &parseError);
    if (!line.startsWith(prefix) || !document.isObject()) {
        m_error = QStringLiteral("unexpected first line from the sandbox: %1").arg(QString::fromUtf8(line));
        stop();
        return false;
    }
    m_ready = document.object();
    return true;
}

void SandboxTenant::stop(int timeoutMs)
{
    if (!m_process) {
        return;
    }
    if (m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_process->waitForFinished(timeoutMs)) {
            m_process->kill();
            m_process->waitForFinished(timeoutMs);
        }
    }
}

bool SandboxTenant::isRunning() const
{
    return m_process && m_process->state() == QProcess::Running;
}

QString SandboxTenant::text(const char *key) const
{
    return m_ready.value(QLatin1String(key)).toString();
}

QUrl SandboxTenant::issuer() const
{
    return QUrl(text("issuer"));
}

QUrl SandboxTenant::upstream() const
{
    return QUrl(text("upstream"));
}

QUrl SandboxTenant::control() const
{
    return QUrl(text("control"));
}

QString SandboxTenant::clientId() const
{
    return text("client_id");
}

QString SandboxTenant::clientSecret() const
{
    return text("client_secret");
}

QString SandboxTenant::publicClientId() const
{
    return text("public_client_id");
}

QString SandboxTenant::audience() const
{
    return text("audience");
}

QString SandboxTenant::myAccountAudience() const
{
    return text("my_account_audience");
}

QString SandboxTenant::alg() const
{
    return text("alg");
}

QString SandboxTenant::upstreamClientId() const
{
    return text("upstream_client_id");
}

QString SandboxTenant::upstreamClientSecret() const
{
    return text("upstream_client_secret");
}

QStringList SandboxTenant::connections() const
{
    return m_ready.value(QLatin1String("connections")).toVariant().toStringList();
}

QStringList SandboxTenant::users() const
{
    return m_ready.value(QLatin1String("users")).toVariant().toStringList();
}

QUrl SandboxTenant::tenantUrl(const QString &path) const
{
    return joined(issuer(), path);
}

QUrl SandboxTenant::upstreamUrl(const QString &path) const
{
    return joined(upstream(), path);
}

QUrl SandboxTenant::controlUrl(const QString &path) const
{
    return joined(control(), path);
}

} // namespace sanctum::test
