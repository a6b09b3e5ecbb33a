import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Sanctum

// One mission as a card: what it is for, who asks, which scopes, how long it
// has left, and the one-click decisions that fit its state.
Rectangle {
    id: root
    // The row of a MissionListModel (or a filter over it); `id` is a role
    // name QML cannot declare as a property, hence the whole row.
    required property var model
    readonly property string missionId: model.id
    readonly property string status: model.status
    readonly property string agentName: model.agentName
    readonly property string purpose: model.purpose
    readonly property string connection: model.connection
    readonly property var scopes: model.scopes
    readonly property int secondsLeft: model.secondsLeft
    readonly property string reason: model.reason

    // Deny and revoke ask for a reason first; the page owns that dialog.
    signal denyRequested(string missionId, string purpose)
    signal revokeRequested(string missionId, string purpose)

    // A plain array for JavaScript, so the check re-runs as approvals come and go.
    readonly property var busyIds: Ui.busyIds
    readonly property bool approving: busyIds.indexOf(missionId) >= 0

    implicitHeight: content.implicitHeight + 20
    radius: Theme.radius
    color: Theme.card
    border.color: activeFocus ? Theme.accent : Theme.border
    border.width: activeFocus ? 2 : 1
    Accessible.role: Accessible.ListItem
    Accessible.name: qsTr("%1 mission by %2: %3").arg(Theme.statusLabel(status)).arg(agentName).arg(purpose)

    RowLayout {
        id: content
        anchors.fill: parent
        anchors.margins: 10
        spacing: 12

        StatusBadge {
            status: root.status
            Layout.alignment: Qt.AlignTop
        }

        ColumnLayout {
            Layout.fillWidth: true
            spacing: 4
            Label {
                text: root.purpose
                font.bold: true
                font.pixelSize: 15
                elide: Text.ElideRight
                Layout.fillWidth: true
                color: Theme.text
            }
            Label {
                text: qsTr("%1 · %2").arg(root.agentName).arg(root.connection)
                color: Theme.mutedText
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
            Flow {
                Layout.fillWidth: true
                spacing: 4
                Repeater {
                    model: root.scopes
                    delegate: Rectangle {
                        required property string modelData
                        width: scopeLabel.implicitWidth + 10
                        height: scopeLabel.implicitHeight + 4
                        radius: 3
                        color: Qt.rgba(Theme.accent.r, Theme.accent.g, Theme.accent.b, 0.12)
                        Label {
                            id: scopeLabel
                            anchors.centerIn: parent
                            text: parent.modelData
                            font.family: "monospace"
                            font.pixelSize: 12
                            color: Theme.text
                        }
                    }
                }
            }
            Label {
                visible: root.reason.length > 0 && !(root.status === "pending" || root.status === "active")
                text: qsTr("Reason: %1").arg(root.reason)
                color: Theme.mutedText
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
        }

        Label {
            Layout.alignment: Qt.AlignVCenter
            visible: root.status === "pending" || root.status === "active"
            text: root.status === "pending" ? qsTr("lapses in %1").arg(Theme.duration(root.secondsLeft))
                                            : qsTr("ends in %1").arg(Theme.duration(root.secondsLeft))
            color: root.secondsLeft < 60 ? Theme.danger : Theme.mutedText
            font.family: "monospace"
        }

        RowLayout {
            Layout.alignment: Qt.AlignVCenter
            spacing: 6
            BusyIndicator {
                visible: root.approving
                running: visible
                Layout.preferredWidth: 28
                Layout.preferredHeight: 28
                Accessible.name: qsTr("Approving")
            }
            Button {
                objectName: "approve:" + root.missionId
                visible: root.status === "pending"
                enabled: !root.approving
                text: qsTr("Approve")
                highlighted: true
                Accessible.name: qsTr("Approve mission: %1").arg(root.purpose)
                onClicked: Ui.approve(root.missionId)
            }
            Button {
                objectName: "deny:" + root.missionId
                visible: root.status === "pending"
                enabled: !root.approving
                text: qsTr("Deny")
                Accessible.name: qsTr("Deny mission: %1").arg(root.purpose)
                onClicked: root.denyRequested(root.missionId, root.purpose)
            }
            Button {
                objectName: "revoke:" + root.missionId
                visible: root.status === "active"
                text: qsTr("Revoke")
                Accessible.name: qsTr("Revoke mission: %1").arg(root.purpose)
                onClicked: root.revokeRequested(root.missionId, root.purpose)
            }
        }
    }
}
