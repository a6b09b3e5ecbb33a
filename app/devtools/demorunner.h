#pragma once

#include "domain/error.h"

#include <QObject>
#include <QString>
#include <QUrl>

class QNetworkAccessManager;
class QProcess;

namespace sanctum {

class TenantSession;
struct DeviceAuthorization;

// The offline demo behind `sanctum --demo` (the README's run command): once
// the sandbox tenant is configured it signs in as the sandbox's demo
// operator by device code — approving the code through the sandbox's
// control endpoint, as a person would on its page — and then starts
// `sanctumctl agent simulate --profile demo` so agents ask for missions the
// operator approves in the window. Whatever it started stops with it.
class DemoRunner : public QObject {
    Q_OBJECT
public:
    DemoRunner(TenantSession &session, QString dataDir, QObject *parent = nullptr);
    ~DemoRunner() override;

    // `control` is the sandbox's /__control base URL from its READY line.
    void start(const QUrl &control, const QString &user = QStringLiteral("alice"));
    void stop();
    bool isSimulating() const;

Q_SIGNALS:
    void signedIn(const QString &user);
    void simulationStarted(qint64 pid);
    void failed(const sanctum::Error &error);

private:
    void onSessionState();
    void approveDeviceCode(const DeviceAuthorization &authorization);
    void startSimulation();
    void fail(const QString &message);

    TenantSession &m_session;
    QString m_dataDir;
    QUrl m_control;
    QString m_user;
    QNetworkAccessManager *m_network;
    QProcess *m_simulator = nullptr;
    bool m_started = false;
};

} // namespace sanctum
