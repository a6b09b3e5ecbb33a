pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Sanctum

// Every mission, live, filtered by state and by text.
ColumnLayout {
    id: root
    spacing: 12

    readonly property var filters: [
        { label: qsTr("All"), statuses: [] },
        { label: qsTr("Pending"), statuses: ["pending"] },
        { label: qsTr("Active"), statuses: ["active"] },
        { label: qsTr("Ended"), statuses: ["completed", "expired", "revoked", "denied"] }
    ]

    PageHeader {
        title: qsTr("Missions")
        subtitle: qsTr("%1 pending · %2 active · %3 in all").arg(Ui.missions.pendingCount)
                      .arg(Ui.missions.activeCount).arg(Ui.missions.count)
    }

    RowLayout {
        Layout.fillWidth: true
        spacing: 12
        TabBar {
            id: stateTabs
            Accessible.name: qsTr("Filter by state")
            Repeater {
                model: root.filters
                delegate: TabButton {
                    required property var modelData
                    text: modelData.label
                    width: implicitWidth
                    Accessible.name: qsTr("Show %1 missions").arg(modelData.label)
                }
            }
        }
        TextField {
            id: search
            objectName: "missionSearch"
            Layout.fillWidth: true
            placeholderText: qsTr("Search purpose, agent, scope…")
            Accessible.name: qsTr("Search missions")
            selectByMouse: true
        }
    }

    MissionList {
        objectName: "missionList"
        Layout.fillWidth: true
        Layout.fillHeight: true
        statuses: root.filters[stateTabs.currentIndex].statuses
        text: search.text
        emptyText: search.text.length > 0 ? qsTr("No mission matches “%1”.").arg(search.text) : qsTr("No missions here.")
    }
}
