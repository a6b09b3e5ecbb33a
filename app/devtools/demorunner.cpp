#include "devtools/demorunner.h"

#include "domain/actor.h"

#include "domain/logging.h"
#include "domain/tokenset.h"
#include "services/session/tenantsession.h"

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QTimer>

#include <csignal>

#include <sys/prctl.h>

namespace sanctum {

namespace {

// Long enough for SIGTERM to let the simulator finish its missions.
constexpr int kStopGraceMs = 3000;

} // namespace

DemoRunner::DemoRunner(TenantSession &session, QString dataDir, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_dataDir(std::move(dataDir))
    , m_network(new QNetworkAccessManager(this))
{
    // The control endpoint is on this machine: never through a proxy.
    m_network->setProxy(QNetworkProxy::NoProxy);
}

DemoRunner::~DemoRunner()
{
    stop();
}

void DemoRunner::start(const QUrl &control, const QString &user)
{
    if (m_started)
        return;
    m_started = true;
    m_control = control;
    m_user = user;
    if (!m_control.isValid() || m_control.isEmpty())
        return fail(tr("the sandbox has no control endpoint, so the demo cannot sign in by itself"));
    connect(&m_session, &TenantSession::deviceCodeReady, this, &DemoRunner::approveDeviceCode);
    connect(&m_session, &TenantSession::stateChanged, this, &DemoRunner::onSessionState);
    connect(&m_session, &TenantSession::signInFailed, this, [this](const Error &e) {
        fail(tr("signing in to the sandbox failed: %1").arg(e.message));
    });
    if (m_session.state() == TenantSession::State::SignedIn)
        return onSessionState();
    // The demo signs its operator in by itself: Sanctum does it, not a person.
    m_session.loginWithDevice(Actor::system());
}

void DemoRunner::onSessionState()
{
    if (m_session.state() != TenantSession::State::SignedIn || m_simulator)
        return;
    Q_EMIT signedIn(m_user);
    startSimulation();
}

void DemoRunner::approveDeviceCode(const DeviceAuthorization &authorization)
{
    QNetworkRequest request(QUrl(m_control.toString() + QStringLiteral("/device/approve")));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    const QJsonObject body{{QStringLiteral("user_code"), authorization.userCode}, {QStringLiteral("user"), m_user}};
    QNetworkReply *reply = m_network->post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        if (reply->error() != QNetworkReply::NoError)
            fail(tr("the sandbox did not accept the demo sign-in: %1").arg(reply->errorString()));
        // Success shows as the session turning signed in on its next poll.
    });
}

void DemoRunner::startSimulation()
{
    const QString program = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("sanctumctl"));
    m_simulator = new QProcess(this);
    m_simulator->setProgram(program);
    m_simulator->setArguments({QStringLiteral("--data-dir"),
                               m_dataDir,
                               QStringLiteral("agent"),
                               QStringLiteral("simulate"),
                               QStringLiteral("--profile"),
                               QStringLiteral("demo")});
    // Its lines ("demo-triage-bot: called GET …") are the demo's narration.
    m_simulator->setProcessChannelMode(QProcess::ForwardedChannels);
    connect(m_simulator, &QProcess::errorOccurred, this, [this, program](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            fail(tr("could not start %1: %2").arg(program, m_simulator->errorString()));
    });
    connect(m_simulator, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
        if (status == QProcess::NormalExit && code == 0)
            return;
        fail(tr("the demo agents stopped (exit code %1)").arg(code));
    });
    // Should Sanctum itself be killed outright, the kernel ends the agents too.
    m_simulator->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
    // Reported when it has started: the window's thread never waits for a fork.
    connect(m_simulator, &QProcess::started, this, [this] { Q_EMIT simulationStarted(m_simulator->processId()); });
    m_simulator->start();
}

bool DemoRunner::isSimulating() const
{
    return m_simulator && m_simulator->state() == QProcess::Running;
}

void DemoRunner::stop()
{
    if (!m_simulator)
        return;
    m_simulator->disconnect(this);
    if (m_simulator->state() != QProcess::NotRunning) {
        // The simulator finishes its missions through the broker, which may
        // share this thread: wait with events flowing, not in
        // waitForFinished(), or both would wait on each other.
        QEventLoop loop;
        connect(m_simulator, &QProcess::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(kStopGraceMs, &loop, &QEventLoop::quit);
        m_simulator->terminate();
        loop.exec();
        if (m_simulator->state() != QProcess::NotRunning) {
            m_simulator->kill();
            m_simulator->waitForFinished(1000);
        }
    }
    delete m_simulator;
    m_simulator = nullptr;
}

void DemoRunner::fail(const QString &message)
{
    qCWarning(lcCore).noquote() << "demo:" << message;
    Q_EMIT failed(Error{QStringLiteral("demo"), message});
}

} // namespace sanctum
