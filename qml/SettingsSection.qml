import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Sanctum

// One titled group of the Settings page.
ColumnLayout {
    id: root
    property alias title: heading.text
    default property alias content: body.data

    Layout.fillWidth: true
    spacing: 8

    Label {
        id: heading
        font.pixelSize: 16
        font.bold: true
        color: Theme.text
        Accessible.role: Accessible.Heading
    }
    ColumnLayout {
        id: body
        Layout.fillWidth: true
        Layout.leftMargin: 4
        spacing: 8
    }
}
