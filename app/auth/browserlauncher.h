#pragma once

#include "domain/error.h"

#include <QUrl>

#include <functional>

namespace sanctum {

// Opens the system browser on a URL. SANCTUM_BROWSER=<command> takes
// precedence (the command gets the URL as its last argument; tests and
// unusual desktops use it); otherwise the desktop's handler: QDesktopServices
// when the GUI registered it, xdg-open when headless.
class BrowserLauncher {
public:
    using Opener = std::function<bool(const QUrl &)>;

    static Status open(const QUrl &url);
    // The GUI installs QDesktopServices::openUrl here; the core does not link QtGui.
    static void setDesktopOpener(Opener opener);
};

} // namespace sanctum
