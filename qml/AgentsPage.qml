pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Sanctum

// Each agent with what it holds against what it uses.
ColumnLayout {
    spacing: 12

    PageHeader {
        title: qsTr("Agents")
        subtitle: qsTr("%n agent(s)", "", Ui.agents.count)
    }

    Placeholder {
        text: qsTr("Not built yet: adding and removing agents, per-agent hourly usage and one-click tightening. Use sanctumctl for those for now.")
    }

    ListView {
        id: list
        Layout.fillWidth: true
        Layout.fillHeight: true
        clip: true
        spacing: 8
        model: Ui.agents
        activeFocusOnTab: true
        keyNavigationEnabled: true
        Accessible.role: Accessible.List
        Accessible.name: qsTr("Agents")
        ScrollBar.vertical: ScrollBar {}

        delegate: Rectangle {
            id: agent
            required property string name
            required property int activeMissions
            required property int pendingMissions
            required property var grantedScopes
            required property var usedScopes
            required property var unusedScopes
            required property var deniedScopes

            width: ListView.view.width - 12
            implicitHeight: column.implicitHeight + 20
            radius: Theme.radius
            color: Theme.card
            border.color: ListView.isCurrentItem && list.activeFocus ? Theme.accent : Theme.border
            Accessible.role: Accessible.ListItem
            Accessible.name: qsTr("%1: used %2 of %3 granted scopes").arg(name).arg(usedScopes.length).arg(grantedScopes.length)

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
                    }
                    Label {
                        text: qsTr("%1 active · %2 pending").arg(agent.activeMissions).arg(agent.pendingMissions)
                        color: Theme.mutedText
                    }
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
            }
        }

        Label {
            anchors.centerIn: parent
            visible: list.count === 0
            text: qsTr("No agents yet. Add one with “sanctumctl agents add NAME”.")
            color: Theme.mutedText
        }
    }
}
