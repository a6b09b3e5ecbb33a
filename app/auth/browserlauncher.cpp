#include "auth/browserlauncher.h"

#include <QProcess>

namespace sanctum {

namespace {
BrowserLauncher::Opener &desktopOpener()
{
    static BrowserLauncher::Opener opener;
    return opener;
}
} // namespace

void BrowserLauncher::setDesktopOpener(Opener opener)
{
    desktopOpener() = std::move(opener);
}

Status BrowserLauncher::open(const QUrl &url)
{
    const QString custom = qEnvironmentVariable("SANCTUM_BROWSER");
    if (!custom.isEmpty()) {
        QStringList args = QProcess::splitCommand(custom);
        const QString program = args.isEmpty() ? QString() : args.takeFirst();
        if (program.isEmpty() || !QProcess::startDetached(program, args << url.toString(QUrl::FullyEncoded)))
            return Error{QStringLiteral("browser"),
                         QStringLiteral("could not start the browser given in SANCTUM_BROWSER (%1)").arg(custom)};
        return Done{};
    }
    if (desktopOpener() && desktopOpener()(url))
        return Done{};
    if (QProcess::startDetached(QStringLiteral("xdg-open"), {url.toString(QUrl::FullyEncoded)}))
        return Done{};
    return Error{QStringLiteral("browser"),
                 QStringLiteral("no browser could be opened; open this address yourself: %1").arg(url.toString())};
}

} // namespace sanctum
