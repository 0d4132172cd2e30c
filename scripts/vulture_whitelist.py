# Names scripts/deadcode.py (vulture) cannot see used; each line says who uses it.
# ruff: noqa: B018, F821
_.nativeEventFilter  # Qt override: QAbstractNativeEventFilter (system/power/windows.py)
_.filterAcceptsRow  # Qt override: QSortFilterProxyModel (ui/history_window.py)
_._on_prepare_for_sleep  # Qt slot connected by its SLOT() signature (system/power/linux.py)
_.levelno  # set on a logging.LogRecord (profile/log_hygiene.py)
_.levelname  # set on a logging.LogRecord (profile/log_hygiene.py)
_.EXCLUDED_MODULES  # read by installer/desktop-notifier.spec
_.PYTHON_PIN_ENV  # read by installer/desktop-notifier.spec
_._renewing  # holds the reconnect task: asyncio keeps only a weak reference (connection/session.py)
_.paintEvent  # Qt override: QWidget (ui/day_chart.py)
_.ws_connect  # ably's websocket opener, swapped by sync/ably_websocket.py guard_ably_websocket
_._authorizing  # holds the renewal task: asyncio keeps only a weak reference (sync/ably_link.py)
