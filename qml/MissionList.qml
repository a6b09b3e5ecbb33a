pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import Sanctum

// The live missions in some states, as cards with their decisions. Deny and
// revoke ask for a reason in a dialog before they act.
ListView {
    id: root
    property alias statuses: filter.statuses
    property alias text: filter.text
    property string emptyText: qsTr("No missions.")

    clip: true
    spacing: 8
    keyNavigationEnabled: true
    activeFocusOnTab: true
    Accessible.role: Accessible.List
    Accessible.name: qsTr("Missions")
    ScrollBar.vertical: ScrollBar {}

    model: MissionFilterModel {
        id: filter
        sourceModel: Ui.missions
    }

    delegate: MissionDelegate {
        width: ListView.view.width - 12
        focus: ListView.isCurrentItem
        onDenyRequested: (missionId, purpose) => {
            reasonDialog.missionId = missionId
            reasonDialog.revoking = false
            reasonDialog.title = qsTr("Deny mission?")
            reasonDialog.prompt = qsTr("Deny “%1”? The agent is told no.").arg(purpose)
            reasonDialog.actionText = qsTr("Deny")
            reasonDialog.open()
        }
        onRevokeRequested: (missionId, purpose) => {
            reasonDialog.missionId = missionId
            reasonDialog.revoking = true
            reasonDialog.title = qsTr("Revoke mission?")
            reasonDialog.prompt = qsTr("Revoke “%1”? Its token stops working at once.").arg(purpose)
            reasonDialog.actionText = qsTr("Revoke")
            reasonDialog.open()
        }
    }

    Label {
        anchors.centerIn: parent
        visible: root.count === 0
        text: root.emptyText
        color: Theme.mutedText
    }

    ReasonDialog {
        id: reasonDialog
        objectName: "reasonDialog"
        property string missionId
        property bool revoking: false
        parent: Overlay.overlay
        onConfirmed: reason => {
            if (revoking)
                Ui.revoke(missionId, reason)
            else
                Ui.deny(missionId, reason)
        }
    }
}
