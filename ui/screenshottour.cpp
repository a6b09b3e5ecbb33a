#include "ui/screenshottour.h"

#include "qml/appearance.h"
#include "ui/agentlistmodel.h"
#include "ui/scopeheatmapmodel.h"
#include "ui/uicontroller.h"
#include "ui/uilogging.h"

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
// After the pages, the overview and the heatmap once more in the dark palette.
const int kDarkPages[] = {0, 3};
constexpr int kShotCount = kPageCount + int(std::size(kDarkPages));
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
        if (!tour->m_started) {
            tour->m_started = true;
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
    const bool dark = m_shot >= kPageCount;
    const int page = dark ? kDarkPages[m_shot - kPageCount] : m_shot;
    if (m_window->property("currentPage").toInt() == page && m_shotPending) {
        const QString path = QDir(m_dir).filePath(QStringLiteral("%1-%2%3.png")
                                                      .arg(m_shot + 1)
                                                      .arg(QLatin1String(kPages[page]))
                                                      .arg(dark ? QStringLiteral("-dark") : QString()));
        const QImage image = m_window->grabWindow();
        if (image.isNull() || !image.save(path))
            qCWarning(lcUi) << "could not save the screenshot" << path;
        else
            qCInfo(lcUi) << "screenshot" << path;
        m_shotPending = false;
        if (++m_shot == kShotCount) {
            QCoreApplication::quit();
            return;
        }
        return next();
    }
    if (m_shot == kPageCount && !m_dark) {
        Appearance::apply(QStringLiteral("dark"));
        m_dark = true;
    }
    const int nextPage = m_shot >= kPageCount ? kDarkPages[m_shot - kPageCount] : m_shot;
    m_window->setProperty("currentPage", nextPage);
    m_shotPending = true;
    QTimer::singleShot(kSettleMs, this, &ScreenshotTour::next);
}

} // namespace sanctum
