#pragma once

#include <QObject>

class QSocketNotifier;

namespace sanctum {

// Turns SIGINT and SIGTERM into a Qt signal on the event loop (via a
// self-pipe), so shutdown runs as ordinary code: sockets closed, lock
// released, nothing half-written.
class UnixSignalWatcher : public QObject {
    Q_OBJECT
public:
    explicit UnixSignalWatcher(QObject *parent = nullptr);
    ~UnixSignalWatcher() override;

Q_SIGNALS:
    void terminationRequested(int signal);

private:
    static void handle(int signal);
    QSocketNotifier *m_notifier = nullptr;
};

// Process-wide protections applied first thing in main(): no core dumps (a
// dump of this process would hold tokens in memory), and the descriptor
// limit raised to what the system allows, for the broker's connections.
void hardenProcess();

} // namespace sanctum
