import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Sanctum

// The control panel: a left navigation over six pages. Closing the window
// only hides it while the tray can bring it back (see GuiApp).
ApplicationWindow {
    id: window
    width: 1200
    height: 760
    minimumWidth: 820
    minimumHeight: 520
    visible: true
    title: Ui.missions.pendingCount > 0 ? qsTr("Sanctum — %n pending", "", Ui.missions.pendingCount) : qsTr("Sanctum")
    color: Theme.window

    property int currentPage: 0
    property var visitedPages: [0]
    onCurrentPageChanged: {
        if (visitedPages.indexOf(currentPage) < 0)
            visitedPages = visitedPages.concat([currentPage])
    }
    readonly property var pageTitles: [qsTr("Overview"), qsTr("Agents"), qsTr("Missions"), qsTr("Heatmap"),
                                       qsTr("Audit"), qsTr("Settings")]

    function confirmRevokeAll() {
        window.show()
        window.raise()
        window.requestActivate()
        revokeAllDialog.open()
    }

    Connections {
        target: Ui
        function onShowRequested() {
            window.show()
            window.raise()
            window.requestActivate()
        }
        function onRevokeAllRequested() {
            window.confirmRevokeAll()
        }
        function onNotice(message) {
            noticeLabel.text = message
            noticeTimer.restart()
        }
    }

    // Ctrl+1 … Ctrl+6 open the pages, in the order of the navigation.
    Shortcut { sequence: "Ctrl+1"; onActivated: window.currentPage = 0 }
    Shortcut { sequence: "Ctrl+2"; onActivated: window.currentPage = 1 }
    Shortcut { sequence: "Ctrl+3"; onActivated: window.currentPage = 2 }
    Shortcut { sequence: "Ctrl+4"; onActivated: window.currentPage = 3 }
    Shortcut { sequence: "Ctrl+5"; onActivated: window.currentPage = 4 }
    Shortcut { sequence: "Ctrl+6"; onActivated: window.currentPage = 5 }

    RowLayout {
        anchors.fill: parent
        spacing: 0

        Rectangle {
            Layout.fillHeight: true
            Layout.preferredWidth: 210
            color: Theme.sidebar

            ColumnLayout {
                anchors.fill: parent
                anchors.margins: 10
                spacing: 4

                Label {
                    text: qsTr("Sanctum")
                    font.pixelSize: 20
                    font.bold: true
                    color: Theme.text
                    Layout.bottomMargin: 2
                }
                Label {
                    text: qsTr("Mission authorization")
                    color: Theme.mutedText
                    Layout.bottomMargin: 12
                }

                Repeater {
                    model: window.pageTitles
                    delegate: NavButton {
                        required property string modelData
                        required property int index
                        text: modelData
                        current: window.currentPage === index
                        badge: index === 2 || index === 0 ? Ui.missions.pendingCount : 0
                        onClicked: window.currentPage = index
                    }
                }

                Item { Layout.fillHeight: true }

                Button {
                    objectName: "showNotifications"
                    Layout.fillWidth: true
                    flat: true
                    text: Ui.notifications.undeliveredCount > 0
                          ? qsTr("Notifications (%1 not shown)").arg(Ui.notifications.undeliveredCount)
                          : qsTr("Notifications (%1)").arg(Ui.notifications.count)
                    Accessible.name: qsTr("Show the notifications")
                    onClicked: notificationsDrawer.open()
                }

                Label {
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    color: Ui.sessionState === "signed_in" ? Theme.active : Theme.pending
                    text: Ui.sessionState === "signed_in" ? qsTr("● Signed in as %1").arg(Ui.operatorName)
                        : Ui.sessionState === "signing_in" ? qsTr("● Signing in…")
                        : qsTr("● Not signed in")
                }
                Button {
                    Layout.fillWidth: true
                    text: qsTr("Revoke all…")
                    Accessible.name: qsTr("Revoke all missions")
                    enabled: Ui.missions.pendingCount + Ui.missions.activeCount > 0
                    onClicked: window.confirmRevokeAll()
                }
            }
        }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 0

            Rectangle {
                visible: Ui.errorString.length > 0
                Layout.fillWidth: true
                implicitHeight: errorRow.implicitHeight + 12
                color: Qt.rgba(Theme.danger.r, Theme.danger.g, Theme.danger.b, 0.15)
                RowLayout {
                    id: errorRow
                    anchors.fill: parent
                    anchors.margins: 6
                    Label {
                        Layout.fillWidth: true
                        text: Ui.errorString
                        color: Theme.danger
                        wrapMode: Text.Wrap
                    }
                    Button {
                        text: qsTr("Dismiss")
                        flat: true
                        Accessible.name: qsTr("Dismiss error")
                        onClicked: Ui.clearError()
                    }
                }
            }

            StackLayout {
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.margins: 16
                currentIndex: window.currentPage

                // Each page is made on its first visit and kept: the first
                // frame needs the Overview only.
                Loader {
                    sourceComponent: Component {
                        OverviewPage {
                            onShowMissions: window.currentPage = 2
                        }
                    }
                }
                Loader {
                    active: window.visitedPages.indexOf(1) >= 0
                    sourceComponent: Component { AgentsPage {} }
                }
                Loader {
                    active: window.visitedPages.indexOf(2) >= 0
                    sourceComponent: Component { MissionsPage {} }
                }
                Loader {
                    active: window.visitedPages.indexOf(3) >= 0
                    sourceComponent: Component { HeatmapPage {} }
                }
                Loader {
                    active: window.visitedPages.indexOf(4) >= 0
                    sourceComponent: Component { AuditPage {} }
                }
                Loader {
                    active: window.visitedPages.indexOf(5) >= 0
                    sourceComponent: Component { SettingsPage {} }
                }
            }
        }
    }

    Rectangle {
        visible: noticeTimer.running
        anchors.bottom: parent.bottom
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.bottomMargin: 20
        width: noticeLabel.implicitWidth + 24
        height: noticeLabel.implicitHeight + 14
        radius: height / 2
        color: Theme.dark ? "#e8eaed" : "#303134"
        Label {
            id: noticeLabel
            anchors.centerIn: parent
            color: Theme.dark ? "#202124" : "#f1f3f4"
            Accessible.role: Accessible.AlertMessage
        }
        Timer {
            id: noticeTimer
            interval: 3000
        }
    }

    NotificationsDrawer {
        id: notificationsDrawer
    }
    // Ctrl+N shows them from anywhere.
    Shortcut { sequence: "Ctrl+N"; onActivated: notificationsDrawer.open() }

    ReasonDialog {
        id: revokeAllDialog
        title: qsTr("Revoke all missions?")
        prompt: qsTr("Every pending and active mission ends now, and each agent loses access at once.")
        actionText: qsTr("Revoke all")
        onConfirmed: reason => Ui.revokeAll(reason)
    }
}
