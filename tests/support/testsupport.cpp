#include "testsupport.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <QDeadlineTimer>

namespace sanctum::test {

HeadlessInstance::HeadlessInstance(const QString &dataDir)
{
    if (dataDir.isEmpty()) {
        m_tmp = std::make_unique<QTemporaryDir>();
        m_dataDir = m_tmp->path() + QStringLiteral("/data");
    } else {
        m_dataDir = dataDir;
    }
}

HeadlessInstance::~HeadlessInstance()
{
    stop();
}

bool HeadlessInstance::start(int timeoutMs, const QStringList &extraArguments)
{
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->start(QStringLiteral(SANCTUM_BIN),
                     QStringList{QStringLiteral("--headless"),
                                 QStringLiteral("--data-dir"),
                                 m_dataDir,
                                 QStringLiteral("--broker-port"),
                                 QStringLiteral("0")} +
                         extraArguments);
    if (!m_process->waitForStarted(timeoutMs))
        return false;
    QDeadlineTimer deadline(timeoutMs);
    while (!m_output.contains("Ready.")) {
        if (m_process->state() != QProcess::Running || deadline.hasExpired())
            return false;
        m_process->waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
        m_output += m_process->readAll();
    }
    return true;
}

QUrl HeadlessInstance::brokerUrl() const
{
    const CtlRun run = ctl({QStringLiteral("status"), QStringLiteral("--json")});
    return QUrl(QJsonDocument::fromJson(run.out).object().value(QStringLiteral("broker_url")).toString());
}

void HeadlessInstance::stop()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_process->waitForFinished(5000)) {
            m_process->kill();
            m_process->waitForFinished(5000);
        }
    }
    m_output += m_process->readAll();
}

bool HeadlessInstance::isRunning() const
{
    return m_process && m_process->state() == QProcess::Running;
}

CtlRun HeadlessInstance::ctl(const QStringList &arguments, int timeoutMs) const
{
    return runCtl(QStringList{QStringLiteral("--data-dir"), m_dataDir} + arguments, timeoutMs);
}

CtlRun runCtl(const QStringList &arguments, int timeoutMs)
{
    QProcess p;
    p.start(QStringLiteral(SANCTUMCTL_BIN), arguments);
    CtlRun r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.err = "sanctumctl did not finish in time";
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

} // namespace sanctum::test
