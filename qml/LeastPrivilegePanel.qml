import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Sanctum

// What an agent needs of its grant, from its recorded calls, and the way to
// take the rest away: the recommended scopes, a what-if replay of an edited
// set, and the one-click tighten (the page confirms it, with a reason).
ColumnLayout {
    id: root
    property string agentId
    property int days: 30
    signal tightenRequested(string connection, string scopes)

    objectName: "leastPrivilege"
    spacing: 6
    readonly property var lp: Ui.leastPrivilege
    readonly property bool current: lp.agentId === root.agentId

    // The editable scope set starts as the recommendation, whenever one arrives.
    Connections {
        target: Ui.leastPrivilege
        function onAnalysisChanged() {
            if (Ui.leastPrivilege.hasAnalysis)
                lpScopes.text = Ui.leastPrivilege.recommended.join(" ")
        }
    }

    Label {
        text: qsTr("Least privilege")
        font.bold: true
        color: Theme.text
        Accessible.role: Accessible.Heading
    }
    RowLayout {
        visible: root.lp.loading
        BusyIndicator {
            running: parent.visible
            implicitWidth: 20
            implicitHeight: 20
        }
        Label {
            text: qsTr("Reading the last %n day(s) of calls…", "", root.days)
            color: Theme.mutedText
        }
    }
    Label {
        objectName: "lpNothing"
        visible: root.current && !root.lp.loading && !root.lp.hasAnalysis
        text: qsTr("No mission and no call in the last %n day(s).", "", root.days)
        color: Theme.mutedText
        wrapMode: Text.Wrap
        Layout.fillWidth: true
    }
    ColumnLayout {
        id: lpBody
        visible: root.current && root.lp.hasAnalysis
        Layout.fillWidth: true
        spacing: 6
        readonly property var lp: Ui.leastPrivilege

        Label {
            objectName: "lpSummary"
            text: qsTr("Needs %1 of the %n scope(s) it was granted", "", lpBody.lp.granted.length)
                  .arg(lpBody.lp.recommended.length)
            color: Theme.text
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        Label {
            objectName: "lpRecommended"
            text: lpBody.lp.recommended.length > 0
                  ? qsTr("Recommended: %1").arg(lpBody.lp.recommended.join(" "))
                  : qsTr("No call needed a scope: nothing to recommend keeping.")
            font.family: "monospace"
            color: Theme.text
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        Label {
            visible: lpBody.lp.removable.length > 0
            text: qsTr("Could go: %1").arg(lpBody.lp.removable.join(" "))
            color: Theme.waste
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        Label {
            visible: !lpBody.lp.recommendationExact
            text: qsTr("A close recommendation: the search for the smallest set stopped early.")
            color: Theme.mutedText
            font.pixelSize: 11
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        TextField {
            id: lpScopes
            objectName: "lpScopes"
            Layout.fillWidth: true
            font.family: "monospace"
            placeholderText: qsTr("Scopes to keep, separated by spaces")
            Accessible.name: qsTr("Scopes to keep")
        }
        RowLayout {
            spacing: Theme.spacing
            Button {
                objectName: "lpWhatIf"
                text: qsTr("What if")
                enabled: lpScopes.text.trim().length > 0 && !lpBody.lp.replaying
                Accessible.name: qsTr("Which past calls these scopes would have refused")
                onClicked: lpBody.lp.replay(root.agentId, lpScopes.text)
            }
            Button {
                objectName: "lpTighten"
                text: qsTr("Tighten %1 to these scopes…").arg(lpBody.lp.connection)
                enabled: lpScopes.text.trim().length > 0 && lpBody.lp.connection.length > 0
                         && !lpBody.lp.tightening
                Accessible.name: qsTr("Tighten %1 to these scopes").arg(lpBody.lp.connection)
                onClicked: {
                    tightenDialog.connection = lpBody.lp.connection
                    tightenDialog.scopes = lpScopes.text.trim()
                    tightenDialog.open()
                }
            }
        }
        Label {
            objectName: "lpReplaySafe"
            visible: lpBody.lp.hasReplay && lpBody.lp.safe
            text: qsTr("With %1, none of the %n past call(s) would have been refused.", "", lpBody.lp.callsReplayed)
                  .arg(lpBody.lp.replayedScopes)
            color: Theme.active
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        Label {
            objectName: "lpReplayUnsafe"
            visible: lpBody.lp.hasReplay && !lpBody.lp.safe
            text: qsTr("With %1, these past calls would have been refused:").arg(lpBody.lp.replayedScopes)
            color: Theme.danger
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        Repeater {
            model: lpBody.lp.hasReplay ? lpBody.lp.casualties : []
            delegate: Label {
                required property var modelData
                objectName: "lpRefused:" + modelData.method + " " + modelData.path
                text: qsTr("%1 %2 — %n call(s), last %3; needs %4", "", modelData.count)
                      .arg(modelData.method).arg(modelData.path).arg(Theme.when(modelData.last)).arg(modelData.needed)
                font.pixelSize: 12
                color: Theme.danger
                wrapMode: Text.Wrap
                Layout.fillWidth: true
            }
        }
        RowLayout {
            visible: lpBody.lp.tightening
            BusyIndicator {
                objectName: "lpTightening"
                running: lpBody.lp.tightening
                implicitWidth: 20
                implicitHeight: 20
            }
            Label {
                text: qsTr("Reconnecting %1… confirm in the browser if your tenant asks.").arg(lpBody.lp.connection)
                color: Theme.mutedText
                wrapMode: Text.Wrap
                Layout.fillWidth: true
            }
        }
    }
    Label {
        objectName: "lpTightenResult"
        visible: root.lp.hasTightenResult && !root.lp.tightening
        text: root.lp.tightenResult
        color: root.lp.tightenSucceeded ? Theme.active : Theme.danger
        wrapMode: Text.Wrap
        Layout.fillWidth: true
        Accessible.role: Accessible.AlertMessage
        Accessible.name: text
    }
    Label {
        objectName: "lpError"
        visible: root.lp.errorString.length > 0
        text: root.lp.errorString
        color: Theme.danger
        wrapMode: Text.Wrap
        Layout.fillWidth: true
    }
}
