import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Sanctum

// One entry of the left navigation.
ItemDelegate {
    id: root
    property bool current: false
    property int badge: 0

    Layout.fillWidth: true
    highlighted: current
    focusPolicy: Qt.StrongFocus
    Accessible.role: Accessible.PageTab
    Accessible.name: badge > 0 ? qsTr("%1, %2 waiting").arg(text).arg(badge) : text

    contentItem: RowLayout {
        spacing: Theme.spacing
        Label {
            Layout.fillWidth: true
            text: root.text
            font.bold: root.current
            color: Theme.text
            elide: Text.ElideRight
        }
        Label {
            visible: root.badge > 0
            text: root.badge
            color: Theme.dark ? "black" : "white"
            font.bold: true
            leftPadding: 7
            rightPadding: 7
            topPadding: 1
            bottomPadding: 1
            background: Rectangle {
                radius: height / 2
                color: Theme.pending
            }
        }
    }
    background: Rectangle {
        color: root.current ? Qt.rgba(Theme.accent.r, Theme.accent.g, Theme.accent.b, 0.18)
                            : (root.hovered ? Qt.rgba(Theme.text.r, Theme.text.g, Theme.text.b, 0.06) : "transparent")
        radius: Theme.radius
        border.width: root.visualFocus ? 2 : 0
        border.color: Theme.accent
    }
}
