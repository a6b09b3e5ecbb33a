#pragma once

#include <QByteArray>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

namespace sanctum::test {

// The result of running sanctumctl to completion.
struct CtlRun {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// A real `sanctum --headless` process on its own temporary data directory,
// started by the constructor (waiting for its "Ready." line) and stopped
// with SIGTERM by the destructor, so no test leaves a process behind.
class HeadlessInstance {
public:
    explicit HeadlessInstance(const QString &dataDir = {});
    ~HeadlessInstance();

    // Extra arguments go after --headless --data-dir DIR --broker-port 0 (a
    // free port, so tests can run side by side).
    bool start(int timeoutMs = 10000, const QStringList &extraArguments = {});
    void stop();
    bool isRunning() const;

    QString dataDir() const { return m_dataDir; }
    QByteArray output() const { return m_output; }
    QProcess &process() { return *m_process; }
    // Where agents reach this instance's broker, from `sanctumctl status`.
    QUrl brokerUrl() const;

    // Runs sanctumctl against this instance's data directory.
    CtlRun ctl(const QStringList &arguments, int timeoutMs = 30000) const;

private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    QString m_dataDir;
    std::unique_ptr<QProcess> m_process;
    QByteArray m_output;
};

// Runs sanctumctl with `arguments` (no data dir added).
CtlRun runCtl(const QStringList &arguments, int timeoutMs = 30000);

} // namespace sanctum::test
