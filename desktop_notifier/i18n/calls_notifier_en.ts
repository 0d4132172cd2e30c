<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
    <context>
        <name>AccountForm</name>
        <message>
            <source>Supabase URL</source>
            <translation>Supabase URL</translation>
        </message>
        <message>
            <source>Anon key</source>
            <translation>Anon key</translation>
        </message>
        <message>
            <source>The project's public anon key</source>
            <translation>The project's public anon key</translation>
        </message>
        <message>
            <source>The URL and the anon key are in Supabase under Project Settings → API.</source>
            <translation>The URL and the anon key are in Supabase under Project Settings → API.</translation>
        </message>
        <message>
            <source>Sign out</source>
            <translation>Sign out</translation>
        </message>
        <message>
            <source>The address of your Supabase project.</source>
            <translation>The address of your Supabase project.</translation>
        </message>
        <message>
            <source>The project's public anon key, from Project Settings → API.</source>
            <translation>The project's public anon key, from Project Settings → API.</translation>
        </message>
        <message>
            <source>Signing in</source>
            <translation>Signing in</translation>
        </message>
        <message>
            <source>Shown while the sign-in is under way.</source>
            <translation>Shown while the sign-in is under way.</translation>
        </message>
        <message>
            <source>The e-mail you sign in with.</source>
            <translation>The e-mail you sign in with.</translation>
        </message>
        <message>
            <source>Email</source>
            <translation>Email</translation>
        </message>
        <message>
            <source>Your password; it is not stored.</source>
            <translation>Your password; it is not stored.</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>Password</translation>
        </message>
        <message>
            <source>Sign in</source>
            <translation>Sign in</translation>
        </message>
        <message>
            <source>Signs in with these details (Enter in any field does the same).</source>
            <translation>Signs in with these details (Enter in any field does the same).</translation>
        </message>
        <message>
            <source>Signs out and removes the saved session from this computer.</source>
            <translation>Signs out and removes the saved session from this computer.</translation>
        </message>
        <message>
            <source>Signed in as %1</source>
            <translation>Signed in as %1</translation>
        </message>
        <message>
            <source>Catch-up: exact (xid)</source>
            <translation>Catch-up: exact (xid)</translation>
        </message>
        <message>
            <source>Catch-up: timestamp fallback; apply resources/sql/002_change_xid.sql</source>
            <translation>Catch-up: timestamp fallback; apply resources/sql/002_change_xid.sql</translation>
        </message>
        <message>
            <source>Enter the project URL, for example https://xyz.supabase.co.</source>
            <translation>Enter the project URL, for example https://xyz.supabase.co.</translation>
        </message>
        <message>
            <source>Hide</source>
            <translation>Hide</translation>
        </message>
        <message>
            <source>Show</source>
            <translation>Show</translation>
        </message>
        <message>
            <source>Hide the anon key</source>
            <translation>Hide the anon key</translation>
        </message>
        <message>
            <source>Show the anon key</source>
            <translation>Show the anon key</translation>
        </message>
        <message>
            <source>Shows or hides the anon key as you type it.</source>
            <translation>Shows or hides the anon key as you type it.</translation>
        </message>
    </context>
    <context>
        <name>AlertsForm</name>
        <message>
            <source>Notify me about</source>
            <translation>Notify me about</translation>
        </message>
        <message>
            <source>Limits</source>
            <translation>Limits</translation>
        </message>
        <message>
            <source>Excellent score from</source>
            <translation>Excellent score from</translation>
        </message>
        <message>
            <source>Low score up to</source>
            <translation>Low score up to</translation>
        </message>
        <message>
            <source>Keep alerts in the inbox for</source>
            <translation>Keep alerts in the inbox for</translation>
        </message>
        <message>
            <source> s</source>
            <comment>seconds</comment>
            <translation> s</translation>
        </message>
        <message>
            <source>Send test notification</source>
            <translation>Send test notification</translation>
        </message>
        <message>
            <source>Show a notification for this kind of alert.</source>
            <translation>Show a notification for this kind of alert.</translation>
        </message>
        <message>
            <source>A comment someone else writes on a call you own. It arrives at once; with the Broadcast or Ably source, only where the server has resources/sql/008_comment_alerts.sql, otherwise at the next reconciliation (every 2 minutes by default).</source>
            <translation>A comment someone else writes on a call you own. It arrives at once; with the Broadcast or Ably source, only where the server has resources/sql/008_comment_alerts.sql, otherwise at the next reconciliation (every 2 minutes by default).</translation>
        </message>
        <message>
            <source>Scores from this value up are alerted as excellent.</source>
            <translation>Scores from this value up are alerted as excellent.</translation>
        </message>
        <message>
            <source>Scores up to this value are alerted as low.</source>
            <translation>Scores up to this value are alerted as low.</translation>
        </message>
        <message>
            <source>How long, in seconds, an alert stays in the tray's recent alerts.</source>
            <translation>How long, in seconds, an alert stays in the tray's recent alerts.</translation>
        </message>
        <message>
            <source>Shows a sample notification now, to check that notifications appear.</source>
            <translation>Shows a sample notification now, to check that notifications appear.</translation>
        </message>
        <message>
            <source>The low-score limit must be below the excellent-score limit.</source>
            <translation>The low-score limit must be below the excellent-score limit.</translation>
        </message>
    </context>
    <context>
        <name>AppText</name>
        <message>
            <source>Offline since %1 — %2</source>
            <translation>Offline since %1 — %2</translation>
        </message>
        <message>
            <source>Offline since %1</source>
            <translation>Offline since %1</translation>
        </message>
        <message>
            <source>no network</source>
            <translation>no network</translation>
        </message>
        <message>
            <source>server unreachable, retrying</source>
            <translation>server unreachable, retrying</translation>
        </message>
        <message>
            <source>Limited mode — updates every %1 s</source>
            <translation>Limited mode — updates every %1 s</translation>
        </message>
        <message>
            <source>Realtime — broadcast from the database</source>
            <translation>Realtime — broadcast from the database</translation>
        </message>
        <message>
            <source>Ably — channel per owner (outbox)</source>
            <translation>Ably — channel per owner (outbox)</translation>
        </message>
        <message>
            <source>Realtime — database changes (postgres_changes)</source>
            <translation>Realtime — database changes (postgres_changes)</translation>
        </message>
        <message>
            <source>Live source: %1</source>
            <translation>Live source: %1</translation>
        </message>
        <message>
            <source>Testing the proxy…</source>
            <translation>Testing the proxy…</translation>
        </message>
        <message>
            <source>The proxy works: the API and the realtime connection answer.</source>
            <translation>The proxy works: the API and the realtime connection answer.</translation>
        </message>
        <message>
            <source>The proxy lets the API through but refuses the realtime connection (websocket): alerts will come in limited mode, every few seconds.</source>
            <translation>The proxy lets the API through but refuses the realtime connection (websocket): alerts will come in limited mode, every few seconds.</translation>
        </message>
        <message>
            <source>Connecting to Supabase…</source>
            <translation>Connecting to Supabase…</translation>
        </message>
        <message>
            <source>Sign in again in the settings</source>
            <translation>Sign in again in the settings</translation>
        </message>
        <message>
            <source>Open the settings to sign in</source>
            <translation>Open the settings to sign in</translation>
        </message>
        <message>
            <source>Signing in…</source>
            <translation>Signing in…</translation>
        </message>
        <message>
            <source>Sending the code…</source>
            <translation>Sending the code…</translation>
        </message>
        <message>
            <source>Code sent to %1. Type the 6 digits from the e-mail.</source>
            <translation>Code sent to %1. Type the 6 digits from the e-mail.</translation>
        </message>
        <message>
            <source>Continue in your browser…</source>
            <translation>Continue in your browser…</translation>
        </message>
        <message>
            <source>Starting the demonstration…</source>
            <translation>Starting the demonstration…</translation>
        </message>
        <message>
            <source>Test notification</source>
            <translation>Test notification</translation>
        </message>
        <message>
            <source>Notifications from Calls Notifier are working.</source>
            <translation>Notifications from Calls Notifier are working.</translation>
        </message>
        <message>
            <source>Connection lost</source>
            <translation>Connection lost</translation>
        </message>
        <message>
            <source>Alerts will arrive as soon as the connection is back.</source>
            <translation>Alerts will arrive as soon as the connection is back.</translation>
        </message>
        <message>
            <source>Connected again</source>
            <translation>Connected again</translation>
        </message>
        <message>
            <source>Nothing was missed: what happened meanwhile was caught up.</source>
            <translation>Nothing was missed: what happened meanwhile was caught up.</translation>
        </message>
        <message>
            <source>Local history recreated</source>
            <translation>Local history recreated</translation>
        </message>
        <message>
            <source>Comment alerts on hold</source>
            <translation>Comment alerts on hold</translation>
        </message>
        <message>
            <source>Diagnostics copied</source>
            <translation>Diagnostics copied</translation>
        </message>
        <message>
            <source>Paste it into your message to support.</source>
            <translation>Paste it into your message to support.</translation>
        </message>
    </context>
    <context>
        <name>CallWindow</name>
        <message>
            <source>Scorecard</source>
            <translation>Scorecard</translation>
        </message>
        <message>
            <source>Insights</source>
            <translation>Insights</translation>
        </message>
        <message>
            <source>Transcription</source>
            <translation>Transcription</translation>
        </message>
        <message>
            <source>No scorecard yet.</source>
            <translation>No scorecard yet.</translation>
        </message>
        <message>
            <source>No insights yet.</source>
            <translation>No insights yet.</translation>
        </message>
        <message>
            <source>Waiting for transcription...</source>
            <translation>Waiting for transcription...</translation>
        </message>
        <message>
            <source>Loading call…</source>
            <translation>Loading call…</translation>
        </message>
        <message>
            <source>Call details</source>
            <translation>Call details</translation>
        </message>
        <message>
            <source>Scorecard, insights and transcription; Ctrl+Tab switches between them.</source>
            <translation>Scorecard, insights and transcription; Ctrl+Tab switches between them.</translation>
        </message>
        <message>
            <source>Each criterion of the call's scorecard with its value.</source>
            <translation>Each criterion of the call's scorecard with its value.</translation>
        </message>
        <message>
            <source>What the analysis found in the call (read-only).</source>
            <translation>What the analysis found in the call (read-only).</translation>
        </message>
        <message>
            <source>The call's transcription, updated live while it is transcribed (read-only).</source>
            <translation>The call's transcription, updated live while it is transcribed (read-only).</translation>
        </message>
        <message>
            <source>Unknown company</source>
            <translation>Unknown company</translation>
        </message>
        <message>
            <source>Score</source>
            <translation>Score</translation>
        </message>
        <message>
            <source>Score: %1</source>
            <translation>Score: %1</translation>
        </message>
        <message>
            <source>The call's score, from 0 to 100.</source>
            <translation>The call's score, from 0 to 100.</translation>
        </message>
        <message>
            <source>Last update: %1</source>
            <translation>Last update: %1</translation>
        </message>
        <message>
            <source>Value</source>
            <translation>Value</translation>
        </message>
    </context>
    <context>
        <name>CallsListWindow</name>
        <message>
            <source>All</source>
            <translation>All</translation>
        </message>
        <message numerus="yes">
            <source>%n call(s)</source>
            <translation>
                <numerusform>%n call</numerusform>
                <numerusform>%n calls</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n new call(s) — click to mark as read</source>
            <translation>
                <numerusform>%n new call — click to mark as read</numerusform>
                <numerusform>%n new calls — click to mark as read</numerusform>
            </translation>
        </message>
        <message>
            <source>Marks the new calls as read, here and in the tray</source>
            <translation>Marks the new calls as read, here and in the tray</translation>
        </message>
        <message>
            <source>Calls — Calls Notifier</source>
            <translation>Calls — Calls Notifier</translation>
        </message>
        <message>
            <source>&amp;Status:</source>
            <translation>&amp;Status:</translation>
        </message>
        <message>
            <source>S&amp;core:</source>
            <translation>S&amp;core:</translation>
        </message>
        <message>
            <source>Low</source>
            <translation>Low</translation>
        </message>
        <message>
            <source>Regular</source>
            <translation>Regular</translation>
        </message>
        <message>
            <source>Excellent</source>
            <translation>Excellent</translation>
        </message>
        <message>
            <source>Not scored</source>
            <translation>Not scored</translation>
        </message>
        <message>
            <source>Team's calls</source>
            <translation>Team's calls</translation>
        </message>
        <message>
            <source>My calls</source>
            <translation>My calls</translation>
        </message>
        <message>
            <source>Calls</source>
            <translation>Calls</translation>
        </message>
        <message>
            <source>Today's calls, newest first</source>
            <translation>Today's calls, newest first</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Shows only the calls in this status</source>
            <translation>Shows only the calls in this status</translation>
        </message>
        <message>
            <source>Score</source>
            <translation>Score</translation>
        </message>
        <message>
            <source>Shows only the calls in this score band</source>
            <translation>Shows only the calls in this score band</translation>
        </message>
        <message>
            <source>Whose calls</source>
            <translation>Whose calls</translation>
        </message>
        <message>
            <source>Only my calls, or the team's</source>
            <translation>Only my calls, or the team's</translation>
        </message>
        <message>
            <source>No calls to show with these filters.</source>
            <translation>No calls to show with these filters.</translation>
        </message>
    </context>
    <context>
        <name>CallsModel</name>
        <message>
            <source>Time</source>
            <translation>Time</translation>
        </message>
        <message>
            <source>Company</source>
            <translation>Company</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Score</source>
            <translation>Score</translation>
        </message>
        <message>
            <source>Analysis</source>
            <translation>Analysis</translation>
        </message>
    </context>
    <context>
        <name>ClaimBar</name>
        <message>
            <source>I'll call back</source>
            <translation>I'll call back</translation>
        </message>
        <message>
            <source>%1 will call back</source>
            <translation>%1 will call back</translation>
        </message>
    </context>
    <context>
        <name>CommentsPanel</name>
        <message>
            <source>Sending…</source>
            <translation>Sending…</translation>
        </message>
        <message>
            <source>Send</source>
            <translation>Send</translation>
        </message>
        <message>
            <source>The comment could not be sent: %1</source>
            <translation>The comment could not be sent: %1</translation>
        </message>
        <message>
            <source>Comments</source>
            <translation>Comments</translation>
        </message>
        <message>
            <source>Not live in this window: the server refused the call's room. New comments, and who else has the call open, show when you open it again.</source>
            <translation>Not live in this window: the server refused the call's room. New comments, and who else has the call open, show when you open it again.</translation>
        </message>
        <message>
            <source>Also here: %1</source>
            <translation>Also here: %1</translation>
        </message>
        <message>
            <source>Nobody else has this call open.</source>
            <translation>Nobody else has this call open.</translation>
        </message>
        <message>
            <source>No comments yet.</source>
            <translation>No comments yet.</translation>
        </message>
        <message>
            <source>Write a comment…</source>
            <translation>Write a comment…</translation>
        </message>
        <message>
            <source>Comments of this call</source>
            <translation>Comments of this call</translation>
        </message>
        <message>
            <source>A comment, in plain text</source>
            <translation>A comment, in plain text</translation>
        </message>
        <message>
            <source>Sends the comment to all who see this call</source>
            <translation>Sends the comment to all who see this call</translation>
        </message>
    </context>
    <context>
        <name>DashboardWindow</name>
        <message>
            <source>Reading today's calls…</source>
            <translation>Reading today's calls…</translation>
        </message>
        <message>
            <source>Live · read from the server at %1</source>
            <translation>Live · read from the server at %1</translation>
        </message>
        <message>
            <source>Dashboard — Calls Notifier</source>
            <translation>Dashboard — Calls Notifier</translation>
        </message>
        <message>
            <source>Calls today</source>
            <translation>Calls today</translation>
        </message>
        <message>
            <source>Active now</source>
            <translation>Active now</translation>
        </message>
        <message>
            <source>Missed</source>
            <translation>Missed</translation>
        </message>
        <message>
            <source>Average score</source>
            <translation>Average score</translation>
        </message>
        <message>
            <source>Low scores</source>
            <translation>Low scores</translation>
        </message>
        <message>
            <source>Regular scores</source>
            <translation>Regular scores</translation>
        </message>
        <message>
            <source>Excellent scores</source>
            <translation>Excellent scores</translation>
        </message>
        <message>
            <source>Analyses pending</source>
            <translation>Analyses pending</translation>
        </message>
        <message>
            <source>Analyses completed</source>
            <translation>Analyses completed</translation>
        </message>
        <message>
            <source>Calls per hour</source>
            <translation>Calls per hour</translation>
        </message>
    </context>
    <context>
        <name>DiagnosticsAction</name>
        <message>
            <source>Copying diagnostics…</source>
            <translation>Copying diagnostics…</translation>
        </message>
        <message>
            <source>Copy diagnostics</source>
            <translation>Copy diagnostics</translation>
        </message>
    </context>
    <context>
        <name>HistoryWindow</name>
        <message>
            <source>Alert history — Calls Notifier</source>
            <translation>Alert history — Calls Notifier</translation>
        </message>
        <message>
            <source>Search by company, kind or text…</source>
            <translation>Search by company, kind or text…</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>Time</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>Kind</translation>
        </message>
        <message>
            <source>Alert</source>
            <translation>Alert</translation>
        </message>
        <message>
            <source>Details</source>
            <translation>Details</translation>
        </message>
        <message>
            <source>Open call</source>
            <translation>Open call</translation>
        </message>
        <message>
            <source>Search alerts</source>
            <translation>Search alerts</translation>
        </message>
        <message>
            <source>Filters the list as you type, by company, kind or text (Ctrl+F).</source>
            <translation>Filters the list as you type, by company, kind or text (Ctrl+F).</translation>
        </message>
        <message>
            <source>Alerts</source>
            <translation>Alerts</translation>
        </message>
        <message>
            <source>Recent alerts, newest first. Enter opens the selected alert's call.</source>
            <translation>Recent alerts, newest first. Enter opens the selected alert's call.</translation>
        </message>
        <message>
            <source>Opens the call of the selected alert.</source>
            <translation>Opens the call of the selected alert.</translation>
        </message>
        <message>
            <source>Number of alerts</source>
            <translation>Number of alerts</translation>
        </message>
        <message>
            <source>How many alerts are listed.</source>
            <translation>How many alerts are listed.</translation>
        </message>
        <message>
            <source>%m/%d %H:%M:%S</source>
            <comment>strftime format of a date and time</comment>
            <translation>%m/%d %H:%M:%S</translation>
        </message>
        <message>
            <source>No alerts yet. New alerts will appear here.</source>
            <translation>No alerts yet. New alerts will appear here.</translation>
        </message>
        <message>
            <source>No alert matches your search.</source>
            <translation>No alert matches your search.</translation>
        </message>
        <message numerus="yes">
            <source>%n alert(s)</source>
            <translation>
                <numerusform>%n alert</numerusform>
                <numerusform>%n alerts</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%1 of %n alert(s)</source>
            <translation>
                <numerusform>%1 of %n alert</numerusform>
                <numerusform>%1 of %n alerts</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>InsecureHttpOption</name>
        <message>
            <source>Allow a server without encryption (http://)</source>
            <translation>Allow a server without encryption (http://)</translation>
        </message>
        <message>
            <source>Lets you sign in to an http:// server; the data travels unencrypted.</source>
            <translation>Lets you sign in to an http:// server; the data travels unencrypted.</translation>
        </message>
        <message>
            <source>Over http:// your password and the calls' data travel unencrypted: anyone on the network path can read them. Use this only for your own server on a network you trust.</source>
            <translation>Over http:// your password and the calls' data travel unencrypted: anyone on the network path can read them. Use this only for your own server on a network you trust.</translation>
        </message>
    </context>
    <context>
        <name>Labels</name>
        <message>
            <source>Not configured</source>
            <translation>Not configured</translation>
        </message>
        <message>
            <source>Connecting…</source>
            <translation>Connecting…</translation>
        </message>
        <message>
            <source>Connected</source>
            <translation>Connected</translation>
        </message>
        <message>
            <source>Limited mode</source>
            <translation>Limited mode</translation>
        </message>
        <message>
            <source>Offline</source>
            <translation>Offline</translation>
        </message>
        <message>
            <source>Needs attention</source>
            <translation>Needs attention</translation>
        </message>
        <message>
            <source>Signed out</source>
            <translation>Signed out</translation>
        </message>
        <message>
            <source>Paused</source>
            <translation>Paused</translation>
        </message>
        <message>
            <source>New call</source>
            <translation>New call</translation>
        </message>
        <message>
            <source>Missed call</source>
            <translation>Missed call</translation>
        </message>
        <message>
            <source>Excellent score</source>
            <translation>Excellent score</translation>
        </message>
        <message>
            <source>Low score</source>
            <translation>Low score</translation>
        </message>
        <message>
            <source>Analysis completed</source>
            <translation>Analysis completed</translation>
        </message>
        <message>
            <source>New comment on my call</source>
            <translation>New comment on my call</translation>
        </message>
        <message>
            <source>no status</source>
            <translation>no status</translation>
        </message>
        <message>
            <source>new</source>
            <translation>new</translation>
        </message>
        <message>
            <source>ringing</source>
            <translation>ringing</translation>
        </message>
        <message>
            <source>in progress</source>
            <translation>in progress</translation>
        </message>
        <message>
            <source>processing</source>
            <translation>processing</translation>
        </message>
        <message>
            <source>transcribed</source>
            <translation>transcribed</translation>
        </message>
        <message>
            <source>completed</source>
            <translation>completed</translation>
        </message>
        <message>
            <source>missed</source>
            <translation>missed</translation>
        </message>
        <message>
            <source>failed</source>
            <translation>failed</translation>
        </message>
        <message>
            <source>AI: waiting</source>
            <translation>AI: waiting</translation>
        </message>
        <message>
            <source>AI: analyzing</source>
            <translation>AI: analyzing</translation>
        </message>
        <message>
            <source>AI: completed</source>
            <translation>AI: completed</translation>
        </message>
        <message>
            <source>AI: failed</source>
            <translation>AI: failed</translation>
        </message>
        <message>
            <source>AI: %1</source>
            <translation>AI: %1</translation>
        </message>
        <message>
            <source>No score</source>
            <translation>No score</translation>
        </message>
        <message>
            <source>Analyzing...</source>
            <translation>Analyzing...</translation>
        </message>
        <message>
            <source>yes</source>
            <translation>yes</translation>
        </message>
        <message>
            <source>no</source>
            <translation>no</translation>
        </message>
    </context>
    <context>
        <name>ProxyForm</name>
        <message>
            <source>System</source>
            <translation>System</translation>
        </message>
        <message>
            <source>None</source>
            <translation>None</translation>
        </message>
        <message>
            <source>Manual</source>
            <translation>Manual</translation>
        </message>
        <message>
            <source>Proxy</source>
            <translation>Proxy</translation>
        </message>
        <message>
            <source>Proxy address</source>
            <translation>Proxy address</translation>
        </message>
        <message>
            <source>User (optional)</source>
            <translation>User (optional)</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>Password</translation>
        </message>
        <message>
            <source>kept in the system keyring</source>
            <translation>kept in the system keyring</translation>
        </message>
        <message>
            <source>Test proxy</source>
            <translation>Test proxy</translation>
        </message>
        <message>
            <source>Which proxy the app connects through: the system's, none, or one of yours</source>
            <translation>Which proxy the app connects through: the system's, none, or one of yours</translation>
        </message>
        <message>
            <source>The address and port of your proxy, e.g. http://proxy:3128</source>
            <translation>The address and port of your proxy, e.g. http://proxy:3128</translation>
        </message>
        <message>
            <source>Proxy user</source>
            <translation>Proxy user</translation>
        </message>
        <message>
            <source>The user name, for a proxy that asks for one</source>
            <translation>The user name, for a proxy that asks for one</translation>
        </message>
        <message>
            <source>Proxy password</source>
            <translation>Proxy password</translation>
        </message>
        <message>
            <source>The proxy's password, kept in the system keyring</source>
            <translation>The proxy's password, kept in the system keyring</translation>
        </message>
        <message>
            <source>Checks whether the server answers through this proxy</source>
            <translation>Checks whether the server answers through this proxy</translation>
        </message>
    </context>
    <context>
        <name>SettingsDialog</name>
        <message>
            <source>Settings — %1</source>
            <translation>Settings — %1</translation>
        </message>
        <message>
            <source>Account</source>
            <translation>Account</translation>
        </message>
        <message>
            <source>Alerts</source>
            <translation>Alerts</translation>
        </message>
        <message>
            <source>General</source>
            <translation>General</translation>
        </message>
        <message>
            <source>Team</source>
            <translation>Team</translation>
        </message>
        <message>
            <source>Start when I log in</source>
            <translation>Start when I log in</translation>
        </message>
        <message>
            <source>Language</source>
            <translation>Language</translation>
        </message>
        <message>
            <source>The new language applies as soon as you click OK.</source>
            <translation>The new language applies as soon as you click OK.</translation>
        </message>
        <message>
            <source>Live source</source>
            <translation>Live source</translation>
        </message>
        <message>
            <source>Broadcast scales to large teams; the server needs resources/sql/006_broadcast.sql. Ably needs 007_ably_outbox.sql, its publisher and token endpoint (see the README).</source>
            <translation>Broadcast scales to large teams; the server needs resources/sql/006_broadcast.sql. Ably needs 007_ably_outbox.sql, its publisher and token endpoint (see the README).</translation>
        </message>
        <message>
            <source>Settings sections</source>
            <translation>Settings sections</translation>
        </message>
        <message>
            <source>Account, alerts and general options; Ctrl+Tab switches between them.</source>
            <translation>Account, alerts and general options; Ctrl+Tab switches between them.</translation>
        </message>
        <message>
            <source>Starts Calls Notifier in the tray when you log in.</source>
            <translation>Starts Calls Notifier in the tray when you log in.</translation>
        </message>
        <message>
            <source>The language of the app; it applies when you click OK.</source>
            <translation>The language of the app; it applies when you click OK.</translation>
        </message>
        <message>
            <source>What carries the changes of your calls to this computer.</source>
            <translation>What carries the changes of your calls to this computer.</translation>
        </message>
        <message>
            <source>OK</source>
            <translation>OK</translation>
        </message>
        <message>
            <source>Saves and closes.</source>
            <translation>Saves and closes.</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Closes without saving (Esc).</source>
            <translation>Closes without saving (Esc).</translation>
        </message>
        <message>
            <source>Starting at login is not available on this system.</source>
            <translation>Starting at login is not available on this system.</translation>
        </message>
    </context>
    <context>
        <name>SignInChoices</name>
        <message>
            <source>Sign in with %1</source>
            <translation>Sign in with %1</translation>
        </message>
        <message>
            <source>Send code</source>
            <translation>Send code</translation>
        </message>
        <message>
            <source>Sign in</source>
            <translation>Sign in</translation>
        </message>
        <message>
            <source>Sign in with</source>
            <translation>Sign in with</translation>
        </message>
        <message>
            <source>Email</source>
            <translation>Email</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>Password</translation>
        </message>
        <message>
            <source>Code</source>
            <translation>Code</translation>
        </message>
        <message>
            <source>you@company.com</source>
            <translation>you@company.com</translation>
        </message>
        <message>
            <source>Send a new code</source>
            <translation>Send a new code</translation>
        </message>
        <message>
            <source>Password, a code sent by e-mail, or a provider in the browser.</source>
            <translation>Password, a code sent by e-mail, or a provider in the browser.</translation>
        </message>
        <message>
            <source>The 6 digits from the e-mail.</source>
            <translation>The 6 digits from the e-mail.</translation>
        </message>
        <message>
            <source>E-mails a new code; the previous one stops working.</source>
            <translation>E-mails a new code; the previous one stops working.</translation>
        </message>
        <message>
            <source>Code sent by email</source>
            <translation>Code sent by email</translation>
        </message>
        <message>
            <source>%1 (in the browser)</source>
            <translation>%1 (in the browser)</translation>
        </message>
    </context>
    <context>
        <name>TeamForm</name>
        <message>
            <source>Missed calls nobody took</source>
            <translation>Missed calls nobody took</translation>
        </message>
        <message>
            <source>Alert again every</source>
            <translation>Alert again every</translation>
        </message>
        <message>
            <source>Escalate to team leads after</source>
            <translation>Escalate to team leads after</translation>
        </message>
        <message>
            <source> min</source>
            <comment>minutes</comment>
            <translation> min</translation>
        </message>
        <message>
            <source>never</source>
            <translation>never</translation>
        </message>
        <message>
            <source>Hide company and score while I'm on a call</source>
            <translation>Hide company and score while I'm on a call</translation>
        </message>
        <message>
            <source>Play a sound for</source>
            <translation>Play a sound for</translation>
        </message>
        <message>
            <source>Play this kind's sound with its toast.</source>
            <translation>Play this kind's sound with its toast.</translation>
        </message>
        <message>
            <source>An unclaimed missed call alerts again this often, until someone acts.</source>
            <translation>An unclaimed missed call alerts again this often, until someone acts.</translation>
        </message>
        <message>
            <source>Team leads are alerted when a missed call stays unclaimed this long.</source>
            <translation>Team leads are alerted when a missed call stays unclaimed this long.</translation>
        </message>
        <message>
            <source>While your own call is in progress, alerts show only their kind, silently.</source>
            <translation>While your own call is in progress, alerts show only their kind, silently.</translation>
        </message>
    </context>
    <context>
        <name>TrayController</name>
        <message>
            <source>%m/%d %H:%M</source>
            <comment>strftime format of a date and time</comment>
            <translation>%m/%d %H:%M</translation>
        </message>
        <message>
            <source>Paused until %1</source>
            <translation>Paused until %1</translation>
        </message>
        <message numerus="yes">
            <source>%n active call(s)</source>
            <translation>
                <numerusform>%n active call</numerusform>
                <numerusform>%n active calls</numerusform>
            </translation>
        </message>
        <message>
            <source>no active calls</source>
            <translation>no active calls</translation>
        </message>
        <message numerus="yes">
            <source>%n new</source>
            <comment>tooltip: unread alerts</comment>
            <translation>
                <numerusform>%n new</numerusform>
                <numerusform>%n new</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n more alert(s) — open history…</source>
            <translation>
                <numerusform>%n more alert — open history…</numerusform>
                <numerusform>%n more alerts — open history…</numerusform>
            </translation>
        </message>
        <message>
            <source>No recent alerts</source>
            <translation>No recent alerts</translation>
        </message>
        <message>
            <source>I'll call back</source>
            <translation>I'll call back</translation>
        </message>
        <message>
            <source>%1 will call back</source>
            <translation>%1 will call back</translation>
        </message>
        <message numerus="yes">
            <source>%n alert(s) held by do-not-disturb — in the inbox</source>
            <translation>
                <numerusform>%n alert held by do-not-disturb — in the inbox</numerusform>
                <numerusform>%n alerts held by do-not-disturb — in the inbox</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n new alert(s) — mark as read</source>
            <translation>
                <numerusform>%n new alert — mark as read</numerusform>
                <numerusform>%n new alerts — mark as read</numerusform>
            </translation>
        </message>
        <message>
            <source>Recent alerts</source>
            <translation>Recent alerts</translation>
        </message>
        <message>
            <source>History…</source>
            <translation>History…</translation>
        </message>
        <message>
            <source>Pause notifications</source>
            <translation>Pause notifications</translation>
        </message>
        <message>
            <source>For 1 hour</source>
            <translation>For 1 hour</translation>
        </message>
        <message>
            <source>Until tomorrow</source>
            <translation>Until tomorrow</translation>
        </message>
        <message>
            <source>Resume notifications</source>
            <translation>Resume notifications</translation>
        </message>
        <message>
            <source>Reconnect now</source>
            <translation>Reconnect now</translation>
        </message>
        <message>
            <source>Settings…</source>
            <translation>Settings…</translation>
        </message>
        <message>
            <source>Quit</source>
            <translation>Quit</translation>
        </message>
    </context>
    <context>
        <name>ViewsActions</name>
        <message>
            <source>Dashboard</source>
            <translation>Dashboard</translation>
        </message>
        <message>
            <source>Today's calls</source>
            <translation>Today's calls</translation>
        </message>
    </context>
    <context>
        <name>WelcomePanel</name>
        <message>
            <source>Welcome to %1</source>
            <translation>Welcome to %1</translation>
        </message>
        <message>
            <source>An alert the moment a call starts, is missed or gets its score.
Click it for the call's scorecard, insights and transcription.</source>
            <translation>An alert the moment a call starts, is missed or gets its score.
Click it for the call's scorecard, insights and transcription.</translation>
        </message>
        <message>
            <source>Try it with demonstration data</source>
            <translation>Try it with demonstration data</translation>
        </message>
        <message>
            <source>or sign in to your team's Supabase project below.</source>
            <translation>or sign in to your team's Supabase project below.</translation>
        </message>
        <message>
            <source>Windows hides alerts while Focus Assist is on, during presentations and full-screen apps. To let missed calls through: Settings → System → Focus assist → Customize priority list → Add an app → %1.</source>
            <translation>Windows hides alerts while Focus Assist is on, during presentations and full-screen apps. To let missed calls through: Settings → System → Focus assist → Customize priority list → Add an app → %1.</translation>
        </message>
        <message>
            <source>Starts a local demonstration server with simulated calls and signs in to it.</source>
            <translation>Starts a local demonstration server with simulated calls and signs in to it.</translation>
        </message>
    </context>
</TS>
