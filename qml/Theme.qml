pragma Singleton
import QtQuick

// Colours and sizes shared by every page. They follow the system palette, so
// a dark desktop gets the dark variant without a setting.
QtObject {
    readonly property SystemPalette palette: SystemPalette {
        colorGroup: SystemPalette.Active
    }
    readonly property bool dark: palette.window.hslLightness < 0.5

    readonly property color window: palette.window
    readonly property color base: palette.base
    readonly property color text: palette.windowText
    readonly property color mutedText: Qt.rgba(text.r, text.g, text.b, 0.65)
    readonly property color border: Qt.rgba(text.r, text.g, text.b, 0.18)
    readonly property color sidebar: dark ? Qt.darker(palette.window, 1.35) : Qt.darker(palette.window, 1.06)
    readonly property color card: dark ? Qt.lighter(palette.window, 1.25) : palette.base

    readonly property color accent: dark ? "#7aa7ff" : "#2f6fde"
    readonly property color pending: dark ? "#f2c25c" : "#a86a00"
    readonly property color active: dark ? "#63d18f" : "#1b7f45"
    readonly property color ended: dark ? "#a3a9b1" : "#646b75"
    readonly property color danger: dark ? "#ff8a80" : "#c5221f"
    readonly property color waste: dark ? "#f2c25c" : "#b06d00"

    readonly property int spacing: 8
    readonly property int radius: 6

    function statusColor(status) {
        switch (status) {
        case "pending": return pending
        case "active": return active
        case "denied":
        case "revoked": return danger
        default: return ended
        }
    }

    function statusLabel(status) {
        switch (status) {
        case "pending": return qsTr("Pending")
        case "active": return qsTr("Active")
        case "completed": return qsTr("Completed")
        case "expired": return qsTr("Expired")
        case "revoked": return qsTr("Revoked")
        case "denied": return qsTr("Denied")
        default: return status
        }
    }

    // A moment in the user's short date and time format; "" for none.
    function when(date) {
        return date && !isNaN(date.getTime()) ? date.toLocaleString(Qt.locale(), Locale.ShortFormat) : ""
    }

    function healthLabel(health) {
        switch (health) {
        case "connected": return qsTr("connected")
        case "expired": return qsTr("expired")
        case "revoked": return qsTr("revoked")
        case "failing": return qsTr("failing")
        default: return qsTr("not checked yet")
        }
    }

    // "4 min 05 s", "1 h 02 min", "12 s"
    function duration(seconds) {
        const s = Math.max(0, Math.floor(seconds))
        if (s >= 3600)
            return qsTr("%1 h %2 min").arg(Math.floor(s / 3600)).arg(String(Math.floor(s % 3600 / 60)).padStart(2, "0"))
        if (s >= 60)
            return qsTr("%1 min %2 s").arg(Math.floor(s / 60)).arg(String(s % 60).padStart(2, "0"))
        return qsTr("%1 s").arg(s)
    }
}
