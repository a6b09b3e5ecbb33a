pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Sanctum

// What needs the operator now: pending approvals first, then live counts and
// whether the tenant and the broker are reachable.
ColumnLayout {
    id: root
    signal showMissions()
    spacing: 12

    PageHeader {
        title: qsTr("Overview")
        subtitle: Ui.missions.pendingCount > 0 ? qsTr("%n request(s) waiting for your decision", "", Ui.missions.pendingCount)
                                               : qsTr("Nothing waits for you")
    }

    RowLayout {
        Layout.fillWidth: true
        spacing: 12
        Repeater {
            model: [
                { label: qsTr("Pending"), value: Ui.missions.pendingCount, tint: Theme.pending },
                { label: qsTr("Active"), value: Ui.missions.activeCount, tint: Theme.active },
                { label: qsTr("Agents"), value: Ui.agents.count, tint: Theme.accent },
                { label: qsTr("Missions"), value: Ui.missions.count, tint: Theme.ended }
            ]
            delegate: Rectangle {
                id: tile
                required property var modelData
                Layout.fillWidth: true
                implicitHeight: 78
                radius: Theme.radius
                color: Theme.card
                border.color: Theme.border
                Accessible.role: Accessible.StaticText
                Accessible.name: qsTr("%1: %2").arg(modelData.label).arg(modelData.value)
                Column {
                    anchors.fill: parent
                    anchors.margins: 12
                    Label {
                        text: tile.modelData.value
                        font.pixelSize: 28
                        font.bold: true
                        color: tile.modelData.tint
                    }
                    Label {
                        text: tile.modelData.label
                        color: Theme.mutedText
                    }
                }
            }
        }
    }

    Rectangle {
        Layout.fillWidth: true
        implicitHeight: health.implicitHeight + 20
        radius: Theme.radius
        color: Theme.card
        border.color: Theme.border
        GridLayout {
            id: health
            anchors.fill: parent
            anchors.margins: 10
            columns: 2
            columnSpacing: 16
            rowSpacing: 4
            Label { text: qsTr("Tenant"); color: Theme.mutedText }
            Label {
                Layout.fillWidth: true
                elide: Text.ElideRight
                text: Ui.tenantIssuer.length > 0 ? Ui.tenantIssuer : qsTr("not configured")
                color: Theme.text
            }
            Label { text: qsTr("Operator"); color: Theme.mutedText }
            Label {
                text: {
                    switch (Ui.sessionState) {
                    case "signed_in": return qsTr("● signed in as %1").arg(Ui.operatorName)
                    case "signing_in": return qsTr("● signing in…")
                    case "signed_out": return qsTr("● signed out")
                    default: return qsTr("● no tenant")
                    }
                }
                color: Ui.sessionState === "signed_in" ? Theme.active : Theme.pending
            }
            Label { text: qsTr("Broker"); color: Theme.mutedText }
            Label {
                text: Ui.brokerUrl.length > 0 ? qsTr("● listening on %1").arg(Ui.brokerUrl)
                                                         : qsTr("● not listening")
                color: Ui.brokerUrl.length > 0 ? Theme.active : Theme.danger
            }
        }
    }

    RowLayout {
        Layout.fillWidth: true
        Label {
            text: qsTr("Pending approvals")
            font.bold: true
            font.pixelSize: 16
            color: Theme.text
            Layout.fillWidth: true
            Accessible.role: Accessible.Heading
        }
        Button {
            text: qsTr("All missions")
            flat: true
            Accessible.name: qsTr("Show all missions")
            onClicked: root.showMissions()
        }
    }

    MissionList {
        Layout.fillWidth: true
        Layout.fillHeight: true
        statuses: ["pending"]
        emptyText: qsTr("No request waits for approval.")
    }

    Label {
        text: qsTr("Active now")
        font.bold: true
        font.pixelSize: 16
        color: Theme.text
        Accessible.role: Accessible.Heading
    }

    MissionList {
        Layout.fillWidth: true
        Layout.fillHeight: true
        statuses: ["active"]
        emptyText: qsTr("No mission is active.")
    }
}
