pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Sanctum

// Every notification of this run, newest first, whether or not the desktop
// showed it: the place nothing is lost. Those no server or tray could show
// say so.
Drawer {
    id: root
    edge: Qt.RightEdge
    width: Math.min(420, parent ? parent.width * 0.8 : 420)
    height: parent ? parent.height : 600

    background: Rectangle {
        color: Theme.card
        border.color: Theme.border
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 12
        spacing: 8

        Label {
            text: qsTr("Notifications")
            font.pixelSize: 18
            font.bold: true
            color: Theme.text
            Accessible.role: Accessible.Heading
        }
        Label {
            visible: Ui.notifications.undeliveredCount > 0
            text: qsTr("%n could not be shown on the desktop; they are kept here.", "", Ui.notifications.undeliveredCount)
            color: Theme.pending
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }

        ListView {
            id: list
            objectName: "notificationList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: 6
            model: Ui.notifications
            activeFocusOnTab: true
            keyNavigationEnabled: true
            Accessible.role: Accessible.List
            Accessible.name: qsTr("Notifications")
            ScrollBar.vertical: ScrollBar {}

            delegate: Rectangle {
                id: entry
                required property string title
                required property string body
                required property var at
                required property bool delivered
                required property string delivery
                width: ListView.view.width - 10
                implicitHeight: column.implicitHeight + 14
                radius: Theme.radius
                color: Theme.window
                border.color: entry.delivery === "undelivered" ? Theme.pending : Theme.border
                Accessible.role: Accessible.ListItem
                Accessible.name: entry.title + ": " + entry.body

                ColumnLayout {
                    id: column
                    anchors.fill: parent
                    anchors.margins: 7
                    spacing: 2
                    RowLayout {
                        Label {
                            text: entry.title
                            font.bold: true
                            color: Theme.text
                            elide: Text.ElideRight
                            Layout.fillWidth: true
                        }
                        Label {
                            text: Theme.when(entry.at)
                            color: Theme.mutedText
                            font.pixelSize: 11
                        }
                    }
                    Label {
                        text: entry.body
                        color: Theme.text
                        wrapMode: Text.Wrap
                        textFormat: Text.PlainText
                        Layout.fillWidth: true
                    }
                    Label {
                        visible: entry.delivery === "undelivered"
                        text: qsTr("Not shown on the desktop")
                        color: Theme.pending
                        font.pixelSize: 11
                    }
                }
            }
        }

        Label {
            visible: list.count === 0
            text: qsTr("Nothing yet.")
            color: Theme.mutedText
            Layout.alignment: Qt.AlignHCenter
        }
    }
}
