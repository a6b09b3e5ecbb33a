#pragma once

#include <QHostAddress>
#include <QString>
#include <QStringList>

namespace sanctum {

// The command line of the `sanctum` executable.
struct HeadlessOptions {
    bool headless = false;
    bool sandbox = false; // start the local sandbox tenant and use it
    bool demo = false;    // sandbox + demo operator signed in + demo agents at work
    QString dataDir;      // resolved
    quint16 brokerPort = 8731;
    QHostAddress brokerAddress = QHostAddress::LocalHost;

    // Parses arguments (argv[0] included); on --help/--version or an error it
    // returns false with *exitCode and *message set for the caller to print.
    static bool parse(const QStringList &arguments, HeadlessOptions *out, int *exitCode, QString *message);
};

} // namespace sanctum
