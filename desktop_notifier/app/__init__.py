"""The tray app: the composition root (`tray_app`), the settings flow, the call windows, the
diagnostics report, the launcher (one instance, deep links) and the demo.
"""
