import QtQuick
import QtTest
import Sanctum
import SanctumTest

// The Settings page against the real session and policy registry: signing
// out and in (browser and device code), and a policy edited on the page
// that the broker then applies to the next request.
Item {
    id: root
    width: 1000
    height: 900

    TestCase {
        id: testCase
        name: "SettingsPage"
        when: windowShown

        Component {
            id: pageComponent
            SettingsPage {
                width: root.width
                height: root.height
            }
        }

        function page() {
            const p = createTemporaryObject(pageComponent, root)
            verify(p)
            return p
        }

        function visibleChild(p, name) {
            tryVerify(() => findChild(p, name) !== null && findChild(p, name).visible, 5000, "no visible " + name)
            return findChild(p, name)
        }

        function signOut(p) {
            const before = Harness.auditCount("operator.signed_out")
            mouseClick(visibleChild(p, "signOut"))
            tryCompare(Ui.session, "state", "signed_out", 10000)
            compare(Harness.auditCount("operator.signed_out"), before + 1)
        }

        function test_signOutAndBackInWithTheBrowser() {
            const p = page()
            compare(Ui.session.state, "signed_in")
            signOut(p)
            // The sandbox's stand-in browser plays the operator who approves;
            // the page offers the last operator as the login hint.
            compare(Ui.session.lastOperatorEmail, "alice@example.com")
            mouseClick(visibleChild(p, "signInBrowser"))
            tryCompare(Ui.session, "state", "signed_in", 20000)
            verify(visibleChild(p, "signOut"))
        }

        function test_deviceCodeIsShownUntilApproved() {
            const p = page()
            signOut(p)
            mouseClick(visibleChild(p, "signInCode"))
            const box = visibleChild(p, "deviceCode")
            tryVerify(() => Ui.session.userCode.length > 0, 10000)
            compare(Ui.session.state, "signing_in")
            compare(Harness.approveDeviceCode(Ui.session.userCode), 200)
            tryCompare(Ui.session, "state", "signed_in", 20000)
            tryVerify(() => !box.visible)
            compare(Ui.session.userCode, "")
        }

        function test_aPolicyEditedHereAppliesToTheNextRequest() {
            const p = page()
            const ttl = visibleChild(p, "policyTtl:*")
            const save = visibleChild(p, "policySave:*")
            verify(!save.enabled, "nothing to save before an edit")
            const before = Harness.auditCount("policy.")
            ttl.value = 5
            verify(save.enabled)
            mouseClick(save)
            compare(Harness.policyMaxTtl("*"), 300)
            compare(Harness.auditCount("policy."), before + 1)
            tryVerify(() => !save.enabled, 2000, "the saved values came back from the store")
            // A ten-minute mission is now over the limit.
            compare(Harness.requestMission("policy-tester", ["repo"], "label the issues of acme/web"), "")

            ttl.value = 60
            mouseClick(save)
            compare(Harness.policyMaxTtl("*"), 3600)
            verify(Harness.requestMission("policy-tester", ["repo"], "label the issues of acme/web").startsWith("ms_"))
        }

        function test_darkAndLightFromThePage() {
            const p = page()
            mouseClick(visibleChild(p, "appearance:dark"))
            compare(Appearance.mode, "dark")
            tryVerify(() => Theme.dark, 2000, "the Theme follows the dark palette")
            mouseClick(visibleChild(p, "appearance:light"))
            tryVerify(() => !Theme.dark, 2000)
            mouseClick(visibleChild(p, "appearance:system"))
            compare(Appearance.mode, "system")
        }

        function test_whereSecretsAreKeptIsShown() {
            const p = page()
            // The sandbox tenant is configured for this run only.
            compare(Ui.session.secretsKept, "run")
            verify(visibleChild(p, "keychainState").text.indexOf("this run only") >= 0)
        }
    }
}
