#pragma once

#include <QByteArray>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>

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

    bool start(int timeoutMs = 10000);
    void stop();
    bool isRunning() const;

    QString dataDir() const { return m_dataDir; }
    QByteArray output() const { return m_output; }
    QProcess &process() { return *m_process; }

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
