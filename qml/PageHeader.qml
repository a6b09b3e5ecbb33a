import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Sanctum

// The title line of a page, with room for controls on the right.
RowLayout {
    id: root
    property alias title: heading.text
    property alias subtitle: sub.text
    default property alias extra: tools.data

    Layout.fillWidth: true
    spacing: Theme.spacing

    ColumnLayout {
        Layout.fillWidth: true
        spacing: 2
        Label {
            id: heading
            font.pixelSize: 22
            font.bold: true
            color: Theme.text
            Accessible.role: Accessible.Heading
        }
        Label {
            id: sub
            visible: text.length > 0
            color: Theme.mutedText
            Layout.fillWidth: true
            elide: Text.ElideRight
        }
    }
    RowLayout {
        id: tools
        spacing: Theme.spacing
    }
}
