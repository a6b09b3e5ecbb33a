import QtQuick
import QtQuick.Controls
import Sanctum

// A mission's state as a coloured pill.
Rectangle {
    id: root
    required property string status

    implicitWidth: label.implicitWidth + 16
    implicitHeight: label.implicitHeight + 6
    radius: height / 2
    color: Qt.rgba(Theme.statusColor(status).r, Theme.statusColor(status).g, Theme.statusColor(status).b, 0.18)
    border.color: Theme.statusColor(status)
    Accessible.role: Accessible.StaticText
    Accessible.name: label.text

    Label {
        id: label
        anchors.centerIn: parent
        text: Theme.statusLabel(root.status)
        color: Theme.statusColor(root.status)
        font.bold: true
        font.pixelSize: 12
    }
}
