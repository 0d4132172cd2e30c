"""Qt translation catalogs of the widgets: `calls_notifier_<lang>.ts` (sources) and `.qm`.

Regenerate with `python -m desktop_notifier.i18n.build` after changing user-facing strings.
"""
