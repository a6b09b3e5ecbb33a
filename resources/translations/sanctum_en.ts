<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AddAgentDialog</name>
    <message>
        <source>Add agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The agent gets a key to call the broker with. Sanctum shows it once, right after this.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name, e.g. triage-bot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agent name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AgentCard</name>
    <message>
        <source>%1: used %2 of %3 granted scopes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 active · %2 pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key %1… · last seen %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key %1… · never seen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Used %1 of the %2 scopes it was granted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Never used: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rotate key…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rotate the key of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AgentsPage</name>
    <message>
        <source>Agents</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n agent(s)</source>
        <translation>
            <numerusform>%n agent</numerusform>
            <numerusform>%n agents</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove %1? Its key stops working and its %n live mission(s) are revoked at once.</source>
        <translation>
            <numerusform>Remove %1? Its key stops working and its %n live mission is revoked at once.</numerusform>
            <numerusform>Remove %1? Its key stops working and its %n live missions are revoked at once.</numerusform>
        </translation>
    </message>
    <message>
        <source>Remove %1? Its key stops working at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading usage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add agent…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not load the agents: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rotate the key of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No agents yet. Add one with “Add agent…”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scopes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No scope granted, used or refused yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>last used %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>granted, never used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not granted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No calls in the last 24 hours.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calls per scope and hour, last 24 hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>24 h ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Darker: more calls. Red bar: calls refused for lacking the scope.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rotate the key of %1?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The current key stops working at once; the agent needs the new one to ask for missions. Missions it already holds keep working.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rotate key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tighten %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tighten</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconnect the %1 account with only these scopes: %2. Every other scope is taken away from it, and missions holding one of them end. The account is reconnected through your tenant: you may need to confirm in the browser.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <source>Audit</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n entry(ies) loaded</source>
        <translation>
            <numerusform>%n entry loaded</numerusform>
            <numerusform>%n entries loaded</numerusform>
        </translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entry %1: %2 by %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>#%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connections</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n matching entry(ies) loaded</source>
        <translation>
            <numerusform>%n matching entry loaded</numerusform>
            <numerusform>%n matching entries loaded</numerusform>
        </translation>
    </message>
    <message>
        <source>Verifying…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verify chain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verify the audit chain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checks every entry&apos;s hash and link to the one before it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the entries the filter shows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the audit log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind of action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by actor or subject (e.g. operator:cli, ag_…, ms_…)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by actor or subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear the filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verifying the audit chain…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Exporting… %n entry(ies) written</source>
        <translation>
            <numerusform>Exporting… %n entry written</numerusform>
            <numerusform>Exporting… %n entries written</numerusform>
        </translation>
    </message>
    <message>
        <source>The audit log could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No entry matches the filter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The audit log is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entry %1: %2 by %3, found altered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the filtered audit log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writes the entries the filter shows, oldest first, with their hashes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writes every entry, oldest first, with its hashes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File to export to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the file to export to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON Lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON Lines format, one entry per line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV format, for spreadsheets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export to the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the audit log to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON Lines files (*.jsonl)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Working</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HeatmapPage</name>
    <message>
        <source>Heatmap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Granted versus used scopes, per agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading usage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload heatmap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scope usage by agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✕%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No usage yet: the heatmap fills as agents call through the broker.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>used a little</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>used a lot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>granted, never used (waste)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✕ calls refused for lacking the scope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exposure</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Exposure, last %n day(s)</source>
        <translation>
            <numerusform>Exposure, last %n day</numerusform>
            <numerusform>Exposure, last %n days</numerusform>
        </translation>
    </message>
    <message>
        <source>No mission in these days: nothing to compare.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Standing grants: %1 unused scope-hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missions: %1 unused scope-hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1% less unused privilege with missions</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>KeyDialog</name>
    <message>
        <source>New key for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This key is shown only this once. Copy it now and give it to the agent: its old key no longer works.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This key is shown only this once. Copy it now and give it to the agent, e.g. as SANCTUM_AGENT_KEY.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agent key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read-only; shown only this once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied to the clipboard.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close the key</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LeastPrivilegePanel</name>
    <message>
        <source>Least privilege</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Reading the last %n day(s) of calls…</source>
        <translation>
            <numerusform>Reading the last %n day of calls…</numerusform>
            <numerusform>Reading the last %n days of calls…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>No mission and no call in the last %n day(s).</source>
        <translation>
            <numerusform>No mission and no call in the last %n day.</numerusform>
            <numerusform>No mission and no call in the last %n days.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Needs %1 of the %n scope(s) it was granted</source>
        <translation>
            <numerusform>Needs %1 of the %n scope it was granted</numerusform>
            <numerusform>Needs %1 of the %n scopes it was granted</numerusform>
        </translation>
    </message>
    <message>
        <source>Recommended: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No call needed a scope: nothing to recommend keeping.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could go: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A close recommendation: the search for the smallest set stopped early.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scopes to keep, separated by spaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scopes to keep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What if</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which past calls these scopes would have refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tighten %1 to these scopes…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tighten %1 to these scopes</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>With %1, none of the %n past call(s) would have been refused.</source>
        <translation>
            <numerusform>With %1, none of the %n past call would have been refused.</numerusform>
            <numerusform>With %1, none of the %n past calls would have been refused.</numerusform>
        </translation>
    </message>
    <message>
        <source>With %1, these past calls would have been refused:</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 %2 — %n call(s), last %3; needs %4</source>
        <translation>
            <numerusform>%1 %2 — %n call, last %3; needs %4</numerusform>
            <numerusform>%1 %2 — %n calls, last %3; needs %4</numerusform>
        </translation>
    </message>
    <message>
        <source>Reconnecting %1… confirm in the browser if your tenant asks.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message numerus="yes">
        <source>Sanctum — %n pending</source>
        <translation>
            <numerusform>Sanctum — %n pending</numerusform>
            <numerusform>Sanctum — %n pending</numerusform>
        </translation>
    </message>
    <message>
        <source>Sanctum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Heatmap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mission authorization</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● Signed in as %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● Signing in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● Not signed in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke all…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke all missions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke all missions?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every pending and active mission ends now, and each agent loses access at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notifications (%1 not shown)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notifications (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the notifications</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MissionDelegate</name>
    <message>
        <source>%1 mission by %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lapses in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ends in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approving</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approve mission: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deny</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deny mission: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke mission: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MissionList</name>
    <message>
        <source>No missions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deny mission?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deny “%1”? The agent is told no.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deny</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke mission?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke “%1”? Its token stops working at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MissionsPage</name>
    <message>
        <source>All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 pending · %2 active · %3 in all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show %1 missions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search purpose, agent, scope…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search missions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No mission matches “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No missions here.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NavButton</name>
    <message>
        <source>%1, %2 waiting</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NotificationsDrawer</name>
    <message>
        <source>Notifications</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n could not be shown on the desktop; they are kept here.</source>
        <translation>
            <numerusform>%n could not be shown on the desktop; it is kept here.</numerusform>
            <numerusform>%n could not be shown on the desktop; they are kept here.</numerusform>
        </translation>
    </message>
    <message>
        <source>Not shown on the desktop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing yet.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OverviewPage</name>
    <message>
        <source>Overview</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) waiting for your decision</source>
        <translation>
            <numerusform>%n request waiting for your decision</numerusform>
            <numerusform>%n requests waiting for your decision</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing waits for you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not configured</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● signed in as %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● signing in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● signed out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● no tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Broker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● listening on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● not listening</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending approvals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All missions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show all missions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No request waits for approval.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No mission is active.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PolicyEditor</name>
    <message>
        <source>Every connection (default)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Longest mission (minutes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Longest mission in minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A request waits for a decision (minutes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How long a request waits, in minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Purpose required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approved without asking</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none: every request asks the operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scopes approved without asking, separated by spaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approved call by call (step-up)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scopes approved call by call, separated by spaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the policy for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>every connection</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>Confirm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason (recorded in the audit log)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReasonText</name>
    <message numerus="yes">
        <source>The reason is too long: keep it under %n character(s).</source>
        <translation>
            <numerusform>The reason is too long: keep it under %n character.</numerusform>
            <numerusform>The reason is too long: keep it under %n characters.</numerusform>
        </translation>
    </message>
    <message>
        <source>Say why the agent is removed: the reason goes to the audit log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Say why the connection is tightened: the reason goes to the audit log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Say why every mission is revoked: the reason goes to the audit log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Say why: the reason goes to the audit log.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign-in, tenant, secrets, broker and policies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● Signed in as %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● Signing in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● No tenant configured</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● Signed out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Working</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in with the browser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in with a code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in with a code on another device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On any device, open %1 and enter this code:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign-in code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the sign-in page in the browser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issuer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none — configure one with “sanctumctl tenant set”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n scope(s) held</source>
        <translation>
            <numerusform>%n scope held</numerusform>
            <numerusform>%n scopes held</numerusform>
        </translation>
    </message>
    <message>
        <source>scopes not known yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the %1 connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secrets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The client secret and refresh token are kept in the system keychain, never in a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This tenant is for this run only: its secrets stay in memory and nothing is written to the keychain or to disk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No system keychain: secrets are kept in memory for this run only, never in a file. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Broker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agents connect to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Broker address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give agents this address as SANCTUM_BROKER. Another port: start Sanctum with --broker-port. Data directory: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mission policies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As the desktop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Appearance: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Theme</name>
    <message>
        <source>Pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Denied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>revoked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not checked yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sanctum::AgentActions</name>
    <message>
        <source>Added agent %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New key for %1; the old one no longer works</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed agent %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Removed agent %1 and ended its %n live mission(s)</source>
        <translation>
            <numerusform>Removed agent %1 and ended its %n live mission</numerusform>
            <numerusform>Removed agent %1 and ended its %n live missions</numerusform>
        </translation>
    </message>
    <message>
        <source>Give the agent a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” cannot be an agent name. Use 1 to 64 letters, digits, dots, underscores or hyphens, starting with a letter or digit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is already an agent named “%1”. Choose another name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That agent no longer exists; it may have been removed from the command line.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The change did not go through: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sanctum::AgentHourlyModel</name>
    <message>
        <source>%1, %2–%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Used %n time(s)</source>
        <translation>
            <numerusform>Used %n time</numerusform>
            <numerusform>Used %n times</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Refused %n time(s)</source>
        <translation>
            <numerusform>Refused %n time</numerusform>
            <numerusform>Refused %n times</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The period must have a start before its end, and last at most %n day(s)</source>
        <translation>
            <numerusform>The period must have a start before its end, and last at most %n day</numerusform>
            <numerusform>The period must have a start before its end, and last at most %n days</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sanctum::AuditChainChecker</name>
    <message numerus="yes">
        <source>Chain intact: %n entries verified</source>
        <translation>
            <numerusform>Chain intact: %n entry verified</numerusform>
            <numerusform>Chain intact: %n entries verified</numerusform>
        </translation>
    </message>
    <message>
        <source>Entry #%1 was edited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entry #%1 was deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entry #%1 was inserted from outside Sanctum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entry #%1 was moved out of order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The log was truncated: entries from #%1 on were cut off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The chain is broken at entry #%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The audit log could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sanctum::AuditFileExporter</name>
    <message>
        <source>it is a folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the folder %1 does not exist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>permission denied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the disk is full or unavailable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown export format “%1”: choose JSON Lines or CSV.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a file to export to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the audit log: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Exported %n entries to %1</source>
        <translation>
            <numerusform>Exported %n entry to %1</numerusform>
            <numerusform>Exported %n entries to %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sanctum::DBusNotificationSink</name>
    <message>
        <source>no session bus</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sanctum::LeastPrivilegeController</name>
    <message>
        <source>Name at least one scope to keep: a connection with none would be of no use to any agent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is already being tightened; wait for that to finish.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was not tightened; it keeps the scopes it had. The step that failed was %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 now holds %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n scope(s) removed</source>
        <translation>
            <numerusform>%n scope removed</numerusform>
            <numerusform>%n scopes removed</numerusform>
        </translation>
    </message>
    <message>
        <source>previous token refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the upstream still accepts the previous token</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n mission(s) ended</source>
        <translation>
            <numerusform>%n mission ended</numerusform>
            <numerusform>%n missions ended</numerusform>
        </translation>
    </message>
    <message>
        <source>one of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The usage history could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The analysis did not run: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Those are not scopes (%1). Separate scopes with spaces or commas.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sanctum::Notifier</name>
    <message>
        <source>expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>revoked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approval needed</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 asks for %2 on %3 for %n minute(s): %4</source>
        <translation>
            <numerusform>%1 asks for %2 on %3 for %n minute: %4</numerusform>
            <numerusform>%1 asks for %2 on %3 for %n minutes: %4</numerusform>
        </translation>
    </message>
    <message>
        <source>Approve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deny</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mission revoked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 can no longer work on: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 can no longer work on: %2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n mission(s) revoked</source>
        <translation>
            <numerusform>%n mission revoked</numerusform>
            <numerusform>%n missions revoked</numerusform>
        </translation>
    </message>
    <message>
        <source>Agents cut off: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mission about to expire</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1&apos;s mission ends in %n second(s): %2</source>
        <translation>
            <numerusform>%1&apos;s mission ends in %n second: %2</numerusform>
            <numerusform>%1&apos;s mission ends in %n seconds: %2</numerusform>
        </translation>
    </message>
    <message>
        <source>Scope used for the first time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 used %2 on %3 for the first time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection failing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The %1 connection is %2: missions on it cannot be approved until it is reconnected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approval failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The mission stays pending: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>denied from a notification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calls refused in a burst</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 had %n call(s) refused within a minute on %2: it is trying what its missions do not allow.</source>
        <translation>
            <numerusform>%1 had %n call refused within a minute on %2: it is trying what its missions do not allow.</numerusform>
            <numerusform>%1 had %n calls refused within a minute on %2: it is trying what its missions do not allow.</numerusform>
        </translation>
    </message>
    <message>
        <source>A mission used nothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1&apos;s mission on %2 ended without a single call: the grant was not needed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sanctum::ScopeHeatmapModel</name>
    <message>
        <source>%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Used %n time(s), last %1</source>
        <translation>
            <numerusform>Used %n time, last %1</numerusform>
            <numerusform>Used %n times, last %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Never used</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Refused %n time(s), last %1</source>
        <translation>
            <numerusform>Refused %n time, last %1</numerusform>
            <numerusform>Refused %n times, last %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n call(s) failed upstream</source>
        <translation>
            <numerusform>%n call failed upstream</numerusform>
            <numerusform>%n calls failed upstream</numerusform>
        </translation>
    </message>
    <message>
        <source>Granted but never used: a candidate to drop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not granted in this period</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sanctum::SessionController</name>
    <message>
        <source>Signed out here, but the tenant has not confirmed yet: %1. Sanctum keeps trying.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the connection failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing in failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sanctum::TrayIcon</name>
    <message>
        <source>Show Sanctum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke all missions…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit Sanctum</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n pending request(s)</source>
        <translation>
            <numerusform>%n pending request</numerusform>
            <numerusform>%n pending requests</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sanctum — %n pending request(s)</source>
        <translation>
            <numerusform>Sanctum — %n pending request</numerusform>
            <numerusform>Sanctum — %n pending requests</numerusform>
        </translation>
    </message>
    <message>
        <source>and %1 more…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sanctum::TrayNotificationSink</name>
    <message>
        <source>no system tray</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sanctum::UiController</name>
    <message>
        <source>Approved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Denied: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoked: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Revoked %n mission(s)</source>
        <translation>
            <numerusform>Revoked %n mission</numerusform>
            <numerusform>Revoked %n missions</numerusform>
        </translation>
    </message>
</context>
</TS>
