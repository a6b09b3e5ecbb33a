import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Sanctum

// Asks why before a denial or revocation; the reason goes to the audit log.
Dialog {
    id: root
    property string prompt
    property string actionText: qsTr("Confirm")
    property bool destructive: true
    readonly property string reason: field.text
    signal confirmed(string reason)

    modal: true
    padding: 16
    anchors.centerIn: Overlay.overlay
    width: Math.min(460, parent ? parent.width - 40 : 460)
    focus: true
    onOpened: {
        field.clear()
        field.forceActiveFocus()
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacing
        Label {
            text: root.prompt
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        TextField {
            id: field
            objectName: "reasonField"
            Layout.fillWidth: true
            placeholderText: qsTr("Reason (recorded in the audit log)")
            Accessible.name: qsTr("Reason")
            onAccepted: if (confirmButton.enabled) confirmButton.clicked()
        }
    }

    footer: RowLayout {
        spacing: Theme.spacing
        Item { Layout.fillWidth: true }
        Button {
            text: qsTr("Cancel")
            Accessible.name: text
            onClicked: root.reject()
        }
        Button {
            id: confirmButton
            objectName: "reasonConfirm"
            text: root.actionText
            highlighted: true
            enabled: field.text.trim().length > 0
            Accessible.name: text
            onClicked: {
                root.confirmed(field.text.trim())
                root.accept()
            }
        }
        Item { implicitWidth: 4 }
    }
    onRejected: field.clear()
}
