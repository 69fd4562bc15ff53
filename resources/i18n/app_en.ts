<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AuditDialog</name>
    <message numerus="yes">
        <location filename="../../desktop/ui/audit_view.py" line="162"/>
        <source>%n event(s)</source>
        <translation>
            <numerusform>%n event</numerusform>
            <numerusform>%n events</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FixesDialog</name>
    <message numerus="yes">
        <location filename="../../desktop/ui/fixes_dialog.py" line="99"/>
        <source>%n open item(s) from the rental round</source>
        <translation>
            <numerusform>%n open item from the rental round</numerusform>
            <numerusform>%n open items from the rental round</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LedgerActions</name>
    <message numerus="yes">
        <location filename="../../desktop/ui/ledger_actions.py" line="98"/>
        <source>Exported %n person(s) to %1 (full ID numbers and phones; logged)</source>
        <translation>
            <numerusform>Exported %n person to %1 (full ID numbers and phones; logged)</numerusform>
            <numerusform>Exported %n people to %1 (full ID numbers and phones; logged)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <location filename="../../desktop/ui/main_window.py" line="268"/>
        <source>Waiting to sync: %n record(s)</source>
        <translation>
            <numerusform>Waiting to sync: %n record</numerusform>
            <numerusform>Waiting to sync: %n records</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RecordsDialog</name>
    <message numerus="yes">
        <location filename="../../desktop/ui/dashboard.py" line="77"/>
        <source>%n record(s)</source>
        <translation>
            <numerusform>%n record</numerusform>
            <numerusform>%n records</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RetentionDialog</name>
    <message numerus="yes">
        <location filename="../../desktop/ui/retention_dialog.py" line="82"/>
        <source>%n resident(s) due</source>
        <translation>
            <numerusform>%n resident due</numerusform>
            <numerusform>%n residents due</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/retention_dialog.py" line="96"/>
        <source>Remove the personal fields of %n resident(s)? This cannot be undone.</source>
        <translation>
            <numerusform>Remove the personal fields of %n resident? This cannot be undone.</numerusform>
            <numerusform>Remove the personal fields of %n residents? This cannot be undone.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SurveyActions</name>
    <message numerus="yes">
        <location filename="../../desktop/ui/survey_actions.py" line="228"/>
        <source>Building listed: %n room(s)</source>
        <translation>
            <numerusform>Building listed: %n room</numerusform>
            <numerusform>Building listed: %n rooms</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncPanel</name>
    <message numerus="yes">
        <location filename="../../desktop/ui/sync_panel.py" line="264"/>
        <source>Waiting to send: %n record(s)</source>
        <translation>
            <numerusform>Waiting to send: %n record</numerusform>
            <numerusform>Waiting to send: %n records</numerusform>
        </translation>
    </message>
</context>
</TS>
