import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Sanctum

// Read-only for now: what this instance runs with.
ColumnLayout {
    spacing: 12

    PageHeader {
        title: qsTr("Settings")
        subtitle: qsTr("Tenant, sign-in, broker and policies")
    }

    Placeholder {
        text: qsTr("Not built yet: changing the tenant, signing in and out, the broker port and policies from here. Use sanctumctl (“tenant set”, “login”, “policy set”) for now.")
    }

    GridLayout {
        columns: 2
        columnSpacing: 16
        rowSpacing: 6
        Label { text: qsTr("Tenant"); color: Theme.mutedText }
        Label { text: Ui.tenantIssuer.length > 0 ? Ui.tenantIssuer : qsTr("not configured"); color: Theme.text }
        Label { text: qsTr("Operator"); color: Theme.mutedText }
        Label { text: Ui.operatorName.length > 0 ? Ui.operatorName : qsTr("not signed in"); color: Theme.text }
        Label { text: qsTr("Broker"); color: Theme.mutedText }
        Label { text: Ui.brokerUrl; color: Theme.text }
        Label { text: qsTr("Data directory"); color: Theme.mutedText }
        Label { text: Ui.dataDir; color: Theme.text }
    }

    Item { Layout.fillHeight: true }
}
