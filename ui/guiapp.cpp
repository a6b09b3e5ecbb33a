#include "ui/guiapp.h"

#include "qml/appearance.h"
#include "services/services.h"
#include "ui/dbusnotificationsink.h"
#include "ui/firstframeprobe.h"
#include "ui/notifier.h"
#include "ui/screenshottour.h"
#include "ui/trayicon.h"
#include "ui/traynotificationsink.h"
#include "ui/uicontroller.h"
#include "ui/uilogging.h"

#include <QApplication>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QSystemTrayIcon>
#include <QUrl>

namespace sanctum {

GuiApp::GuiApp(const Services &services, QObject *parent)
    : QObject(parent)
    , m_controller(new UiController(services, this))
    , m_notifier(new Notifier(services.missions, services.agents, services.anomalies, services.session, services.clock,
                              *m_controller, this))
{
    UiController::setCurrent(m_controller);
}

GuiApp::~GuiApp()
{
    // The QML objects hold the controller's models: they go first.
    m_engine.reset();
}

bool GuiApp::start()
{
    // Closing the window only hides Sanctum when the tray can bring it back;
    // without a tray, closing it is the only way to quit.
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new TrayIcon(*m_controller, this);
        QApplication::setQuitOnLastWindowClosed(false);
    } else {
        qCInfo(lcUi) << "no system tray: closing the window quits";
        QApplication::setQuitOnLastWindowClosed(true);
    }
    // The desktop's notification server first; the tray's balloon where
    // only a tray answers; the window's list in every case.
    m_notifier->addSink(new DBusNotificationSink(QStringLiteral("Sanctum")));
    if (m_tray)
        m_notifier->addSink(new TrayNotificationSink(m_tray->icon()));

    // Fusion follows the desktop's palette, light or dark; a style the user
    // chose through the environment wins.
    if (qEnvironmentVariableIsEmpty("QT_QUICK_CONTROLS_STYLE"))
        QQuickStyle::setStyle(QStringLiteral("Fusion"));

    // The light or dark choice kept from last time, before anything is drawn.
    if (const QString mode = Appearance::stored(); mode != QLatin1String("system"))
        Appearance::apply(mode);

    m_engine = std::make_unique<QQmlApplicationEngine>();
    m_engine->load(QUrl(QStringLiteral("qrc:/Sanctum/Main.qml")));
    if (m_engine->rootObjects().isEmpty())
        return false;
    // Measuring hook for the startup benchmark; inert unless its environment
    // variable is set. Nothing has been drawn yet: that happens in the event loop.
    auto *window = qobject_cast<QQuickWindow *>(m_engine->rootObjects().constFirst());
    FirstFrameProbe::attachIfRequested(window);
    ScreenshotTour::startIfRequested(window, *m_controller);
    return true;
}

} // namespace sanctum
