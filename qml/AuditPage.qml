pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Sanctum

// The hash-chained audit log, newest first; older pages load as it scrolls.
ColumnLayout {
    spacing: 12

    PageHeader {
        title: qsTr("Audit")
        subtitle: qsTr("%n entry(ies) loaded", "", Ui.audit.count)
    }

    Placeholder {
        text: qsTr("Not built yet: filtering, chain verification and export. Use “sanctumctl audit verify” and “sanctumctl audit export” for now.")
    }

    ListView {
        id: list
        Layout.fillWidth: true
        Layout.fillHeight: true
        clip: true
        model: Ui.audit
        activeFocusOnTab: true
        keyNavigationEnabled: true
        Accessible.role: Accessible.List
        Accessible.name: qsTr("Audit log")
        ScrollBar.vertical: ScrollBar {}

        delegate: Rectangle {
            id: entry
            required property int index
            required property var seq
            required property var at
            required property string actor
            required property string action
            required property string subjectType
            required property string subjectId

            width: ListView.view.width - 12
            implicitHeight: row.implicitHeight + 10
            color: index % 2 ? "transparent" : Qt.rgba(Theme.text.r, Theme.text.g, Theme.text.b, 0.04)
            Accessible.role: Accessible.ListItem
            Accessible.name: qsTr("Entry %1: %2 by %3").arg(seq).arg(action).arg(actor)

            RowLayout {
                id: row
                anchors.fill: parent
                anchors.leftMargin: 8
                anchors.rightMargin: 8
                spacing: 12
                Label {
                    text: qsTr("#%1").arg(entry.seq)
                    font.family: "monospace"
                    color: Theme.mutedText
                    Layout.preferredWidth: 60
                }
                Label {
                    text: Qt.formatDateTime(entry.at, "yyyy-MM-dd hh:mm:ss")
                    font.family: "monospace"
                    color: Theme.mutedText
                    Layout.preferredWidth: 160
                }
                Label {
                    text: entry.action
                    font.bold: true
                    color: Theme.text
                    Layout.preferredWidth: 200
                    elide: Text.ElideRight
                }
                Label {
                    text: entry.actor
                    color: Theme.text
                    Layout.preferredWidth: 160
                    elide: Text.ElideRight
                }
                Label {
                    text: qsTr("%1 %2").arg(entry.subjectType).arg(entry.subjectId)
                    color: Theme.mutedText
                    elide: Text.ElideMiddle
                    Layout.fillWidth: true
                }
            }
        }
    }
}
