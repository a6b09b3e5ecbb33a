#pragma once

// Helpers shared by the integration tests: a blocking line client for the
// admin socket, process helpers that wait with deadlines, and file helpers.
// Header-only; every test executable that includes it gets its own copy.

#include "admin/adminendpoint.h"
#include "testsupport.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalSocket>
#include <QProcess>

#include <optional>

#include <sys/stat.h>

namespace sanctum::test {

// One connection to an admin socket, driven without an event loop: every
// wait is a waitFor* call bounded by a deadline.
class LineClient {
public:
    bool connectTo(const QString &path, int timeoutMs = 5000)
    {
        m_socket.connectToServer(path);
        return m_socket.waitForConnected(timeoutMs);
    }

    // Writes `bytes` and waits until they have all left our buffer.
    bool send(const QByteArray &bytes, int timeoutMs = 10000)
    {
        if (m_socket.write(bytes) != bytes.size())
            return false;
        QDeadlineTimer deadline(timeoutMs);
        while (m_socket.bytesToWrite() > 0) {
            if (m_socket.state() != QLocalSocket::ConnectedState || deadline.hasExpired())
                return false;
            m_socket.waitForBytesWritten(remaining(deadline));
        }
        return true;
    }

    // The next complete line (without its newline); nullopt when none came
    // before the deadline or the connection closed first.
    std::optional<QByteArray> readLine(int timeoutMs = 10000)
    {
        QDeadlineTimer deadline(timeoutMs);
        while (!m_socket.canReadLine()) {
            if (deadline.hasExpired())
                return std::nullopt;
            if (!m_socket.waitForReadyRead(remaining(deadline)) && m_socket.state() != QLocalSocket::ConnectedState &&
                !m_socket.canReadLine())
                return std::nullopt;
        }
        QByteArray line = m_socket.readLine();
        line.chop(1);
        return line;
    }

    // The next reply as a JSON object; an empty object when there was none
    // or it was not a JSON object (tests then fail on its missing fields).
    QJsonObject readReply(int timeoutMs = 10000)
    {
        const std::optional<QByteArray> line = readLine(timeoutMs);
        if (!line)
            return {};
        return QJsonDocument::fromJson(*line).object();
    }

    QJsonObject request(const QJsonObject &req, int timeoutMs = 10000)
    {
        if (!send(QJsonDocument(req).toJson(QJsonDocument::Compact) + '\n', timeoutMs))
            return {};
        return readReply(timeoutMs);
    }

    bool waitForDisconnected(int timeoutMs = 10000)
    {
        QDeadlineTimer deadline(timeoutMs);
        while (m_socket.state() != QLocalSocket::UnconnectedState) {
            if (deadline.hasExpired())
                return false;
            m_socket.waitForDisconnected(remaining(deadline));
        }
        return true;
    }

    QLocalSocket &socket() { return m_socket; }

    static int remaining(const QDeadlineTimer &deadline) { return int(qMax<qint64>(1, deadline.remainingTime())); }

private:
    QLocalSocket m_socket;
};

// A command line from plain words: args({"agents", "add", "bot"}).
inline QStringList args(std::initializer_list<const char *> words)
{
    QStringList out;
    for (const char *w : words)
        out << QString::fromUtf8(w);
    return out;
}

inline QString adminSocketPath(const HeadlessInstance &instance)
{
    return AdminEndpoint::socketPath(instance.dataDir());
}

inline QJsonObject statusRequest(const QJsonValue &id)
{
    return {{QStringLiteral("id"), id}, {QStringLiteral("cmd"), QStringLiteral("status")}};
}

// Waits for `process` to exit; kills it (and still fails) when it does not.
inline bool finishes(QProcess &process, int timeoutMs = 15000)
{
    if (process.state() == QProcess::NotRunning || process.waitForFinished(timeoutMs))
        return true;
    process.kill();
    process.waitForFinished(5000);
    return false;
}

// The result of running `sanctum` to completion with separate output channels.
struct SanctumRun {
    bool finished = false;
    QProcess::ExitStatus status = QProcess::CrashExit;
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

inline SanctumRun runSanctum(const QStringList &arguments, int timeoutMs = 15000)
{
    QProcess p;
    p.start(QStringLiteral(SANCTUM_BIN), arguments);
    SanctumRun r;
    r.finished = finishes(p, timeoutMs);
    r.status = p.exitStatus();
    r.exitCode = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

// st_mode & 0777 of a path (not following a final symlink); -1 when absent.
inline int modeBits(const QString &path)
{
    struct stat st = {};
    if (::lstat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 07777);
}

// The raw bytes of every regular file under `dir`, keyed by file name.
inline QList<std::pair<QString, QByteArray>> readAllFiles(const QString &dir)
{
    QList<std::pair<QString, QByteArray>> files;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile f(path);
        if (f.open(QIODevice::ReadOnly))
            files.append({path, f.readAll()});
    }
    return files;
}

// Everything `process` has written to its (merged) output by now, pulled
// from the pipe without waiting for more.
inline QByteArray drainOutput(QProcess &process)
{
    while (process.waitForReadyRead(0)) {
    }
    return process.readAll();
}

inline QJsonDocument parseJson(const QByteArray &bytes)
{
    return QJsonDocument::fromJson(bytes);
}

} // namespace sanctum::test
