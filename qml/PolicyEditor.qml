import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Sanctum

// One mission policy, edited in place and saved through Ui.policies (which
// validates and audits the change). Edits are local until Save; the model
// row then brings the stored values back.
Rectangle {
    id: root
    required property string connection
    required property int maxTtlSeconds
    required property int requestExpirySeconds
    required property var autoApproveScopes
    required property var stepUpScopes
    required property bool requirePurpose

    readonly property bool dirty: ttl.value * 60 !== maxTtlSeconds || expiry.value * 60 !== requestExpirySeconds
                                  || purpose.checked !== requirePurpose
                                  || autoApprove.text.trim() !== joined(autoApproveScopes)
                                  || stepUp.text.trim() !== joined(stepUpScopes)

    // A row's list, or nothing while the row is being torn down.
    function joined(list) {
        return list ? list.join(" ") : ""
    }

    function scopesOf(text) {
        return text.trim().length > 0 ? text.trim().split(/\s+/) : []
    }

    function revert() {
        ttl.value = Math.round(maxTtlSeconds / 60)
        expiry.value = Math.round(requestExpirySeconds / 60)
        purpose.checked = requirePurpose
        autoApprove.text = joined(autoApproveScopes)
        stepUp.text = joined(stepUpScopes)
        autoApprove.cursorPosition = 0
        stepUp.cursorPosition = 0
    }

    implicitHeight: grid.implicitHeight + 24
    radius: Theme.radius
    color: Theme.card
    border.color: Theme.border
    Component.onCompleted: revert()
    onMaxTtlSecondsChanged: revert()
    onRequestExpirySecondsChanged: revert()
    onRequirePurposeChanged: revert()
    onAutoApproveScopesChanged: revert()
    onStepUpScopesChanged: revert()

    GridLayout {
        id: grid
        anchors.fill: parent
        anchors.margins: 12
        columns: 2
        columnSpacing: 16
        rowSpacing: 6

        Label {
            Layout.columnSpan: 2
            text: root.connection === "*" ? qsTr("Every connection (default)") : qsTr("Connection %1").arg(root.connection)
            font.bold: true
            color: Theme.text
        }

        Label { text: qsTr("Longest mission (minutes)"); color: Theme.mutedText }
        SpinBox {
            id: ttl
            objectName: "policyTtl:" + root.connection
            from: 1
            to: 7 * 24 * 60
            editable: true
            Accessible.name: qsTr("Longest mission in minutes")
        }

        Label { text: qsTr("A request waits for a decision (minutes)"); color: Theme.mutedText }
        SpinBox {
            id: expiry
            objectName: "policyExpiry:" + root.connection
            from: 1
            to: 24 * 60
            editable: true
            Accessible.name: qsTr("How long a request waits, in minutes")
        }

        Label { text: qsTr("Purpose required"); color: Theme.mutedText }
        Switch {
            id: purpose
            objectName: "policyPurpose:" + root.connection
            Accessible.name: qsTr("Purpose required")
        }

        Label { text: qsTr("Approved without asking"); color: Theme.mutedText }
        TextField {
            id: autoApprove
            objectName: "policyAutoApprove:" + root.connection
            Layout.fillWidth: true
            placeholderText: qsTr("none: every request asks the operator")
            font.family: "monospace"
            Accessible.name: qsTr("Scopes approved without asking, separated by spaces")
        }

        Label { text: qsTr("Approved call by call (step-up)"); color: Theme.mutedText }
        TextField {
            id: stepUp
            objectName: "policyStepUp:" + root.connection
            Layout.fillWidth: true
            font.family: "monospace"
            Accessible.name: qsTr("Scopes approved call by call, separated by spaces")
        }

        RowLayout {
            Layout.columnSpan: 2
            Layout.alignment: Qt.AlignRight
            spacing: 8
            Button {
                text: qsTr("Undo changes")
                enabled: root.dirty
                Accessible.name: text
                onClicked: root.revert()
            }
            Button {
                objectName: "policySave:" + root.connection
                text: qsTr("Save")
                highlighted: true
                enabled: root.dirty
                Accessible.name: qsTr("Save the policy for %1").arg(root.connection === "*" ? qsTr("every connection")
                                                                                            : root.connection)
                onClicked: Ui.policies.set(root.connection, {
                    "max_ttl_seconds": ttl.value * 60,
                    "request_expiry_seconds": expiry.value * 60,
                    "require_purpose": purpose.checked,
                    "auto_approve_scopes": root.scopesOf(autoApprove.text),
                    "step_up_scopes": root.scopesOf(stepUp.text)
                })
            }
        }
    }
}
