// The baseline of the control panel benchmark: the least a Qt Quick
// application can be, a window with a rectangle and a line of text, the size
// of Sanctum's, under the same Controls style as Sanctum sets. It reports its
// first frame through the same probe as `sanctum` (SANCTUM_REPORT_FIRST_FRAME,
// SANCTUM_QUIT_AFTER_MS), so sanctum-bench-gui times both alike.

#include "firstframeprobe.h"

#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QUrl>

namespace {
const char kQml[] = R"(
import QtQuick
import QtQuick.Window

Window {
    width: 1200
    height: 760
    visible: true
    title: "bare"

    Rectangle {
        anchors.fill: parent
        color: "#f5f5f5"

        Text {
            anchors.centerIn: parent
            text: "A bare Qt Quick window"
            font.pixelSize: 18
        }
    }
}
)";
} // namespace

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("barequickwindow"));
    // What GuiApp does, so the two start under the same style.
    if (qEnvironmentVariableIsEmpty("QT_QUICK_CONTROLS_STYLE"))
        QQuickStyle::setStyle(QStringLiteral("Fusion"));

    QQmlApplicationEngine engine;
    engine.loadData(QByteArray(kQml), QUrl(QStringLiteral("bare.qml")));
    if (engine.rootObjects().isEmpty())
        return 1;
    sanctum::FirstFrameProbe::attachIfRequested(qobject_cast<QQuickWindow *>(engine.rootObjects().constFirst()));
    return QGuiApplication::exec();
}
