#include "screenshottour.h"

#include "agentlistmodel.h"
#include "scopeheatmapmodel.h"
#include "uicontroller.h"
#include "uilogging.h"

#include <QCoreApplication>
#include <QDir>
#include <QImage>
#include <QQuickWindow>
#include <QTimer>

#include <algorithm>

namespace sanctum {

namespace {

// The navigation's order (Main.qml's pageTitles), as file names.
const char *const kPages[] = {"overview", "agents", "missions", "heatmap", "audit", "settings"};
constexpr int kPageCount = int(std::size(kPages));
// Long enough for a page made on its first visit to lay out and draw.
constexpr int kSettleMs = 800;

} // namespace

void ScreenshotTour::startIfRequested(QQuickWindow *window, UiController &controller)
{
    const QString dir = qEnvironmentVariable("SANCTUM_SCREENSHOT_DIR");
    if (dir.isEmpty() || !window)
        return;
    if (!QDir().mkpath(dir)) {
        qCWarning(lcUi) << "cannot create the screenshot directory" << dir;
        return;
    }
    // SANCTUM_SCREENSHOT_DELAY_MS lets a demo sign in and its agents ask first.
    const int delayMs = std::max(kSettleMs, qEnvironmentVariableIntValue("SANCTUM_SCREENSHOT_DELAY_MS"));
    auto *tour = new ScreenshotTour(window, controller, dir);
    QObject::connect(window, &QQuickWindow::frameSwapped, tour, [tour, delayMs] {
        if (tour->m_page < 0) {
            tour->m_page = 0;
            QTimer::singleShot(delayMs, tour, &ScreenshotTour::next);
        }
    });
}

ScreenshotTour::ScreenshotTour(QQuickWindow *window, UiController &controller, QString dir)
    : QObject(window)
    , m_window(window)
    , m_controller(controller)
    , m_dir(std::move(dir))
{
}

void ScreenshotTour::next()
{
    // Pictures of half-loaded pages show nothing worth seeing.
    if (m_controller.heatmap()->isLoading() || m_controller.agents()->isLoading()) {
        QTimer::singleShot(kSettleMs, this, &ScreenshotTour::next);
        return;
    }
    if (m_window->property("currentPage").toInt() == m_page) {
        const QString path =
            QDir(m_dir).filePath(QStringLiteral("%1-%2.png").arg(m_page + 1).arg(QLatin1String(kPages[m_page])));
        const QImage image = m_window->grabWindow();
        if (image.isNull() || !image.save(path))
            qCWarning(lcUi) << "could not save the screenshot" << path;
        else
            qCInfo(lcUi) << "screenshot" << path;
        if (++m_page == kPageCount) {
            QCoreApplication::quit();
            return;
        }
    }
    m_window->setProperty("currentPage", m_page);
    QTimer::singleShot(kSettleMs, this, &ScreenshotTour::next);
}

} // namespace sanctum
