import QtQuick
import QtTest
import Sanctum
import SanctumTest

// The Agents page's add, key rotation and removal, checked at the broker:
// the key the dialog shows works, a rotated-out key is refused, and a
// removed agent's mission token dies with it.
Item {
    id: root
    width: 1000
    height: 700

    TestCase {
        id: testCase
        name: "AgentsPage"
        when: windowShown

        Component {
            id: pageComponent
            AgentsPage {
                width: root.width
                height: root.height
            }
        }

        function makePage() {
            const page = createTemporaryObject(pageComponent, root)
            verify(page)
            tryVerify(() => !Ui.agents.loading, 20000, "the agents did not load")
            return page
        }

        function typeText(text) {
            for (let i = 0; i < text.length; ++i)
                keyClick(text[i])
        }

        function opened(page, name) {
            const dialog = findChild(page, name)
            verify(dialog, "no " + name)
            tryVerify(() => dialog.opened, 5000, name + " did not open")
            return dialog
        }

        // Makes the agent's card current (and so created and in view).
        function select(page, name) {
            const list = findChild(page, "agentList")
            tryVerify(() => {
                for (let i = 0; i < list.count; ++i) {
                    list.currentIndex = i
                    if (list.currentItem && list.currentItem.name === name)
                        return true
                }
                return false
            }, 5000, "no card for " + name)
            list.positionViewAtIndex(list.currentIndex, ListView.Beginning)
            return list
        }

        function button(page, name) {
            tryVerify(() => findChild(page, name) !== null && findChild(page, name).visible, 5000, "no visible " + name)
            return findChild(page, name)
        }

        // Adds through the dialog; the key it showed, the key dialog closed again.
        function addThroughDialog(page, name) {
            mouseClick(button(page, "addAgent"))
            const dialog = opened(page, "addAgentDialog")
            typeText(name)
            keyClick(Qt.Key_Return)
            const keyDialog = opened(page, "keyDialog")
            const key = findChild(keyDialog, "keyField").text
            mouseClick(findChild(keyDialog, "keyDone"))
            tryVerify(() => !keyDialog.visible)
            return key
        }

        function test_addShowsTheKeyOnceAndItWorks() {
            const page = makePage()
            const addedBefore = Harness.auditCount("agent.added")
            const empty = findChild(page, "noAgents")
            compare(empty.visible, Ui.agents.count === 0, "the empty-list note shows exactly when no agent exists")
            mouseClick(button(page, "addAgent"))
            const dialog = opened(page, "addAgentDialog")
            const confirm = findChild(dialog, "addAgentConfirm")
            verify(!confirm.enabled, "an agent needs a name")

            // A name the registry refuses: said in words, the dialog stays.
            typeText("my bot")
            mouseClick(confirm)
            const error = findChild(dialog, "addAgentError")
            tryVerify(() => error.visible)
            verify(error.text.indexOf("“my bot” cannot be an agent name") >= 0, error.text)
            verify(dialog.opened)
            compare(Harness.auditCount("agent.added"), addedBefore)

            const field = findChild(dialog, "agentNameField")
            field.selectAll()
            typeText("page-adder")
            mouseClick(confirm)

            const keyDialog = opened(page, "keyDialog")
            verify(!dialog.visible)
            const keyField = findChild(keyDialog, "keyField")
            const key = keyField.text
            verify(key.startsWith("sa_"), "the dialog shows no agent key")
            verify(keyField.readOnly)
            verify(findChild(keyDialog, "keyOnceNote").text.indexOf("only this once") >= 0)
            compare(Harness.brokerStatusWithKey(key), 200, "the key shown is the agent's")
            compare(Harness.auditCount("agent.added"), addedBefore + 1)
            // The new agent has its card, and is the one the detail shows.
            verify(button(page, "rotate:page-adder"))
            compare(findChild(page, "agentList").currentItem.name, "page-adder")
            verify(!empty.visible)

            mouseClick(findChild(keyDialog, "keyCopy"))
            verify(Harness.clipboardText() === key, "the clipboard does not hold the key")

            // Closed, the dialog keeps no copy of the key.
            mouseClick(findChild(keyDialog, "keyDone"))
            tryVerify(() => !keyDialog.visible)
            compare(keyDialog.key, "")
            compare(keyField.text, "")
        }

        function test_rotateGivesANewKeyAndTheOldOneIsRefused() {
            const page = makePage()
            const oldKey = addThroughDialog(page, "page-rotator")
            compare(Harness.brokerStatusWithKey(oldKey), 200)
            const rotatedBefore = Harness.auditCount("agent.key_rotated")

            select(page, "page-rotator")
            mouseClick(button(page, "rotate:page-rotator"))
            const confirm = opened(page, "rotateDialog")
            mouseClick(findChild(confirm, "rotateConfirm"))

            const keyDialog = opened(page, "keyDialog")
            const newKey = findChild(keyDialog, "keyField").text
            verify(newKey.startsWith("sa_"), "the dialog shows no new agent key")
            verify(newKey !== oldKey)
            compare(Harness.brokerStatusWithKey(oldKey), 401, "the broker still takes the old key")
            compare(Harness.brokerStatusWithKey(newKey), 200)
            compare(Harness.auditCount("agent.key_rotated"), rotatedBefore + 1)
            keyClick(Qt.Key_Escape)
            tryVerify(() => !keyDialog.visible)
            compare(keyDialog.key, "")
        }

        function test_removeFromTheKeyboardRevokesTheAgentsMission() {
            const id = Harness.requestMission("page-removed", ["repo"], "sort the issues of acme/web")
            verify(id.startsWith("ms_"))
            Ui.approve(id)
            tryVerify(() => Harness.missionStatus(id) === "active", 20000, "the mission did not turn active")
            compare(Harness.callAs(id, "/github/repos/acme/web/issues"), 200)
            const removedBefore = Harness.auditCount("agent.removed")

            const page = makePage()
            const list = select(page, "page-removed")
            tryVerify(() => list.currentItem.activeMissions === 1)
            list.forceActiveFocus()
            keyClick(Qt.Key_Delete)
            const dialog = opened(page, "removeDialog")
            verify(dialog.prompt.indexOf("1 live mission") >= 0, dialog.prompt)
            const confirm = findChild(dialog, "reasonConfirm")
            verify(!confirm.enabled, "a removal needs a reason")
            typeText("retired")
            tryVerify(() => confirm.enabled)
            keyClick(Qt.Key_Return)

            tryVerify(() => findChild(page, "remove:page-removed") === null, 5000, "the card is still there")
            compare(Harness.missionStatus(id), "revoked")
            compare(Harness.callAs(id, "/github/repos/acme/web/issues"), 401, "the broker still takes its token")
            compare(Harness.auditCount("agent.removed"), removedBefore + 1)
        }

        function test_detailShowsLastUseAndHours() {
            const id = Harness.requestMission("page-detailed", ["repo", "gist"], "list the repositories of acme")
            Ui.approve(id)
            tryVerify(() => Harness.missionStatus(id) === "active", 20000, "the mission did not turn active")
            compare(Harness.callAs(id, "/github/repos/acme/web/issues"), 200)
            Harness.flushUsage()

            const page = makePage()
            select(page, "page-detailed")
            const detail = findChild(page, "agentDetail")
            tryVerify(() => detail.visible)
            // repo was used: a time; gist was granted and never used.
            tryVerify(() => findChild(detail, "scope:repo") !== null, 5000, "no repo row")
            const repoUse = findChild(findChild(detail, "scope:repo"), "lastUse").text
            verify(repoUse.indexOf("last used ") === 0, repoUse)
            compare(findChild(findChild(detail, "scope:gist"), "lastUse").text, "granted, never used")
            // The hourly grid has the one scope called.
            const grid = findChild(detail, "hourlyGrid")
            tryVerify(() => grid.rows === 1)
            compare(Ui.agentHourly.scopeAt(0), "repo")
        }
    }
}
