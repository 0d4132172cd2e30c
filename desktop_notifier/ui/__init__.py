"""Qt widgets of Calls Notifier: tray, call window, settings dialog, history window.

Widgets are built in code, expose signals and setters, and never fetch, store or decide: the
composition root (`app.tray_app`) feeds them data and reacts to their signals. All database text is
shown as plain text; all widget text goes through Qt's translation system.
"""
