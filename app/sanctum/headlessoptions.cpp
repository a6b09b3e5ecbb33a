#include "headlessoptions.h"

#include "domain/version.h"
#include "store/datadir.h"

#include <QCommandLineParser>

namespace sanctum {

bool HeadlessOptions::parse(const QStringList &arguments, HeadlessOptions *out, int *exitCode, QString *message)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Sanctum: mission authorization for AI agents."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
    const QCommandLineOption version(QStringLiteral("version"), QStringLiteral("Show the version."));
    const QCommandLineOption headless(QStringLiteral("headless"),
                                      QStringLiteral("Run without a window (servers, CI, tests)."));
    const QCommandLineOption dataDir(QStringLiteral("data-dir"),
                                     QStringLiteral("Keep data in <dir> (default: $SANCTUM_DATA_DIR, else "
                                                    "~/.local/share/sanctum)."),
                                     QStringLiteral("dir"));
    const QCommandLineOption sandbox(QStringLiteral("sandbox"),
                                     QStringLiteral("Start the local sandbox tenant (an Auth0-compatible tenant and a "
                                                    "GitHub-like API on this machine) and use it for this run."));
    const QCommandLineOption demo(
        QStringLiteral("demo"),
        QStringLiteral("The offline demo: the sandbox tenant, signed in as its demo operator, with demo agents asking "
                       "for missions (data in ~/.local/share/sanctum-demo unless --data-dir or $SANCTUM_DATA_DIR "
                       "says otherwise)."));
    const QCommandLineOption brokerPort(QStringLiteral("broker-port"),
                                        QStringLiteral("Serve agents on port <port> of 127.0.0.1 (default 8731; 0 "
                                                       "picks a free one, shown by 'sanctumctl status')."),
                                        QStringLiteral("port"));
    const QCommandLineOption brokerAddress(
        QStringLiteral("broker-address"),
        QStringLiteral("Serve agents on <address> instead of 127.0.0.1. Anything but a loopback address lets "
                       "other machines reach the broker, without TLS; only behind a TLS-terminating proxy."),
        QStringLiteral("address"));
    parser.addOptions({help, version, headless, dataDir, sandbox, demo, brokerPort, brokerAddress});

    if (!parser.parse(arguments)) {
        *exitCode = 2;
        *message = parser.errorText() + QStringLiteral("\nRun 'sanctum --help' for the options.\n");
        return false;
    }
    if (parser.isSet(help)) {
        *exitCode = 0;
        *message = parser.helpText();
        return false;
    }
    if (parser.isSet(version)) {
        *exitCode = 0;
        *message = QStringLiteral("sanctum %1\n").arg(QStringLiteral(SANCTUM_VERSION));
        return false;
    }
    if (!parser.positionalArguments().isEmpty()) {
        *exitCode = 2;
        *message = QStringLiteral("unexpected argument '%1'\n").arg(parser.positionalArguments().constFirst());
        return false;
    }
    if (parser.isSet(brokerPort)) {
        bool ok = false;
        const uint port = parser.value(brokerPort).toUInt(&ok);
        if (!ok || port > 65535) {
            *exitCode = 2;
            *message = QStringLiteral("--broker-port needs a port number from 0 to 65535\n");
            return false;
        }
        out->brokerPort = quint16(port);
    }
    if (parser.isSet(brokerAddress)) {
        const QHostAddress address(parser.value(brokerAddress));
        if (address.isNull()) {
            *exitCode = 2;
            *message = QStringLiteral("--broker-address needs an IP address, e.g. 127.0.0.1\n");
            return false;
        }
        out->brokerAddress = address;
    }
    out->headless = parser.isSet(headless);
    out->demo = parser.isSet(demo);
    out->sandbox = parser.isSet(sandbox) || out->demo;
    // The demo's agents and missions stay out of the operator's real data.
    QString dir = parser.value(dataDir);
    if (out->demo && dir.isEmpty() && qEnvironmentVariableIsEmpty("SANCTUM_DATA_DIR"))
        dir = DataDir::resolve() + QStringLiteral("-demo");
    out->dataDir = DataDir::resolve(dir);
    return true;
}

} // namespace sanctum
