pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import Sanctum

// The hash-chained audit log, newest first; older pages load as it scrolls.
// Filter by kind of action and by who or what it concerns, verify the whole
// chain, export what the filter shows. Verification and export run on the
// audit worker; the page only shows their progress and their verdict.
ColumnLayout {
    id: page
    spacing: 12

    // The kinds of action, by the prefix of their names ("mission.approved").
    readonly property var actionKinds: [
        { label: qsTr("All actions"), prefix: "" },
        { label: qsTr("Missions"), prefix: "mission." },
        { label: qsTr("Agents"), prefix: "agent." },
        { label: qsTr("Operator"), prefix: "operator." },
        { label: qsTr("Policy"), prefix: "policy." },
        { label: qsTr("Tenant"), prefix: "tenant." },
        { label: qsTr("Connections"), prefix: "connection." },
        { label: qsTr("Audit log"), prefix: "audit." }
    ]
    readonly property bool filtered: Ui.audit.actionPrefix.length > 0 || Ui.audit.searchText.length > 0

    // A page starts unfiltered, whatever an earlier one left on the shared model.
    Component.onCompleted: {
        Ui.audit.actionPrefix = ""
        Ui.audit.searchText = ""
    }

    PageHeader {
        title: qsTr("Audit")
        subtitle: page.filtered ? qsTr("%n matching entry(ies) loaded", "", Ui.audit.count)
                                : qsTr("%n entry(ies) loaded", "", Ui.audit.count)

        Button {
            id: verifyButton
            objectName: "verifyButton"
            text: Ui.auditCheck.running ? qsTr("Verifying…") : qsTr("Verify chain")
            enabled: !Ui.auditCheck.running
            Accessible.name: qsTr("Verify the audit chain")
            Accessible.description: qsTr("Checks every entry's hash and link to the one before it")
            onClicked: Ui.auditCheck.verify()
        }
        Button {
            id: exportButton
            objectName: "exportButton"
            text: qsTr("Export…")
            enabled: !Ui.auditExport.running
            Accessible.name: page.filtered ? qsTr("Export the entries the filter shows") : qsTr("Export the audit log")
            onClicked: exportDialog.open()
        }
    }

    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacing

        Label {
            text: qsTr("Show")
            color: Theme.text
        }
        ComboBox {
            id: kindBox
            objectName: "auditActionFilter"
            model: page.actionKinds
            textRole: "label"
            valueRole: "prefix"
            Layout.preferredWidth: 180
            Accessible.name: qsTr("Kind of action")
            onCurrentValueChanged: Ui.audit.actionPrefix = currentValue
        }
        TextField {
            id: search
            objectName: "auditSearch"
            Layout.fillWidth: true
            placeholderText: qsTr("Filter by actor or subject (e.g. operator:cli, ag_…, ms_…)")
            Accessible.name: qsTr("Filter by actor or subject")
            selectByMouse: true
            // Each change reads the store again: wait for a pause in typing.
            onTextChanged: searchDelay.restart()
            onAccepted: {
                searchDelay.stop()
                Ui.audit.searchText = text.trim()
            }
            Timer {
                id: searchDelay
                interval: 250
                onTriggered: Ui.audit.searchText = search.text.trim()
            }
        }
        Button {
            text: qsTr("Clear")
            visible: page.filtered
            Accessible.name: qsTr("Clear the filter")
            onClicked: {
                kindBox.currentIndex = 0
                search.clear()
                searchDelay.stop()
                Ui.audit.searchText = ""
            }
        }
    }

    // The chain's verdict: busy while the worker walks it, then green or red.
    Banner {
        objectName: "verifyBanner"
        visible: Ui.auditCheck.running || Ui.auditCheck.hasResult
        busy: Ui.auditCheck.running
        good: Ui.auditCheck.ok
        text: Ui.auditCheck.running ? qsTr("Verifying the audit chain…") : Ui.auditCheck.result
        detail: Ui.auditCheck.running || Ui.auditCheck.ok ? "" : Ui.auditCheck.details
        labelName: "verifyResult"
    }

    Banner {
        objectName: "exportBanner"
        visible: Ui.auditExport.running || Ui.auditExport.hasResult
        busy: Ui.auditExport.running
        good: Ui.auditExport.ok
        text: Ui.auditExport.running ? qsTr("Exporting… %n entry(ies) written", "", Ui.auditExport.written)
                                     : Ui.auditExport.result
        labelName: "exportResult"
    }

    Label {
        visible: Ui.audit.errorString.length > 0
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        color: Theme.danger
        text: qsTr("The audit log could not be read: %1").arg(Ui.audit.errorString)
    }

    Label {
        visible: list.count === 0 && Ui.audit.errorString.length === 0
        Layout.fillWidth: true
        color: Theme.mutedText
        text: page.filtered ? qsTr("No entry matches the filter.") : qsTr("The audit log is empty.")
    }

    ListView {
        id: list
        objectName: "auditList"
        Layout.fillWidth: true
        Layout.fillHeight: true
        clip: true
        model: Ui.audit
        activeFocusOnTab: true
        keyNavigationEnabled: true
        Accessible.role: Accessible.List
        Accessible.name: qsTr("Audit log")
        ScrollBar.vertical: ScrollBar {}

        delegate: Rectangle {
            id: entry
            required property int index
            required property var seq
            required property var at
            required property string actor
            required property string action
            required property string subjectType
            required property string subjectId

            // The entry verification found wrong, marked where it stands.
            readonly property bool bad: Ui.auditCheck.hasResult && !Ui.auditCheck.ok
                                        && Ui.auditCheck.firstBadSeq === Number(seq)

            width: ListView.view.width - 12
            implicitHeight: row.implicitHeight + 10
            color: bad ? Qt.rgba(Theme.danger.r, Theme.danger.g, Theme.danger.b, 0.18)
                       : index % 2 ? "transparent" : Qt.rgba(Theme.text.r, Theme.text.g, Theme.text.b, 0.04)
            Accessible.role: Accessible.ListItem
            Accessible.name: bad ? qsTr("Entry %1: %2 by %3, found altered").arg(seq).arg(action).arg(actor)
                                 : qsTr("Entry %1: %2 by %3").arg(seq).arg(action).arg(actor)

            RowLayout {
                id: row
                anchors.fill: parent
                anchors.leftMargin: 8
                anchors.rightMargin: 8
                spacing: 12
                Label {
                    text: qsTr("#%1").arg(entry.seq)
                    font.family: "monospace"
                    color: entry.bad ? Theme.danger : Theme.mutedText
                    Layout.preferredWidth: 60
                }
                Label {
                    text: Qt.formatDateTime(entry.at, "yyyy-MM-dd hh:mm:ss")
                    font.family: "monospace"
                    color: Theme.mutedText
                    Layout.preferredWidth: 160
                }
                Label {
                    text: entry.action
                    font.bold: true
                    color: Theme.text
                    Layout.preferredWidth: 200
                    elide: Text.ElideRight
                }
                Label {
                    text: entry.actor
                    color: Theme.text
                    Layout.preferredWidth: 160
                    elide: Text.ElideRight
                }
                Label {
                    text: qsTr("%1 %2").arg(entry.subjectType).arg(entry.subjectId)
                    color: Theme.mutedText
                    elide: Text.ElideMiddle
                    Layout.fillWidth: true
                }
            }
        }
    }

    // Where to and in which format; the dialog only collects the choice.
    Dialog {
        id: exportDialog
        objectName: "exportDialog"
        title: page.filtered ? qsTr("Export the filtered audit log") : qsTr("Export the audit log")
        modal: true
        padding: 16
        anchors.centerIn: Overlay.overlay
        width: Math.min(560, page.width - 40)
        focus: true

        readonly property string format: csvRadio.checked ? "csv" : "jsonl"
        onFormatChanged: {
            // Keep the suffix in step with the format while the name is ours.
            if (pathField.text === Ui.auditExport.suggestedPath(format === "csv" ? "jsonl" : "csv"))
                pathField.text = Ui.auditExport.suggestedPath(format)
        }
        onOpened: {
            if (pathField.text.length === 0)
                pathField.text = Ui.auditExport.suggestedPath(format)
            pathField.forceActiveFocus()
            pathField.selectAll()
        }

        ColumnLayout {
            anchors.fill: parent
            spacing: Theme.spacing

            Label {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                text: page.filtered
                      ? qsTr("Writes the entries the filter shows, oldest first, with their hashes.")
                      : qsTr("Writes every entry, oldest first, with its hashes.")
            }
            Label {
                text: qsTr("File")
            }
            RowLayout {
                Layout.fillWidth: true
                TextField {
                    id: pathField
                    objectName: "exportPath"
                    Layout.fillWidth: true
                    selectByMouse: true
                    Accessible.name: qsTr("File to export to")
                    onAccepted: if (exportConfirm.enabled) exportConfirm.clicked()
                }
                Button {
                    text: qsTr("Browse…")
                    Accessible.name: qsTr("Choose the file to export to")
                    onClicked: fileDialog.open()
                }
            }
            Label {
                text: qsTr("Format")
            }
            RowLayout {
                RadioButton {
                    id: jsonlRadio
                    objectName: "exportJsonl"
                    checked: true
                    text: qsTr("JSON Lines")
                    Accessible.name: qsTr("JSON Lines format, one entry per line")
                }
                RadioButton {
                    id: csvRadio
                    objectName: "exportCsv"
                    text: qsTr("CSV")
                    Accessible.name: qsTr("CSV format, for spreadsheets")
                }
            }
        }

        footer: RowLayout {
            spacing: Theme.spacing
            Item { Layout.fillWidth: true }
            Button {
                text: qsTr("Cancel")
                Accessible.name: text
                onClicked: exportDialog.reject()
            }
            Button {
                id: exportConfirm
                objectName: "exportConfirm"
                text: qsTr("Export")
                highlighted: true
                enabled: pathField.text.trim().length > 0 && !Ui.auditExport.running
                Accessible.name: qsTr("Export to the file")
                onClicked: {
                    Ui.auditExport.exportTo(pathField.text, exportDialog.format)
                    exportDialog.accept()
                }
            }
            Item { implicitWidth: 4 }
        }
    }

    FileDialog {
        id: fileDialog
        title: qsTr("Export the audit log to")
        fileMode: FileDialog.SaveFile
        nameFilters: exportDialog.format === "csv" ? [qsTr("CSV files (*.csv)"), qsTr("All files (*)")]
                                                   : [qsTr("JSON Lines files (*.jsonl)"), qsTr("All files (*)")]
        onAccepted: pathField.text = Ui.auditExport.localPath(String(selectedFile))
    }

    // A one-line verdict with a busy indicator while the work runs.
    component Banner: Rectangle {
        id: banner
        property bool busy
        property bool good
        property alias text: verdict.text
        property alias detail: detailLabel.text
        property alias labelName: verdict.objectName

        Layout.fillWidth: true
        implicitHeight: bannerRow.implicitHeight + 16
        radius: Theme.radius
        readonly property color tone: busy ? Theme.mutedText : good ? Theme.active : Theme.danger
        color: Qt.rgba(tone.r, tone.g, tone.b, 0.14)
        border.color: Qt.rgba(tone.r, tone.g, tone.b, 0.5)

        RowLayout {
            id: bannerRow
            anchors.fill: parent
            anchors.margins: 8
            spacing: Theme.spacing
            BusyIndicator {
                visible: banner.busy
                running: banner.busy
                Layout.preferredWidth: 28
                Layout.preferredHeight: 28
                Accessible.name: qsTr("Working")
            }
            ColumnLayout {
                Layout.fillWidth: true
                spacing: 2
                Label {
                    id: verdict
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    font.bold: !banner.busy
                    color: banner.busy ? Theme.text : banner.tone
                    Accessible.role: Accessible.AlertMessage
                    Accessible.name: text
                }
                Label {
                    id: detailLabel
                    visible: text.length > 0
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    color: Theme.mutedText
                }
            }
        }
    }
}
