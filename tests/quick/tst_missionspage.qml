import QtQuick
import QtTest
import Sanctum
import SanctumTest

// The Missions page's one-click decisions, checked where they matter: at
// the broker, from the agent's side. (A TestCase is itself invisible: the
// pages go into the visible item around it.)
Item {
    id: root
    width: 1000
    height: 700

    TestCase {
        id: testCase
        name: "MissionsPage"
        when: windowShown

        Component {
            id: pageComponent
            MissionsPage {
                width: root.width
                height: root.height
            }
        }

        // The page narrowed to one mission by its purpose, so its card exists
        // however many missions earlier tests left.
        function pageShowing(purpose) {
            const page = createTemporaryObject(pageComponent, root)
            verify(page)
            findChild(page, "missionSearch").text = purpose
            return page
        }

        function button(page, name) {
            tryVerify(() => findChild(page, name) !== null && findChild(page, name).visible, 5000,
                      "no visible " + name)
            return findChild(page, name)
        }

        function approveByClick(page, id) {
            mouseClick(button(page, "approve:" + id))
            tryVerify(() => Harness.missionStatus(id) === "active", 20000, "the mission did not turn active")
        }

        function test_approveLetsTheAgentCallTheBroker() {
            const purpose = "label the new issues of acme/web"
            const id = Harness.requestMission("page-approver", ["repo"], purpose)
            verify(id.startsWith("ms_"))
            const page = pageShowing(purpose)
            compare(Harness.callAs(id, "/github/repos/acme/web/issues"), 409, "no token before approval")
            approveByClick(page, id)
            compare(Harness.callAs(id, "/github/repos/acme/web/issues"), 200)
            // The card now offers what fits an active mission.
            verify(button(page, "revoke:" + id).visible)
            verify(!findChild(page, "approve:" + id).visible)
        }

        function test_revokeMakesTheBrokerRefuseTheNextCall() {
            const purpose = "close stale pull requests of acme/web"
            const id = Harness.requestMission("page-revoker", ["repo"], purpose)
            const page = pageShowing(purpose)
            approveByClick(page, id)
            compare(Harness.callAs(id, "/github/repos/acme/web/issues"), 200)
            const revokedBefore = Harness.auditCount("mission.revoked")

            mouseClick(button(page, "revoke:" + id))
            const dialog = findChild(page, "reasonDialog")
            tryVerify(() => dialog.opened)
            const confirm = findChild(dialog, "reasonConfirm")
            verify(!confirm.enabled, "a revocation needs a reason")
            keyClick(Qt.Key_L)
            keyClick(Qt.Key_E)
            keyClick(Qt.Key_A)
            keyClick(Qt.Key_K)
            tryVerify(() => confirm.enabled)
            mouseClick(confirm)

            tryVerify(() => Harness.missionStatus(id) === "revoked", 5000)
            compare(Harness.callAs(id, "/github/repos/acme/web/issues"), 401)
            compare(Harness.auditCount("mission.revoked"), revokedBefore + 1)
        }

        function test_denyFromTheKeyboard() {
            const purpose = "delete old branches of acme/web"
            const id = Harness.requestMission("page-denier", ["repo"], purpose)
            const page = pageShowing(purpose)
            const deny = button(page, "deny:" + id)
            deny.forceActiveFocus()
            keyClick(Qt.Key_Space)
            const dialog = findChild(page, "reasonDialog")
            tryVerify(() => dialog.opened)
            // The reason field has the focus: type and press Enter.
            keyClick(Qt.Key_N)
            keyClick(Qt.Key_O)
            keyClick(Qt.Key_Return)
            tryVerify(() => Harness.missionStatus(id) === "denied", 5000)
            compare(Harness.callAs(id, "/github/repos/acme/web/issues"), 409, "a denied mission has no token")
        }
    }
}
