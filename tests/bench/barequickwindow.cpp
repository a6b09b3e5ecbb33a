// The baseline of the control panel benchmark: the least a Qt Quick
// application can be, a window with a rectangle and a line of text, the size
// of Sanctum's, under the same Controls style as Sanctum sets. It reports its
// first frame through the same probe as `sanctum` (SANCTUM_REPORT_FIRST_FRAME,
// SANCTUM_QUIT_AFTER_MS), so sanctum-bench-gui times both alike.
//
// With --controls it shows a Qt Quick Controls ApplicationWindow with a label
// and a button instead: not the baseline, but a marker of what the Controls
// module alone costs, between the bare window and Sanctum.

#include "ui/firstframeprobe.h"

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

const char kControlsQml[] = R"(
import QtQuick
import QtQuick.Controls

ApplicationWindow {
    width: 1200
    height: 760
    visible: true
    title: "bare with controls"

    Column {
        anchors.centerIn: parent
        spacing: 12

        Label {
            text: "A Qt Quick Controls window"
        }
        Button {
            text: "Button"
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
    const bool controls = QCoreApplication::arguments().contains(QStringLiteral("--controls"));
    engine.loadData(QByteArray(controls ? kControlsQml : kQml), QUrl(QStringLiteral("bare.qml")));
    if (engine.rootObjects().isEmpty())
        return 1;
    sanctum::FirstFrameProbe::attachIfRequested(qobject_cast<QQuickWindow *>(engine.rootObjects().constFirst()));
    return QGuiApplication::exec();
}
