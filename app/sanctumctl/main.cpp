#include "cli/ctlapp.h"
#include "domain/logscrubber.h"
#include "domain/unixsignalwatcher.h"

#include <QCoreApplication>
#include <QTextStream>

using namespace sanctum;

int main(int argc, char *argv[])
{
    hardenProcess();
    LogScrubber::install();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("sanctumctl"));
    QTextStream out(stdout);
    QTextStream err(stderr);
    CtlApp ctl(out, err);
    const int code = ctl.run(app.arguments().mid(1));
    out.flush();
    err.flush();
    return code;
}
