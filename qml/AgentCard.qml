import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Sanctum

// One agent in the Agents page's list: who it is, what it was granted and
// what it used, and its key and removal buttons (the page asks first).
Rectangle {
    id: agent
    // Set by the list: this card is its current item.
    property bool current: false
    signal selectRequested()
    signal rotateRequested()
    signal removeRequested()

    required property int index
    required property string name
    required property string keyPrefix
    required property var lastSeenAt
    required property int activeMissions
    required property int pendingMissions
    required property var grantedScopes
    required property var usedScopes
    required property var unusedScopes
    required property var deniedScopes
    required property var lastUsedByScope

    implicitHeight: column.implicitHeight + 20
    radius: Theme.radius
    color: Theme.card
    border.width: agent.current ? 2 : 1
    border.color: agent.current ? Theme.accent : Theme.border
    Accessible.role: Accessible.ListItem
    Accessible.name: qsTr("%1: used %2 of %3 granted scopes").arg(name).arg(usedScopes.length).arg(grantedScopes.length)

    TapHandler {
        onTapped: {
            agent.selectRequested()
        }
    }

    ColumnLayout {
        id: column
        anchors.fill: parent
        anchors.margins: 10
        spacing: 4
        RowLayout {
            Label {
                text: agent.name
                font.bold: true
                font.pixelSize: 15
                color: Theme.text
                Layout.fillWidth: true
                elide: Text.ElideRight
            }
            Label {
                text: qsTr("%1 active · %2 pending").arg(agent.activeMissions).arg(agent.pendingMissions)
                color: Theme.mutedText
            }
        }
        Label {
            text: Theme.when(agent.lastSeenAt).length > 0
                  ? qsTr("Key %1… · last seen %2").arg(agent.keyPrefix).arg(Theme.when(agent.lastSeenAt))
                  : qsTr("Key %1… · never seen").arg(agent.keyPrefix)
            color: Theme.mutedText
            font.family: "monospace"
            elide: Text.ElideRight
            Layout.fillWidth: true
        }
        Label {
            text: qsTr("Used %1 of the %2 scopes it was granted").arg(agent.usedScopes.length).arg(agent.grantedScopes.length)
            color: Theme.text
        }
        Label {
            visible: agent.unusedScopes.length > 0
            text: qsTr("Never used: %1").arg(agent.unusedScopes.join(", "))
            color: Theme.waste
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        Label {
            visible: agent.deniedScopes.length > 0
            text: qsTr("Refused: %1").arg(agent.deniedScopes.join(", "))
            color: Theme.danger
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        RowLayout {
            spacing: Theme.spacing
            Item { Layout.fillWidth: true }
            Button {
                objectName: "rotate:" + agent.name
                text: qsTr("Rotate key…")
                Accessible.name: qsTr("Rotate the key of %1").arg(agent.name)
                onClicked: agent.rotateRequested()
            }
            Button {
                objectName: "remove:" + agent.name
                text: qsTr("Remove…")
                Accessible.name: qsTr("Remove %1").arg(agent.name)
                onClicked: agent.removeRequested()
            }
        }
    }
}
