pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Sanctum

// Each agent with what it holds against what it uses, its key and its
// removal; beside the list, the selected agent's scopes: last use of each
// and the last 24 hours, hour by hour.
ColumnLayout {
    id: root
    spacing: 12

    // The agent the detail shows and the dialogs act on.
    readonly property string selectedId: Ui.agents.count >= 0 && list.currentIndex >= 0 ? Ui.agents.idAt(list.currentIndex) : ""
    // The selected card: its required properties are the agent's roles.
    readonly property var selected: list.currentItem
    property string actionId
    property string actionName

    function when(date) {
        return Theme.when(date)
    }

    // Every scope the agent holds, used or was refused, with what it did with it.
    function scopeRows(agent) {
        if (!agent)
            return []
        const names = {}
        for (const list of [agent.grantedScopes, agent.usedScopes, agent.deniedScopes])
            for (let i = 0; i < list.length; ++i)
                names[list[i]] = true
        return Object.keys(names).sort().map(s => ({
            scope: s,
            granted: agent.grantedScopes.indexOf(s) >= 0,
            used: agent.usedScopes.indexOf(s) >= 0,
            denied: agent.deniedScopes.indexOf(s) >= 0,
            lastUsed: root.when(agent.lastUsedByScope[s])
        }))
    }

    function askRotate(id, name) {
        actionId = id
        actionName = name
        rotateDialog.open()
    }

    function askRemove(id, name, live) {
        actionId = id
        actionName = name
        removeDialog.prompt = live > 0
            ? qsTr("Remove %1? Its key stops working and its %n live mission(s) are revoked at once.", "", live).arg(name)
            : qsTr("Remove %1? Its key stops working at once.").arg(name)
        removeDialog.open()
    }

    function showKey(name, key, rotated) {
        keyDialog.agentName = name
        keyDialog.rotated = rotated
        keyDialog.key = key
        keyDialog.open()
    }

    // One hourly model serves the page: it follows the selected agent.
    // So does the least-privilege analysis.
    onSelectedIdChanged: {
        Ui.agentHourly.agentId = selectedId
        Ui.leastPrivilege.analyze(selectedId, root.analysisDays)
    }
    Component.onCompleted: {
        Ui.agentHourly.agentId = selectedId
        Ui.leastPrivilege.analyze(selectedId, root.analysisDays)
    }

    readonly property int analysisDays: 30
    PageHeader {
        title: qsTr("Agents")
        subtitle: qsTr("%n agent(s)", "", Ui.agents.count)
        BusyIndicator {
            objectName: "agentsBusy"
            running: Ui.agents.loading
            visible: running
            implicitWidth: 28
            implicitHeight: 28
            Accessible.name: qsTr("Loading usage")
        }
        Button {
            objectName: "addAgent"
            text: qsTr("Add agent…")
            Accessible.name: qsTr("Add agent")
            onClicked: addDialog.open()
        }
    }

    Label {
        visible: Ui.agents.errorString.length > 0
        text: qsTr("Could not load the agents: %1").arg(Ui.agents.errorString)
        color: Theme.danger
        wrapMode: Text.Wrap
        Layout.fillWidth: true
    }

    // Rotation and removal failures; the add dialog shows its own.
    Rectangle {
        objectName: "agentActionError"
        visible: Ui.agentActions.errorString.length > 0 && !addDialog.visible
        Layout.fillWidth: true
        implicitHeight: actionErrorRow.implicitHeight + 12
        color: Qt.rgba(Theme.danger.r, Theme.danger.g, Theme.danger.b, 0.15)
        RowLayout {
            id: actionErrorRow
            anchors.fill: parent
            anchors.margins: 6
            Label {
                Layout.fillWidth: true
                text: Ui.agentActions.errorString
                color: Theme.danger
                wrapMode: Text.Wrap
                Accessible.role: Accessible.AlertMessage
                Accessible.name: text
            }
            Button {
                text: qsTr("Dismiss")
                flat: true
                Accessible.name: qsTr("Dismiss error")
                onClicked: Ui.agentActions.clearError()
            }
        }
    }

    RowLayout {
        Layout.fillWidth: true
        Layout.fillHeight: true
        spacing: 12

        Item {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.minimumWidth: 320

            ListView {
                id: list
                objectName: "agentList"
                anchors.fill: parent
                clip: true
                spacing: 8
                model: Ui.agents
                activeFocusOnTab: true
                keyNavigationEnabled: true
                Accessible.role: Accessible.List
                Accessible.name: qsTr("Agents")
                ScrollBar.vertical: ScrollBar {}
                Keys.onDeletePressed: {
                    if (root.selected)
                        root.askRemove(root.selectedId, root.selected.name, root.selected.activeMissions + root.selected.pendingMissions)
                }

                delegate: AgentCard {
                    width: ListView.view.width - 12
                    current: ListView.isCurrentItem
                    onSelectRequested: {
                        list.currentIndex = index
                        list.forceActiveFocus()
                    }
                    onRotateRequested: {
                        list.currentIndex = index
                        root.askRotate(Ui.agents.idAt(index), name)
                    }
                    onRemoveRequested: {
                        list.currentIndex = index
                        root.askRemove(Ui.agents.idAt(index), name, activeMissions + pendingMissions)
                    }
                }
            }

            Label {
                objectName: "noAgents"
                anchors.centerIn: parent
                width: parent.width - 40
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
                visible: list.count === 0 && !Ui.agents.loading
                text: qsTr("No agents yet. Add one with “Add agent…”.")
                color: Theme.mutedText
            }
        }

        // The selected agent's scopes.
        Rectangle {
            objectName: "agentDetail"
            Layout.fillHeight: true
            Layout.preferredWidth: 420
            Layout.minimumWidth: 300
            visible: root.selected !== null
            radius: Theme.radius
            color: Theme.card
            border.color: Theme.border

            ScrollView {
                id: detailScroll
                anchors.fill: parent
                anchors.margins: 10
                clip: true
                contentWidth: availableWidth

                ColumnLayout {
                    width: detailScroll.availableWidth
                    spacing: 6

                    Label {
                        text: root.selected ? root.selected.name : ""
                        font.bold: true
                        font.pixelSize: 16
                        color: Theme.text
                        Accessible.role: Accessible.Heading
                    }
                    Label {
                        text: qsTr("Scopes")
                        font.bold: true
                        color: Theme.text
                        Layout.topMargin: 4
                    }
                    Label {
                        visible: scopeRepeater.count === 0
                        text: qsTr("No scope granted, used or refused yet.")
                        color: Theme.mutedText
                    }
                    Repeater {
                        id: scopeRepeater
                        model: root.scopeRows(root.selected)
                        delegate: RowLayout {
                            id: scopeRow
                            required property var modelData
                            objectName: "scope:" + modelData.scope
                            Layout.fillWidth: true
                            spacing: Theme.spacing
                            Accessible.role: Accessible.StaticText
                            Accessible.name: scopeText.text + ", " + stateText.text
                            Label {
                                id: scopeText
                                text: scopeRow.modelData.scope
                                font.family: "monospace"
                                color: Theme.text
                                Layout.preferredWidth: 110
                                elide: Text.ElideRight
                            }
                            Label {
                                id: stateText
                                objectName: "lastUse"
                                Layout.fillWidth: true
                                wrapMode: Text.Wrap
                                readonly property var row: scopeRow.modelData
                                text: {
                                    const parts = []
                                    if (row.used)
                                        parts.push(row.lastUsed.length > 0 ? qsTr("last used %1").arg(row.lastUsed) : qsTr("used"))
                                    else if (row.granted)
                                        parts.push(qsTr("granted, never used"))
                                    if (row.denied)
                                        parts.push(qsTr("refused"))
                                    if (!row.granted)
                                        parts.push(qsTr("not granted"))
                                    return parts.join(" · ")
                                }
                                color: row.used ? Theme.text : row.granted ? Theme.waste : Theme.danger
                            }
                        }
                    }

                    LeastPrivilegePanel {
                        Layout.fillWidth: true
                        Layout.topMargin: 8
                        agentId: root.selectedId
                        days: root.analysisDays
                        onTightenRequested: (connection, scopes) => {
                            tightenDialog.connection = connection
                            tightenDialog.scopes = scopes
                            tightenDialog.open()
                        }
                    }

                    Label {
                        text: qsTr("Last 24 hours")
                        font.bold: true
                        color: Theme.text
                        Layout.topMargin: 8
                    }
                    Label {
                        visible: Ui.agentHourly.errorString.length > 0
                        text: Ui.agentHourly.errorString
                        color: Theme.danger
                        wrapMode: Text.Wrap
                        Layout.fillWidth: true
                    }
                    Label {
                        visible: hourly.rows === 0
                        text: qsTr("No calls in the last 24 hours.")
                        color: Theme.mutedText
                    }
                    RowLayout {
                        visible: hourly.rows > 0
                        spacing: 0
                        Layout.fillWidth: true
                        VerticalHeaderView {
                            syncView: hourly
                            Layout.preferredWidth: 110
                            Layout.preferredHeight: hourly.implicitHeight
                            clip: true
                            columnWidthProvider: () => 110
                            delegate: Label {
                                required property string display
                                text: display
                                verticalAlignment: Text.AlignVCenter
                                font.family: "monospace"
                                font.pixelSize: 11
                                elide: Text.ElideRight
                                color: Theme.text
                            }
                        }
                        TableView {
                            id: hourly
                            objectName: "hourlyGrid"
                            Layout.fillWidth: true
                            implicitHeight: Math.max(1, rows) * 17
                            Layout.preferredHeight: implicitHeight
                            interactive: false
                            clip: true
                            model: Ui.agentHourly
                            columnSpacing: 1
                            rowSpacing: 1
                            columnWidthProvider: () => Math.max(4, Math.floor((hourly.width - hourly.columns + 1) / Math.max(1, hourly.columns)))
                            Accessible.role: Accessible.Table
                            Accessible.name: qsTr("Calls per scope and hour, last 24 hours")
                            delegate: Rectangle {
                                required property int used
                                required property int denied
                                required property real intensity
                                required property string toolTip
                                implicitHeight: 16
                                color: used > 0 ? Qt.rgba(Theme.accent.r, Theme.accent.g, Theme.accent.b, 0.2 + 0.8 * intensity)
                                                : Theme.border
                                Accessible.role: Accessible.Cell
                                Accessible.name: toolTip
                                // Refused calls: a red bar, visible beside any colour.
                                Rectangle {
                                    visible: parent.denied > 0
                                    anchors.left: parent.left
                                    anchors.right: parent.right
                                    anchors.bottom: parent.bottom
                                    height: 4
                                    color: Theme.danger
                                }
                                HoverHandler { id: hover }
                                ToolTip.visible: hover.hovered
                                ToolTip.text: toolTip
                            }
                        }
                    }
                    RowLayout {
                        visible: hourly.rows > 0
                        Layout.fillWidth: true
                        Layout.leftMargin: 110
                        Label {
                            text: qsTr("24 h ago")
                            color: Theme.mutedText
                            font.pixelSize: 11
                        }
                        Item { Layout.fillWidth: true }
                        Label {
                            text: qsTr("now")
                            color: Theme.mutedText
                            font.pixelSize: 11
                        }
                    }
                    Label {
                        visible: hourly.rows > 0
                        text: qsTr("Darker: more calls. Red bar: calls refused for lacking the scope.")
                        color: Theme.mutedText
                        font.pixelSize: 11
                        wrapMode: Text.Wrap
                        Layout.fillWidth: true
                    }
                }
            }
        }
    }

    AddAgentDialog {
        id: addDialog
        objectName: "addAgentDialog"
        onAdded: (name, key) => root.showKey(name, key, false)
    }

    // A new agent is the one the detail shows.
    Connections {
        target: Ui.agentActions
        function onAgentAdded(agentId) {
            list.currentIndex = Ui.agents.rowOf(agentId)
        }
    }

    KeyDialog {
        id: keyDialog
        objectName: "keyDialog"
    }

    Dialog {
        id: rotateDialog
        objectName: "rotateDialog"
        title: qsTr("Rotate the key of %1?").arg(root.actionName)
        modal: true
        padding: 16
        anchors.centerIn: Overlay.overlay
        width: Math.min(460, root.width - 40)
        ColumnLayout {
            anchors.fill: parent
            Label {
                Layout.fillWidth: true
                text: qsTr("The current key stops working at once; the agent needs the new one to ask for missions. Missions it already holds keep working.")
                wrapMode: Text.Wrap
            }
        }
        footer: RowLayout {
            spacing: Theme.spacing
            Item { Layout.fillWidth: true }
            Button {
                text: qsTr("Cancel")
                Accessible.name: text
                onClicked: rotateDialog.reject()
            }
            Button {
                id: rotateConfirm
                objectName: "rotateConfirm"
                text: qsTr("Rotate key")
                highlighted: true
                Accessible.name: qsTr("Rotate the key of %1").arg(root.actionName)
                onClicked: {
                    rotateDialog.accept()
                    const key = Ui.agentActions.rotateKey(root.actionId)
                    if (key.length > 0)
                        root.showKey(root.actionName, key, true)
                }
            }
            Item { implicitWidth: 4 }
        }
        onOpened: rotateConfirm.forceActiveFocus()
    }

    ReasonDialog {
        id: tightenDialog
        objectName: "tightenDialog"
        property string connection
        property string scopes
        title: qsTr("Tighten %1").arg(connection)
        actionText: qsTr("Tighten")
        prompt: qsTr("Reconnect the %1 account with only these scopes: %2. Every other scope is taken away from it, and missions holding one of them end. The account is reconnected through your tenant: you may need to confirm in the browser.")
                .arg(connection).arg(scopes)
        onConfirmed: reason => Ui.leastPrivilege.tighten(tightenDialog.connection, tightenDialog.scopes, reason)
    }

    ReasonDialog {
        id: removeDialog
        objectName: "removeDialog"
        title: qsTr("Remove agent")
        actionText: qsTr("Remove")
        onConfirmed: reason => Ui.agentActions.remove(root.actionId, reason)
    }
}
