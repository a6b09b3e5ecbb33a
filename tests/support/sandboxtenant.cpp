#include "sandboxtenant.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QTest>

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

bool SandboxTenant::start(int timeoutMs)
{
    stop();
    m_ready = {};
    m_error.clear();
    // The same launcher `sanctum --sandbox` uses, so the tests start the
    // sandbox exactly as the product does.
    m_launcher = std::make_unique<SandboxLauncher>();
    m_launcher->setExtraArguments(m_arguments);
    bool done = false;
    QObject::connect(m_launcher.get(), &SandboxLauncher::ready, [&](const TenantConfig &, const QJsonObject &info) {
        m_ready = info;
        done = true;
    });
    QObject::connect(m_launcher.get(), &SandboxLauncher::failed, [&](const Error &e) {
        m_error = e.message;
        done = true;
    });
    QElapsedTimer clock;
    clock.start();
    m_launcher->start(timeoutMs);
    QDeadlineTimer deadline(timeoutMs + 1000);
    while (!done && !deadline.hasExpired())
        QTest::qWait(5);
    m_launcher->disconnect();
    if (!done)
        m_error = QStringLiteral("the sandbox printed no READY line within %1 ms").arg(timeoutMs);
    if (m_ready.isEmpty())
        return false;
    m_startupMs = clock.elapsed();
    return true;
}

void SandboxTenant::stop(int timeoutMs)
{
    if (m_launcher)
        m_launcher->stop(timeoutMs);
}

QProcess *SandboxTenant::process() const
{
    return m_launcher ? m_launcher->process() : nullptr;
}

bool SandboxTenant::isRunning() const
{
    return process() && process()->state() == QProcess::Running;
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
