import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Sanctum

// Names a new agent. On success it closes and hands the key on, once, to
// whoever shows it; on failure it stays open with the reason in words.
Dialog {
    id: root
    signal added(string name, string key)

    title: qsTr("Add agent")
    modal: true
    padding: 16
    anchors.centerIn: Overlay.overlay
    width: Math.min(460, parent ? parent.width - 40 : 460)
    focus: true
    onOpened: {
        nameField.clear()
        Ui.agentActions.clearError()
        nameField.forceActiveFocus()
    }
    onRejected: Ui.agentActions.clearError()

    function add() {
        const name = nameField.text.trim()
        const key = Ui.agentActions.add(name)
        if (key.length === 0) {
            nameField.forceActiveFocus()
            nameField.selectAll()
            return
        }
        root.accept()
        root.added(name, key)
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacing
        Label {
            text: qsTr("The agent gets a key to call the broker with. Sanctum shows it once, right after this.")
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        TextField {
            id: nameField
            objectName: "agentNameField"
            Layout.fillWidth: true
            placeholderText: qsTr("Name, e.g. triage-bot")
            Accessible.name: qsTr("Agent name")
            maximumLength: 64
            onAccepted: if (addButton.enabled) root.add()
        }
        Label {
            objectName: "addAgentError"
            visible: Ui.agentActions.errorString.length > 0
            text: Ui.agentActions.errorString
            color: Theme.danger
            wrapMode: Text.Wrap
            Layout.fillWidth: true
            Accessible.role: Accessible.AlertMessage
            Accessible.name: text
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
            id: addButton
            objectName: "addAgentConfirm"
            text: qsTr("Add")
            highlighted: true
            enabled: nameField.text.trim().length > 0
            Accessible.name: qsTr("Add agent")
            onClicked: root.add()
        }
        Item { implicitWidth: 4 }
    }
}
