pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQml.Models
import Sanctum

// Agents × scopes: the deeper the colour, the more a scope was used. A
// dashed cell was granted and never used (waste); a red corner counts calls
// refused for lacking the scope.
ColumnLayout {
    id: root
    spacing: 12

    readonly property int cellWidth: 118
    readonly property int cellHeight: 44

    PageHeader {
        title: qsTr("Heatmap")
        subtitle: qsTr("Granted versus used scopes, per agent")
        BusyIndicator {
            running: Ui.heatmap.loading
            visible: running
            implicitWidth: 28
            implicitHeight: 28
            Accessible.name: qsTr("Loading usage")
        }
        Button {
            text: qsTr("Reload")
            enabled: !Ui.heatmap.loading
            Accessible.name: qsTr("Reload heatmap")
            onClicked: {
                Ui.heatmap.reload()
                Ui.leastPrivilege.exposure(root.exposureDays)
            }
        }
    }

    readonly property int exposureDays: 30
    Component.onCompleted: Ui.leastPrivilege.exposure(exposureDays)

    function scopeHours(n) {
        return Number(n).toLocaleString(Qt.locale(), "f", 0)
    }

    // Unused privilege-time: what standing grants would have left lying
    // around against what missions did, over the same days.
    Rectangle {
        id: exposureStrip
        objectName: "exposureStrip"
        readonly property var lp: Ui.leastPrivilege
        Layout.fillWidth: true
        implicitHeight: exposureRow.implicitHeight + 16
        radius: Theme.radius
        color: Theme.card
        border.color: Theme.border
        Accessible.role: Accessible.Grouping
        Accessible.name: qsTr("Exposure")

        // A Flow, so a narrow window wraps the figures instead of cutting them.
        Flow {
            id: exposureRow
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.top: parent.top
            anchors.margins: 8
            spacing: 16
            Label {
                text: qsTr("Exposure, last %n day(s)", "", root.exposureDays)
                font.bold: true
                color: Theme.text
            }
            BusyIndicator {
                running: exposureStrip.lp.exposureLoading
                visible: running
                implicitWidth: 20
                implicitHeight: 20
            }
            Label {
                objectName: "exposureNone"
                visible: exposureStrip.lp.hasExposure && exposureStrip.lp.standingHeld === 0
                text: qsTr("No mission in these days: nothing to compare.")
                color: Theme.mutedText
            }
            Label {
                objectName: "exposureStanding"
                visible: exposureStrip.lp.hasExposure && exposureStrip.lp.standingHeld > 0
                text: qsTr("Standing grants: %1 unused scope-hours").arg(root.scopeHours(exposureStrip.lp.standingUnused))
                color: Theme.waste
            }
            Label {
                objectName: "exposureMissions"
                visible: exposureStrip.lp.hasExposure && exposureStrip.lp.standingHeld > 0
                text: qsTr("Missions: %1 unused scope-hours").arg(root.scopeHours(exposureStrip.lp.missionsUnused))
                color: Theme.text
            }
            Label {
                objectName: "exposureReduction"
                visible: exposureStrip.lp.hasExposure && exposureStrip.lp.standingHeld > 0
                // Two decimals near 100 %, so 99.97 does not read as "100.0".
                text: qsTr("%1% less unused privilege with missions")
                      .arg(Number(exposureStrip.lp.reductionPercent).toLocaleString(
                               Qt.locale(), "f", exposureStrip.lp.reductionPercent >= 99 ? 2 : 1))
                font.bold: true
                color: Theme.active
            }
        }
    }

    Label {
        visible: Ui.heatmap.errorString.length > 0
        text: Ui.heatmap.errorString
        color: Theme.danger
    }

    GridLayout {
        Layout.fillWidth: true
        Layout.fillHeight: true
        columns: 2
        rowSpacing: 0
        columnSpacing: 0

        Item { implicitWidth: agentHeader.width; implicitHeight: scopeHeader.height }

        HorizontalHeaderView {
            id: scopeHeader
            syncView: table
            Layout.fillWidth: true
            implicitHeight: 36
            clip: true
            delegate: Rectangle {
                required property string display
                implicitWidth: root.cellWidth
                implicitHeight: 36
                color: Theme.sidebar
                border.color: Theme.border
                Label {
                    anchors.fill: parent
                    anchors.margins: 4
                    text: parent.display
                    font.family: "monospace"
                    font.pixelSize: 12
                    elide: Text.ElideMiddle
                    horizontalAlignment: Text.AlignHCenter
                    verticalAlignment: Text.AlignVCenter
                    color: Theme.text
                }
            }
        }

        VerticalHeaderView {
            id: agentHeader
            syncView: table
            Layout.fillHeight: true
            implicitWidth: 150
            clip: true
            delegate: Rectangle {
                required property string display
                implicitWidth: 150
                implicitHeight: root.cellHeight
                color: Theme.sidebar
                border.color: Theme.border
                Label {
                    anchors.fill: parent
                    anchors.leftMargin: 8
                    text: parent.display
                    elide: Text.ElideRight
                    verticalAlignment: Text.AlignVCenter
                    color: Theme.text
                }
            }
        }

        TableView {
            id: table
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: Ui.heatmap
            columnSpacing: 1
            rowSpacing: 1
            keyNavigationEnabled: true
            pointerNavigationEnabled: true
            activeFocusOnTab: true
            Accessible.role: Accessible.Table
            Accessible.name: qsTr("Scope usage by agent")
            ScrollBar.horizontal: ScrollBar {}
            ScrollBar.vertical: ScrollBar {}
            selectionModel: ItemSelectionModel {
                model: Ui.heatmap
            }

            delegate: Rectangle {
                id: cell
                required property int used
                required property int denied
                required property bool granted
                required property bool waste
                required property real intensity
                required property string toolTip
                required property bool current

                implicitWidth: root.cellWidth
                implicitHeight: root.cellHeight
                color: used > 0 ? Qt.rgba(Theme.accent.r, Theme.accent.g, Theme.accent.b, 0.15 + 0.8 * intensity)
                                : Theme.card
                border.width: current ? 2 : 0
                border.color: Theme.text
                Accessible.role: Accessible.Cell
                Accessible.name: toolTip

                // Granted and never used: a dashed outline and a word, so it
                // is visible without relying on colour.
                Canvas {
                    anchors.fill: parent
                    anchors.margins: 3
                    visible: cell.waste
                    onPaint: {
                        const ctx = getContext("2d")
                        ctx.clearRect(0, 0, width, height)
                        ctx.strokeStyle = Theme.waste
                        ctx.lineWidth = 2
                        ctx.setLineDash([4, 3])
                        ctx.strokeRect(1, 1, width - 2, height - 2)
                    }
                }

                Label {
                    anchors.centerIn: parent
                    text: cell.used > 0 ? cell.used : (cell.waste ? qsTr("unused") : "")
                    color: cell.used > 0 ? (cell.intensity > 0.5 ? "white" : Theme.text) : Theme.waste
                    font.bold: cell.used > 0
                    font.italic: cell.waste
                }

                Rectangle {
                    visible: cell.denied > 0
                    anchors.top: parent.top
                    anchors.right: parent.right
                    width: deniedLabel.implicitWidth + 8
                    height: deniedLabel.implicitHeight + 2
                    color: Theme.danger
                    Label {
                        id: deniedLabel
                        anchors.centerIn: parent
                        text: qsTr("✕%1").arg(cell.denied)
                        color: "white"
                        font.pixelSize: 11
                        font.bold: true
                    }
                }

                HoverHandler { id: hover }
                ToolTip.visible: (hover.hovered || cell.current) && cell.toolTip.length > 0
                ToolTip.text: cell.toolTip
                ToolTip.delay: 300
            }
        }
    }

    Label {
        visible: table.rows === 0
        text: qsTr("No usage yet: the heatmap fills as agents call through the broker.")
        color: Theme.mutedText
    }

    RowLayout {
        spacing: 16
        Repeater {
            model: [
                { swatch: Qt.rgba(Theme.accent.r, Theme.accent.g, Theme.accent.b, 0.3), label: qsTr("used a little") },
                { swatch: Qt.rgba(Theme.accent.r, Theme.accent.g, Theme.accent.b, 0.95), label: qsTr("used a lot") },
                { swatch: Theme.card, label: qsTr("granted, never used (waste)"), dashed: true },
                { swatch: Theme.danger, label: qsTr("✕ calls refused for lacking the scope") }
            ]
            delegate: RowLayout {
                id: legend
                required property var modelData
                spacing: 6
                Rectangle {
                    implicitWidth: 18
                    implicitHeight: 14
                    color: legend.modelData.swatch
                    border.color: legend.modelData.dashed ? Theme.waste : Theme.border
                    border.width: legend.modelData.dashed ? 2 : 1
                }
                Label {
                    text: legend.modelData.label
                    color: Theme.mutedText
                }
            }
        }
    }
}
