import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Sanctum

// Shows an agent's new key, the one time it can be seen: Sanctum keeps only
// its hash. The key lives in this dialog's `key` alone and is dropped when
// the dialog closes; an outside click does not close it, so a stray click
// cannot lose a key that was never copied.
Dialog {
    id: root
    property string agentName
    property string key
    property bool rotated: false
    property bool copied: false

    title: rotated ? qsTr("New key for %1").arg(agentName) : qsTr("Key for %1").arg(agentName)
    modal: true
    padding: 16
    closePolicy: Popup.CloseOnEscape
    anchors.centerIn: Overlay.overlay
    width: Math.min(560, parent ? parent.width - 40 : 560)
    focus: true
    onOpened: {
        copied = false
        copyButton.forceActiveFocus()
    }
    onClosed: {
        key = ""
        agentName = ""
        copied = false
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacing
        Label {
            objectName: "keyOnceNote"
            text: root.rotated
                  ? qsTr("This key is shown only this once. Copy it now and give it to the agent: its old key no longer works.")
                  : qsTr("This key is shown only this once. Copy it now and give it to the agent, e.g. as SANCTUM_AGENT_KEY.")
            wrapMode: Text.Wrap
            font.bold: true
            Layout.fillWidth: true
        }
        TextField {
            id: keyField
            objectName: "keyField"
            Layout.fillWidth: true
            text: root.key
            readOnly: true
            selectByMouse: true
            font.family: "monospace"
            Accessible.name: qsTr("Agent key")
            Accessible.description: qsTr("Read-only; shown only this once")
        }
        Label {
            visible: root.copied
            text: qsTr("Copied to the clipboard.")
            color: Theme.active
            Accessible.name: text
        }
    }

    footer: RowLayout {
        spacing: Theme.spacing
        Item { Layout.fillWidth: true }
        Button {
            id: copyButton
            objectName: "keyCopy"
            text: qsTr("Copy")
            Accessible.name: qsTr("Copy the key")
            onClicked: {
                // Through the read-only field itself: no clipboard API in
                // QML, and the field already holds the text.
                keyField.selectAll()
                keyField.copy()
                keyField.deselect()
                root.copied = true
            }
        }
        Button {
            objectName: "keyDone"
            text: qsTr("Done")
            highlighted: true
            Accessible.name: qsTr("Close the key")
            onClicked: root.close()
        }
        Item { implicitWidth: 4 }
    }
}
