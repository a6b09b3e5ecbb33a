#pragma once

#include <QObject>
#include <QString>

class QQuickWindow;

namespace sanctum {

class UiController;

// Pictures of every page, for the screenshot test and for documentation:
// with SANCTUM_SCREENSHOT_DIR set, once the window has drawn and the usage
// aggregates are in, it opens each page in turn (through the window's
// `currentPage`, as the navigation does), saves the rendered window as
// NN-page.png in that directory — then the overview and the heatmap again
// in the dark palette (NN-page-dark.png) — and quits (SANCTUM_SCREENSHOT_DELAY_MS
// holds the first picture back, e.g. until a demo has signed in). Off
// unless asked for.
class ScreenshotTour : public QObject {
    Q_OBJECT
public:
    static void startIfRequested(QQuickWindow *window, UiController &controller);

private:
    ScreenshotTour(QQuickWindow *window, UiController &controller, QString dir);
    void next();

    QQuickWindow *m_window;
    UiController &m_controller;
    QString m_dir;
    bool m_started = false;
    int m_shot = 0;             // pictures taken so far
    bool m_shotPending = false; // the page for the next picture has been opened
    bool m_dark = false;
};

} // namespace sanctum
