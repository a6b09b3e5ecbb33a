pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Sanctum

// What this instance runs with and the operator's standing: sign-in and
// sign-out (with progress and a device code when one is used), the tenant
// and its connections, where secrets are kept, the broker's address, and
// the mission policies, editable.
ScrollView {
    id: root
    contentWidth: availableWidth
    clip: true

    readonly property var session: Ui.session

    function healthColor(health) {
        return health === "connected" ? Theme.active : health === "unknown" ? Theme.mutedText : Theme.danger
    }

    ColumnLayout {
        width: root.availableWidth
        spacing: 16

        PageHeader {
            title: qsTr("Settings")
            subtitle: qsTr("Sign-in, tenant, secrets, broker and policies")
        }

        // ---- Sign-in
        SettingsSection {
            title: qsTr("Operator")
            RowLayout {
                spacing: 8
                Label {
                    text: root.session.state === "signed_in"
                          ? qsTr("● Signed in as %1").arg(root.session.operatorName)
                          : root.session.state === "signing_in" ? qsTr("● Signing in…")
                          : root.session.state === "no_tenant" ? qsTr("● No tenant configured")
                          : qsTr("● Signed out")
                    color: root.session.state === "signed_in" ? Theme.active : Theme.pending
                    Accessible.role: Accessible.StaticText
                    Accessible.name: text
                }
                Label {
                    visible: root.session.operatorEmail.length > 0 && root.session.state === "signed_in"
                    text: root.session.operatorEmail
                    color: Theme.mutedText
                }
                BusyIndicator {
                    running: root.session.busy
                    visible: running
                    implicitWidth: 24
                    implicitHeight: 24
                    Accessible.name: qsTr("Working")
                }
            }
            RowLayout {
                spacing: 8
                Button {
                    objectName: "signInBrowser"
                    visible: root.session.state === "signed_out"
                    text: qsTr("Sign in with the browser")
                    highlighted: true
                    Accessible.name: text
                    // Auth0 pre-fills its login page for the operator who was here last.
                    onClicked: root.session.signInWithBrowser(root.session.lastOperatorEmail)
                }
                Button {
                    objectName: "signInCode"
                    visible: root.session.state === "signed_out"
                    text: qsTr("Sign in with a code")
                    Accessible.name: qsTr("Sign in with a code on another device")
                    onClicked: root.session.signInWithCode()
                }
                Button {
                    objectName: "signOut"
                    visible: root.session.state === "signed_in"
                    text: qsTr("Sign out")
                    Accessible.name: text
                    onClicked: root.session.signOut()
                }
            }
            Rectangle {
                objectName: "deviceCode"
                visible: root.session.userCode.length > 0
                Layout.fillWidth: true
                implicitHeight: codeColumn.implicitHeight + 20
                radius: Theme.radius
                color: Theme.card
                border.color: Theme.accent
                ColumnLayout {
                    id: codeColumn
                    anchors.fill: parent
                    anchors.margins: 10
                    spacing: 6
                    Label {
                        text: qsTr("On any device, open %1 and enter this code:").arg(root.session.verificationUri)
                        wrapMode: Text.Wrap
                        Layout.fillWidth: true
                        color: Theme.text
                    }
                    RowLayout {
                        spacing: 12
                        TextField {
                            text: root.session.userCode
                            readOnly: true
                            selectByMouse: true
                            font.family: "monospace"
                            font.pixelSize: 20
                            Accessible.name: qsTr("Sign-in code")
                        }
                        Button {
                            text: qsTr("Open the page")
                            Accessible.name: qsTr("Open the sign-in page in the browser")
                            onClicked: Qt.openUrlExternally(root.session.verificationUriComplete.toString().length > 0
                                                            ? root.session.verificationUriComplete
                                                            : root.session.verificationUri)
                        }
                    }
                }
            }
            Label {
                objectName: "sessionError"
                visible: root.session.lastError.length > 0
                text: root.session.lastError
                color: Theme.danger
                wrapMode: Text.Wrap
                Layout.fillWidth: true
            }
        }

        // ---- Tenant and connections
        SettingsSection {
            title: qsTr("Tenant")
            GridLayout {
                columns: 2
                columnSpacing: 16
                rowSpacing: 6
                Label { text: qsTr("Issuer"); color: Theme.mutedText }
                Label {
                    text: root.session.tenantIssuer.length > 0 ? root.session.tenantIssuer
                                                               : qsTr("none — configure one with “sanctumctl tenant set”")
                    color: Theme.text
                }
                Label { text: qsTr("Client"); color: Theme.mutedText }
                Label { text: root.session.clientId; color: Theme.text }
            }
            Repeater {
                model: root.session.connections
                delegate: RowLayout {
                    id: connectionRow
                    required property var modelData
                    spacing: 10
                    Label {
                        text: connectionRow.modelData.name
                        font.bold: true
                        color: Theme.text
                        Layout.preferredWidth: 120
                    }
                    Label {
                        text: "● " + Theme.healthLabel(connectionRow.modelData.health)
                        color: root.healthColor(connectionRow.modelData.health)
                        Layout.preferredWidth: 120
                    }
                    Label {
                        text: connectionRow.modelData.scopes.length > 0
                              ? qsTr("%n scope(s) held", "", connectionRow.modelData.scopes.length)
                              : qsTr("scopes not known yet")
                        color: Theme.mutedText
                        Layout.fillWidth: true
                    }
                    Button {
                        text: qsTr("Check")
                        enabled: root.session.state === "signed_in"
                        Accessible.name: qsTr("Check the %1 connection").arg(connectionRow.modelData.name)
                        onClicked: root.session.checkConnection(connectionRow.modelData.name)
                    }
                }
            }
        }

        // ---- Secrets
        SettingsSection {
            title: qsTr("Secrets")
            Label {
                objectName: "keychainState"
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                color: root.session.secretsKept === "memory" ? Theme.pending : Theme.text
                text: root.session.secretsKept === "keychain"
                      ? qsTr("The client secret and refresh token are kept in the system keychain, never in a file.")
                      : root.session.secretsKept === "run"
                      ? qsTr("This tenant is for this run only: its secrets stay in memory and nothing is written to the keychain or to disk.")
                      : qsTr("No system keychain: secrets are kept in memory for this run only, never in a file. %1")
                            .arg(root.session.keychainNote)
            }
        }

        // ---- Broker
        SettingsSection {
            title: qsTr("Broker")
            RowLayout {
                spacing: 10
                Label { text: qsTr("Agents connect to"); color: Theme.mutedText }
                TextField {
                    text: Ui.brokerUrl
                    readOnly: true
                    selectByMouse: true
                    Layout.preferredWidth: 280
                    Accessible.name: qsTr("Broker address")
                }
            }
            Label {
                text: qsTr("Give agents this address as SANCTUM_BROKER. Another port: start Sanctum with --broker-port. Data directory: %1")
                          .arg(Ui.dataDir)
                color: Theme.mutedText
                wrapMode: Text.Wrap
                Layout.fillWidth: true
            }
        }

        // ---- Appearance
        SettingsSection {
            title: qsTr("Appearance")
            RowLayout {
                spacing: 12
                Repeater {
                    model: [
                        { mode: "system", label: qsTr("As the desktop") },
                        { mode: "light", label: qsTr("Light") },
                        { mode: "dark", label: qsTr("Dark") }
                    ]
                    delegate: RadioButton {
                        required property var modelData
                        objectName: "appearance:" + modelData.mode
                        text: modelData.label
                        checked: Appearance.mode === modelData.mode
                        Accessible.name: qsTr("Appearance: %1").arg(modelData.label)
                        onClicked: Appearance.mode = modelData.mode
                    }
                }
            }
        }

        // ---- Policies
        SettingsSection {
            title: qsTr("Mission policies")
            Label {
                visible: Ui.policies.errorString.length > 0
                text: Ui.policies.errorString
                color: Theme.danger
                wrapMode: Text.Wrap
                Layout.fillWidth: true
            }
            Repeater {
                model: Ui.policies
                delegate: PolicyEditor {
                    Layout.fillWidth: true
                }
            }
        }
    }
}
