#include "admin/admincommands.h"
#include "admin/adminendpoint.h"
#include "admin/adminserver.h"
#include "admin/agentcommands.h"
#include "admin/auditcommands.h"
#include "admin/authcommands.h"
#include "admin/connectioncommands.h"
#include "admin/leastprivilegecommands.h"
#include "admin/missioncommands.h"
#include "admin/policycommands.h"
#include "admin/statuscommand.h"
#include "broker/api/broker.h"
#include "devtools/demorunner.h"
#include "devtools/sandboxlauncher.h"
#include "domain/actor.h"
#include "domain/clock.h"
#include "domain/logscrubber.h"
#include "domain/unixsignalwatcher.h"
#include "domain/version.h"
#include "headlessoptions.h"
#include "root/instance.h"
#include "services/agents/agentregistry.h"
#include "services/instancestatus.h"
#include "services/session/tenantsession.h"
#include "store/auditlog.h"
#include "store/datadir.h"
#include "store/instancelock.h"
#include "ui/guiapp.h"
#include "ui/translations.h"

#include <QApplication>
#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>
#include <memory>

using namespace sanctum;

int main(int argc, char *argv[])
{
    hardenProcess();
    LogScrubber::install();
    QCoreApplication::setApplicationName(QStringLiteral("sanctum"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SANCTUM_VERSION));

    QTextStream out(stdout);
    QTextStream err(stderr);
    // The options decide which application object to make, so they are read
    // before it exists: headless must never need a display.
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    HeadlessOptions options;
    int exitCode = 0;
    QString message;
    if (!HeadlessOptions::parse(arguments, &options, &exitCode, &message)) {
        (exitCode == 0 ? out : err) << message;
        return exitCode;
    }
    // Without a display the window cannot open; rather than abort inside
    // Qt, say so and run the same core headless.
    if (!options.headless && qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") &&
        qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        err << "sanctum: no display (neither DISPLAY nor WAYLAND_DISPLAY is set), so no window: running headless\n";
        options.headless = true;
    }
    std::unique_ptr<QCoreApplication> app;
    if (options.headless)
        app = std::make_unique<QCoreApplication>(argc, argv);
    else
        app = std::make_unique<QApplication>(argc, argv);

    Translations::install(*app);

    InstanceLock lock(options.dataDir);
    if (Status s = DataDir::prepare(options.dataDir); !s) {
        err << "sanctum: " << s.error().message << '\n';
        return 1;
    }
    if (Status s = lock.acquire(); !s) {
        err << "sanctum: " << s.error().message << '\n';
        return 1;
    }

    SystemClock clock;
    Instance instance(options.dataDir, clock);
    if (Status s = instance.open(); !s) {
        err << "sanctum: " << s.error().message << '\n';
        return 1;
    }
    const Services &services = instance.services();
    AdminCommands commands;
    StatusCommand::registerInto(commands, services.status);
    AgentCommands::registerInto(commands, services.agents);
    AuditCommands::registerInto(commands, services.audit);
    PolicyCommands::registerInto(commands, services.policies);
    AuthCommands::registerInto(commands, services.session);
    MissionCommands::registerInto(commands, services);
    ConnectionCommands::registerInto(commands, services);
    LeastPrivilegeCommands::registerInto(commands, services);
    AdminServer admin(commands);
    if (Status s = admin.listen(AdminEndpoint::socketPath(options.dataDir)); !s) {
        err << "sanctum: " << s.error().message << '\n';
        return 1;
    }

    BrokerOptions brokerOptions;
    brokerOptions.address = options.brokerAddress;
    brokerOptions.port = options.brokerPort;
    Broker broker(BrokerServices{instance.clock(),
                                 instance.agents(),
                                 instance.missions(),
                                 instance.scopeMaps(),
                                 instance.stepUp(),
                                 instance.session().auth(),
                                 instance.usage()},
                  brokerOptions);
    QObject::connect(&broker, &Broker::urlChanged, &instance, [&](const QUrl &url) { instance.status().setBrokerUrl(url); });
    if (Status s = broker.start(); !s) {
        err << "sanctum: " << s.error().message << '\n';
        if (options.brokerPort != 0)
            err << "sanctum: another program may use that port; pick another with --broker-port, or 0 for any\n";
        return 1;
    }

    UnixSignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &UnixSignalWatcher::terminationRequested, app.get(), [&](int sig) {
        err << "sanctum: stopping (signal " << sig << ")\n";
        err.flush();
        QCoreApplication::quit();
    });

    const Expected<qint64> agents = instance.agents().count();
    out << "Sanctum " << SANCTUM_VERSION << (options.headless ? " running headless" : " running") << " (pid "
        << QCoreApplication::applicationPid() << ")\n"
        << "  data dir      " << options.dataDir << '\n'
        << "  admin socket  " << admin.path() << '\n'
        << "  broker        " << broker.url().toString() << " (agents: SANCTUM_BROKER=" << broker.url().toString()
        << ")\n"
        << "  agents        " << (agents ? *agents : 0) << '\n'
        << "  audit log     " << instance.audit().headSeq() << " entries (check with: sanctumctl audit verify)\n"
        << "Ready. Try 'sanctumctl status' in another terminal; Ctrl+C stops.\n";
    out.flush();
    QObject::connect(&instance.audit(), &AuditLog::appended, app.get(), [&](const AuditEvent &e) {
        out << "  audit #" << e.seq << "  " << e.action << "  " << e.subjectType << ' ' << e.subjectId << '\n';
        out.flush();
    });

    SandboxLauncher sandbox;
    DemoRunner demo(instance.session(), options.dataDir);
    if (options.demo) {
        QObject::connect(&demo, &DemoRunner::signedIn, app.get(), [&](const QString &user) {
            out << "  demo          signed in as " << user << "; demo agents starting (for sanctumctl: export "
                << "SANCTUM_DATA_DIR=" << options.dataDir << ")\n";
            out.flush();
        });
        QObject::connect(&demo, &DemoRunner::failed, app.get(), [&](const Error &e) {
            err << "sanctum: demo: " << e.message << '\n';
            err.flush();
        });
    }
    if (options.sandbox) {
        QObject::connect(
            &sandbox, &SandboxLauncher::ready, app.get(), [&](const TenantConfig &config, const QJsonObject &info) {
                // For this run only: nothing about the sandbox is stored or put in the keychain.
                instance.session().configure(config, false, Actor::system(), [&, info](Status s) {
                    if (!s) {
                        err << "sanctum: " << s.error().message << '\n';
                        return;
                    }
                    out << "  sandbox       tenant " << info.value(QStringLiteral("issuer")).toString() << ", upstream "
                        << info.value(QStringLiteral("upstream")).toString() << "\n";
                    if (options.demo)
                        demo.start(QUrl(info.value(QStringLiteral("control")).toString()));
                    else
                        out << "Sign in with 'sanctumctl login --device' (the sandbox's user is alice).\n";
                    out.flush();
                });
            });
        QObject::connect(&sandbox, &SandboxLauncher::failed, app.get(), [&](const Error &e) {
            err << "sanctum: " << e.message << '\n';
            err.flush();
            QCoreApplication::exit(1);
        });
        // The demo signs in by device code: a one-second poll gets it going sooner.
        if (options.demo)
            sandbox.setExtraArguments({QStringLiteral("--poll-interval"), QStringLiteral("1")});
        sandbox.start();
    }

    // The control panel shares the core above; it is made last so it sees
    // the broker's address and the instance as the headless run would.
    std::unique_ptr<GuiApp> gui;
    if (!options.headless) {
        gui = std::make_unique<GuiApp>(services);
        if (!gui->start()) {
            err << "sanctum: the control panel could not be loaded\n";
            return 1;
        }
        // The demo is a visit: closing its window ends it and what it started.
        if (options.demo)
            QApplication::setQuitOnLastWindowClosed(true);
    }

    const int code = QCoreApplication::exec();
    // What the demo started stops first, while the broker still answers its
    // last calls; the window and its models go before the instance they watch.
    demo.stop();
    gui.reset();
    return code;
}
