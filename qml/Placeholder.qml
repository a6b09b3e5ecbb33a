import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Sanctum

// Says plainly that a part of the interface is not built yet.
Rectangle {
    property alias text: label.text

    Layout.fillWidth: true
    implicitHeight: label.implicitHeight + 24
    radius: Theme.radius
    color: "transparent"
    border.color: Theme.border
    Label {
        id: label
        anchors.fill: parent
        anchors.margins: 12
        wrapMode: Text.Wrap
        color: Theme.mutedText
        font.italic: true
    }
}
