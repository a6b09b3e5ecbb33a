#pragma once

#include "domain/error.h"

#include <QJsonObject>
#include <QLocalSocket>

namespace sanctum {

// sanctumctl's side of the admin socket. It blocks, which is right for a
// command-line tool that has nothing else to do while it waits; the GUI never
// uses it.
class AdminClient {
public:
    explicit AdminClient(const QString &dataDir);

    Status connectToInstance(int timeoutMs = 3000);
    // Sends one command and waits for its reply. A reply with "ok": false
    // comes back as an Error carrying the instance's code and message.
    Expected<QJsonObject> call(const QString &cmd, const QJsonObject &args = {}, int timeoutMs = 60000);

private:
    QString m_dataDir;
    QString m_path;
    QLocalSocket m_socket;
    qint64 m_nextId = 1;
};

} // namespace sanctum
