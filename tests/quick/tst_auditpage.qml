import QtQuick
import QtTest
import Sanctum
import SanctumTest

// The Audit page on a real core: its filter against what the store holds,
// chain verification on an intact and on a tampered store, and the export's
// file. (A TestCase is itself invisible: the pages go into the visible item
// around it.)
Item {
    id: root
    width: 1100
    height: 760

    TestCase {
        id: testCase
        name: "AuditPage"
        when: windowShown

        Component {
            id: pageComponent
            AuditPage {
                width: root.width
                height: root.height
            }
        }

        Component {
            id: spyComponent
            SignalSpy {}
        }

        // Counts a banner's busy changes: on then off is a busy indicator
        // shown for the while the work ran, however fast it was.
        function busySpy(page, bannerName) {
            return createTemporaryObject(spyComponent, testCase,
                                         { target: findChild(page, bannerName), signalName: "busyChanged" })
        }

        // What a tampering test changed, put back whatever the test's outcome.
        property int tamperedSeq: 0
        property string originalDetails: ""

        function cleanup() {
            if (tamperedSeq > 0) {
                Harness.setAuditDetailsBehindTheCore(tamperedSeq, originalDetails)
                tamperedSeq = 0
            }
        }

        function makePage() {
            const page = createTemporaryObject(pageComponent, root)
            verify(page)
            return page
        }

        function chooseKind(page, label) {
            const box = findChild(page, "auditActionFilter")
            const index = box.find(label)
            verify(index >= 0, "no kind " + label)
            box.currentIndex = index
        }

        // The actions of the rows the list shows, top down.
        function shownActions(page) {
            const list = findChild(page, "auditList")
            const actions = []
            for (let i = 0; i < list.count; ++i) {
                list.positionViewAtIndex(i, ListView.Contain)
                actions.push(list.itemAtIndex(i).action)
            }
            return actions
        }

        function runVerification(page) {
            const busy = busySpy(page, "verifyBanner")
            mouseClick(findChild(page, "verifyButton"))
            tryVerify(() => busy.count === 2 && !Ui.auditCheck.running, 20000,
                      "no busy indicator came and went while verifying")
            verify(Ui.auditCheck.hasResult)
            return findChild(page, "verifyResult").text
        }

        function test_filterShowsOnlyMatchingEntries() {
            const first = Harness.appendAudit("operator:page-filter", "tenant.page_test", "tn_filter_one")
            Harness.appendAudit("agent:ag_pagefilter", "mission.page_test", "ms_filter_two")
            verify(first > 0)
            const page = makePage()
            const list = findChild(page, "auditList")

            chooseKind(page, "Tenant")
            const tenantCount = Harness.auditCountMatching("tenant.", "")
            verify(tenantCount >= 1)
            tryCompare(list, "count", tenantCount)
            for (const action of shownActions(page))
                verify(action.startsWith("tenant."), action + " shown under Tenant")

            // A live entry that matches arrives at the top; one that does not, never.
            Harness.appendAudit("operator:page-filter", "tenant.page_live", "tn_live")
            compare(list.count, tenantCount + 1)
            compare(shownActions(page)[0], "tenant.page_live")
            Harness.appendAudit("operator:page-filter", "mission.page_live", "ms_live")
            compare(list.count, tenantCount + 1)
            verify(shownActions(page).indexOf("mission.page_live") < 0)

            // Text narrows by actor or subject, across every kind.
            chooseKind(page, "All actions")
            findChild(page, "auditSearch").text = "FILTER_ONE"
            tryCompare(list, "count", 1)
            compare(list.itemAtIndex(0).subjectId, "tn_filter_one")
            findChild(page, "auditSearch").text = "page-filter"
            tryCompare(list, "count", Harness.auditCountMatching("", "page-filter"))
            compare(list.count, 3)
        }

        function test_verifyReportsAnIntactChain() {
            const page = makePage()
            const text = runVerification(page)
            verify(Ui.auditCheck.ok, Ui.auditCheck.details)
            const entries = Harness.auditCountMatching("", "")
            compare(text, "Chain intact: " + entries + " entries verified")
            compare(findChild(page, "verifyBanner").good, true)
        }

        function test_verifyNamesTheEditedEntry() {
            const seq = Harness.appendAudit("operator:page-verify", "policy.page_test", "pl_tamper")
            Harness.appendAudit("operator:page-verify", "policy.page_test", "pl_after")
            const old = Harness.setAuditDetailsBehindTheCore(seq, "{\"by\":\"someone else\"}")
            verify(old.length > 0, "the row was not tampered with")
            tamperedSeq = seq
            originalDetails = old

            const page = makePage()
            const text = runVerification(page)
            verify(!Ui.auditCheck.ok)
            compare(Ui.auditCheck.problem, "edited")
            compare(Ui.auditCheck.firstBadSeq, seq)
            compare(text, "Entry #" + seq + " was edited")
            compare(findChild(page, "verifyBanner").good, false)

            // Put back, the same chain verifies again.
            Harness.setAuditDetailsBehindTheCore(seq, old)
            tamperedSeq = 0
            runVerification(page)
            verify(Ui.auditCheck.ok, Ui.auditCheck.details)
        }

        function exportVia(page, path, csv) {
            const busy = busySpy(page, "exportBanner")
            mouseClick(findChild(page, "exportButton"))
            const dialog = findChild(page, "exportDialog")
            tryVerify(() => dialog.opened)
            const field = findChild(dialog, "exportPath")
            verify(field.text.length > 0, "no suggested path")
            field.text = path
            if (csv)
                mouseClick(findChild(dialog, "exportCsv"))
            mouseClick(findChild(dialog, "exportConfirm"))
            tryVerify(() => busy.count === 2 && !Ui.auditExport.running, 20000,
                      "no busy indicator came and went while exporting")
            return findChild(page, "exportResult").text
        }

        function test_exportWritesTheFilteredLogAsJsonLines() {
            Harness.appendAudit("operator:page-export", "tenant.page_export", "tn_export")
            const page = makePage()
            chooseKind(page, "Tenant")
            const path = Harness.scratchPath("tenant.jsonl")
            const expected = Harness.auditCountMatching("tenant.", "")
            const text = exportVia(page, path, false)
            verify(Ui.auditExport.ok, text)
            compare(text, "Exported " + expected + " entries to " + path)

            const lines = Harness.fileLines(path)
            compare(lines.length, expected)
            let lastSeq = 0
            for (const line of lines) {
                const entry = JSON.parse(line)
                verify(entry.action.startsWith("tenant."), entry.action)
                verify(entry.seq > lastSeq, "oldest first")
                verify(entry.hash.length === 64)
                lastSeq = entry.seq
            }
        }

        function test_exportWritesCsvOfTheWholeLog() {
            const page = makePage()
            const path = Harness.scratchPath("all.csv")
            const text = exportVia(page, path, true)
            verify(Ui.auditExport.ok, text)
            const lines = Harness.fileLines(path)
            compare(lines[0], "seq,at,actor,action,subject_type,subject_id,details,prev_hash,hash\r")
            // Every entry here has a one-line body: a row each, after the header.
            compare(lines.length, Harness.auditCountMatching("", "") + 1)
        }

        function test_exportSaysWhyItCannotWrite() {
            const page = makePage()
            const folder = Harness.scratchPath("no-such-folder")
            // From the keyboard: Space opens the dialog with the path field
            // focused, Enter exports.
            const busy = busySpy(page, "exportBanner")
            findChild(page, "exportButton").forceActiveFocus()
            keyClick(Qt.Key_Space)
            const dialog = findChild(page, "exportDialog")
            tryVerify(() => dialog.opened)
            const field = findChild(dialog, "exportPath")
            tryVerify(() => field.activeFocus, 2000, "the path field has no focus")
            field.text = folder + "/audit.jsonl"
            keyClick(Qt.Key_Return)
            tryVerify(() => busy.count === 2 && !Ui.auditExport.running, 20000, "Enter did not export")
            const text = findChild(page, "exportResult").text
            verify(!Ui.auditExport.ok)
            compare(text, "Could not write " + folder + "/audit.jsonl: the folder " + folder + " does not exist")
            compare(findChild(page, "exportBanner").good, false)
        }
    }
}
