import QtQuick
import QtTest
import Sanctum
import SanctumTest

// Least privilege on the Agents and Heatmap pages against the real core:
// usage made by real calls through the broker, the recommendation the
// detail panel shows, the what-if replay of an edited set, and the one-click
// tightening of the github connection. The tightening changes alice's
// connected account for the rest of the run, so this file sorts last and
// the tightening is its last test.
Item {
    id: root
    width: 1100
    height: 900

    TestCase {
        id: testCase
        name: "LeastPrivilege"
        when: windowShown

        property string agentName: "lp-bot"

        Component {
            id: agentsComponent
            AgentsPage {
                width: root.width
                height: root.height
            }
        }
        Component {
            id: missionsComponent
            MissionsPage {
                width: root.width
                height: root.height
            }
        }
        Component {
            id: heatmapComponent
            HeatmapPage {
                width: root.width
                height: root.height
            }
        }

        function button(page, name) {
            tryVerify(() => findChild(page, name) !== null && findChild(page, name).visible, 5000, "no visible " + name)
            return findChild(page, name)
        }

        function typeText(text) {
            for (let i = 0; i < text.length; ++i)
                keyClick(text[i])
        }

        // A mission asked for by the agent and approved with a click on the Missions page.
        function approvedMission(scopes, purpose) {
            const id = Harness.requestMission(agentName, scopes, purpose)
            verify(id.startsWith("ms_"), "the mission was not asked for")
            const page = createTemporaryObject(missionsComponent, root)
            findChild(page, "missionSearch").text = purpose
            mouseClick(button(page, "approve:" + id))
            tryVerify(() => Harness.missionStatus(id) === "active", 20000, "the mission did not turn active")
            page.destroy()
            return id
        }

        // The agents page with the agent selected and its analysis in.
        function agentsPageShowing(name) {
            const page = createTemporaryObject(agentsComponent, root)
            tryVerify(() => !Ui.agents.loading, 20000, "the agents did not load")
            const list = findChild(page, "agentList")
            tryVerify(() => {
                for (let i = 0; i < list.count; ++i) {
                    list.currentIndex = i
                    if (list.currentItem && list.currentItem.name === name)
                        return true
                }
                return false
            }, 5000, "no card for " + name)
            tryVerify(() => Ui.leastPrivilege.hasAnalysis && !Ui.leastPrivilege.loading, 20000, "no analysis: " + Ui.leastPrivilege.errorString + " loading " + Ui.leastPrivilege.loading + " agent " + Ui.leastPrivilege.agentId)
            return page
        }

        function initTestCase() {
            // Granted five scopes; uses repo (issues) and user:email (emails) only.
            const id = approvedMission(["repo", "gist", "user", "read:org", "user:email"], "sort the issues of acme by their reporters' emails")
            compare(Harness.callAs(id, "/github/repos/acme/web/issues"), 200)
            compare(Harness.callAs(id, "/github/repos/acme/web/issues"), 200)
            compare(Harness.callAs(id, "/github/user/emails"), 200)
            Harness.flushUsage()
            // The analyses look at [now - 30 days, now): step past the calls.
            Harness.advanceClock(60)
        }

        function test_a_recommendationAndWhatIf() {
            const page = agentsPageShowing(agentName)
            const summary = findChild(page, "lpSummary")
            tryVerify(() => summary.visible)
            // (No translation is loaded here: plurals read "scope(s)".)
            verify(/^Needs 2 of the 5 scope/.test(summary.text), summary.text)
            compare(Ui.leastPrivilege.recommended, ["repo", "user:email"])
            compare(findChild(page, "lpRecommended").text, "Recommended: repo user:email")
            const field = findChild(page, "lpScopes")
            compare(field.text, "repo user:email", "the field starts as the recommendation")

            // user:email dropped: the email listing would have been refused.
            field.forceActiveFocus()
            field.selectAll()
            typeText("repo")
            mouseClick(button(page, "lpWhatIf"))
            const unsafe = findChild(page, "lpReplayUnsafe")
            tryVerify(() => unsafe.visible, 20000, "no refused calls listed")
            const refused = findChild(page, "lpRefused:GET /user/emails")
            verify(refused, "the email listing is not among the refused calls")
            verify(/ — 1 call.*; needs .*user:email/.test(refused.text), refused.text)
            verify(!findChild(page, "lpReplaySafe").visible)
            verify(findChild(page, "lpRefused:GET /repos/{owner}/{repo}/issues") === null, "an issues call listed though repo stays")

            // Back to the recommendation: nothing refused, said in green.
            // (keyClick cannot type a colon: the text is set.)
            field.text = "repo user:email"
            mouseClick(button(page, "lpWhatIf"))
            const safe = findChild(page, "lpReplaySafe")
            tryVerify(() => safe.visible, 20000, "the recommendation was not called safe")
            verify(/^With repo user:email, none of the 3 past call/.test(safe.text), safe.text)
            verify(Qt.colorEqual(safe.color, Theme.active), "not in green")
            verify(!unsafe.visible)
        }

        function test_b_heatmapShowsExposure() {
            const page = createTemporaryObject(heatmapComponent, root)
            tryVerify(() => Ui.leastPrivilege.hasExposure && !Ui.leastPrivilege.exposureLoading, 20000, "no exposure")
            const standing = button(page, "exposureStanding")
            const missions = button(page, "exposureMissions")
            const reduction = button(page, "exposureReduction")
            verify(Ui.leastPrivilege.standingUnused > Ui.leastPrivilege.missionsUnused)
            const hours = n => Number(n).toLocaleString(Qt.locale(), "f", 0)
            compare(standing.text, "Standing grants: " + hours(Ui.leastPrivilege.standingUnused) + " unused scope-hours")
            compare(missions.text, "Missions: " + hours(Ui.leastPrivilege.missionsUnused) + " unused scope-hours")
            // Two decimals near 100 %, one otherwise.
            const decimals = Ui.leastPrivilege.reductionPercent >= 99 ? 2 : 1
            compare(reduction.text, Number(Ui.leastPrivilege.reductionPercent).toLocaleString(Qt.locale(), "f", decimals)
                    + "% less unused privilege with missions")
            verify(Ui.leastPrivilege.reductionPercent > 0)
        }

        // Last: the github account stays tightened for the rest of the run.
        function test_z_tightenToTheRecommendation() {
            const page = agentsPageShowing(agentName)
            const field = findChild(page, "lpScopes")
            compare(field.text, "repo user:email")
            const tighten = button(page, "lpTighten")
            compare(tighten.text, "Tighten github to these scopes…")
            mouseClick(tighten)
            const dialog = findChild(page, "tightenDialog")
            tryVerify(() => dialog.opened, 5000, "no confirmation")
            verify(dialog.prompt.indexOf("repo user:email") >= 0, dialog.prompt)
            verify(dialog.prompt.indexOf("confirm in the browser") >= 0, dialog.prompt)
            typeText("least privilege from 30 days of use")
            mouseClick(findChild(dialog, "reasonConfirm"))
            tryVerify(() => Ui.leastPrivilege.tightening, 5000, "the tightening did not start")
            verify(findChild(page, "lpTightening").running)

            const result = findChild(page, "lpTightenResult")
            tryVerify(() => result.visible, 60000, "no tightening result")
            verify(Ui.leastPrivilege.tightenSucceeded, result.text)
            verify(/^github now holds repo user:email; [0-9]+ scope\(?s\)? removed; previous token refused/.test(result.text), result.text)
            compare(Harness.heldScopes("github"), ["repo", "user:email"])
            // A removed scope can no longer be asked for.
            compare(Harness.requestMission(agentName, ["gist"], "tidy the gists"), "")
            verify(Harness.requestMission(agentName, ["repo"], "label the issues of acme/web").startsWith("ms_"))
        }
    }
}
