#pragma once

#include <QObject>

#include <memory>

class QQmlApplicationEngine;

namespace sanctum {

struct Services;
class Notifier;
class TrayIcon;
class UiController;

// The control panel over a running instance: the QML window, notifications,
// and the tray when the desktop has one. The same core runs headless without any of it.
class GuiApp : public QObject {
    Q_OBJECT
public:
    explicit GuiApp(const Services &services, QObject *parent = nullptr);
    ~GuiApp() override;

    // Loads the window; false when QML could not create it.
    bool start();
    bool hasTray() const { return m_tray != nullptr; }

private:
    UiController *m_controller;
    Notifier *m_notifier;
    std::unique_ptr<QQmlApplicationEngine> m_engine;
    TrayIcon *m_tray = nullptr;
};

} // namespace sanctum
