import QtQuick
import QtQuick.Controls
import QtTest
import Sanctum
import SanctumTest

// The in-app list of notifications: every one is there, newest first, and
// those the desktop could not show say so — nothing is lost silently.
Item {
    id: root
    width: 1000
    height: 700

    TestCase {
        name: "NotificationsDrawer"
        when: windowShown

        Component {
            id: drawerComponent
            NotificationsDrawer {
                parent: Overlay.overlay
            }
        }

        function test_everyNotificationIsKeptAndUnshownOnesSaySo() {
            const before = Ui.notifications.count
            Harness.fileNotification("Approval needed", "triage-bot asks for repo on github", true)
            Harness.fileNotification("Calls refused in a burst", "reckless-bot had 5 calls refused", false)
            compare(Ui.notifications.count, before + 2)
            compare(Ui.notifications.undeliveredCount, 1)

            const drawer = createTemporaryObject(drawerComponent, root)
            drawer.open()
            tryVerify(() => drawer.opened)
            const list = findChild(drawer.contentItem, "notificationList")
            verify(list)
            tryVerify(() => list.count === before + 2)
            // Newest first.
            list.currentIndex = 0
            tryVerify(() => list.currentItem !== null)
            compare(list.currentItem.title, "Calls refused in a burst")
            compare(list.currentItem.delivery, "undelivered")
            list.currentIndex = 1
            compare(list.currentItem.title, "Approval needed")
            compare(list.currentItem.delivery, "delivered")
        }
    }
}
