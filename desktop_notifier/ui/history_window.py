"""`HistoryWindow`: recent alerts in a searchable list; opening one asks for its call.

Search filters as you type, ignoring case and accents ("analise" finds "Análise"). All text is
plain: rows live in a QStandardItemModel shown by the default delegate, which never interprets
markup.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop_notifier.alerts import Alert, AlertKind
from desktop_notifier.ui.accessible import closes_on_escape, describe
from desktop_notifier.ui.colors import MUTED_TEXT
from desktop_notifier.ui.icons import app_icon, kind_icon
from desktop_notifier.ui.labels import kind_label
from desktop_notifier.ui.plain import single_line, without_leading_symbols

CALL_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2
KIND_ROLE = Qt.ItemDataRole.UserRole + 3
_TABLE, _EMPTY = 0, 1


def fold(text: str) -> str:
    """Lower-case, accent-free form used for matching."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


class _AlertFilter(QSortFilterProxyModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._needle = ""

    def set_needle(self, text: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.9
            self.beginFilterChange()
            self._needle = fold(text.strip())
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older PySide6
            self._needle = fold(text.strip())
            self.invalidateRowsFilter()

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        if not self._needle:
            return True
        index = self.sourceModel().index(source_row, 0, source_parent)
        haystack = index.data(SEARCH_ROLE)
        return isinstance(haystack, str) and all(word in haystack for word in self._needle.split())


class HistoryWindow(QWidget):
    open_call_requested = Signal(str)
    open_comments_requested = Signal(str)  # a comment alert's call, on its Comments tab

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyWindow")
        self.setWindowIcon(app_icon())
        self.setMinimumSize(560, 420)
        self.resize(760, 520)
        self._alerts: list[Alert] = []

        self.search = QLineEdit(self)
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_search_changed)
        self.model = QStandardItemModel(0, 4, self)
        self.proxy = _AlertFilter(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTreeView(self)
        self.view.setObjectName("alerts")
        self.view.setModel(self.proxy)
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setStyleSheet("QTreeView::item { padding: 4px 4px; }")
        header = self.view.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        self.view.doubleClicked.connect(self._open)
        self.view.installEventFilter(self)
        self.view.selectionModel().selectionChanged.connect(self._refresh_buttons)
        self.view.selectionModel().currentChanged.connect(self._refresh_buttons)
        self.empty = QLabel(self)
        self.empty.setObjectName("empty")
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet(f"color: {MUTED_TEXT};")
        self._stack = QStackedWidget(self)
        self._stack.addWidget(self.view)
        self._stack.addWidget(self.empty)
        self.count = QLabel(self)
        self.count.setObjectName("count")
        self.count.setTextFormat(Qt.TextFormat.PlainText)
        self.count.setStyleSheet(f"color: {MUTED_TEXT};")
        self.open_button = QPushButton(self)
        self.open_button.setObjectName("openCall")
        self.open_button.clicked.connect(self._open_current)

        footer = QHBoxLayout()
        footer.addWidget(self.count, 1)
        footer.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(10)
        layout.addWidget(self.search)
        layout.addWidget(self._stack, 1)
        layout.addLayout(footer)
        # Keyboard: Ctrl+F searches, Down goes from the search to the list, Enter opens the
        # selected call, Esc closes; Tab walks search → list → "Open call".
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.activated.connect(self._focus_search)
        self.search.installEventFilter(self)
        closes_on_escape(self)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Alert history — Calls Notifier"))
        self.search.setPlaceholderText(self.tr("Search by company, kind or text…"))
        self.model.setHorizontalHeaderLabels(
            [self.tr("Time"), self.tr("Kind"), self.tr("Alert"), self.tr("Details")]
        )
        self.open_button.setText(self.tr("Open call"))
        describe(
            self.search,
            self.tr("Search alerts"),
            self.tr("Filters the list as you type, by company, kind or text (Ctrl+F)."),
        )
        describe(
            self.view,
            self.tr("Alerts"),
            self.tr("Recent alerts, newest first. Enter opens the selected alert's call."),
        )
        describe(
            self.open_button,
            self.tr("Open call"),
            self.tr("Opens the call of the selected alert."),
        )
        describe(self.count, self.tr("Number of alerts"), self.tr("How many alerts are listed."))
        self._fill()

    def set_alerts(self, alerts: list[Alert]) -> None:
        """Alerts to list, newest first."""
        self._alerts = list(alerts)
        self._fill()

    def visible_call_ids(self) -> list[str]:
        rows = range(self.proxy.rowCount())
        return [str(self.proxy.index(row, 0).data(CALL_ID_ROLE)) for row in rows]

    # -- internals --------------------------------------------------------------------------

    def _time_text(self, at: datetime) -> str:
        local = at.astimezone()
        return local.strftime(self.tr("%m/%d %H:%M:%S", "strftime format of a date and time"))

    def _row(self, alert: Alert) -> list[QStandardItem]:
        label = kind_label(alert.kind)
        title = single_line(without_leading_symbols(alert.title), 100)
        body = single_line(alert.body, 140)
        items = [
            QStandardItem(self._time_text(alert.at)),
            QStandardItem(kind_icon(alert.kind), label),
            QStandardItem(title),
            QStandardItem(body),
        ]
        items[0].setData(alert.call_id, CALL_ID_ROLE)
        items[0].setData(alert.kind.value, KIND_ROLE)
        items[0].setData(fold(" ".join((label, title, body, alert.company or ""))), SEARCH_ROLE)
        for item in items:
            item.setEditable(False)
        return items

    def _fill(self) -> None:
        self.model.removeRows(0, self.model.rowCount())
        for alert in self._alerts:
            self.model.appendRow(self._row(alert))
        if self.model.rowCount():
            self.view.header().resizeSection(2, 300)
        self._refresh()

    def _refresh(self) -> None:
        shown = self.proxy.rowCount()
        total = self.model.rowCount()
        if total == 0:
            self.empty.setText(self.tr("No alerts yet. New alerts will appear here."))
        else:
            self.empty.setText(self.tr("No alert matches your search."))
        self._stack.setCurrentIndex(_TABLE if shown else _EMPTY)
        if shown == total:
            self.count.setText(self.tr("%n alert(s)", "", total))
        else:
            self.count.setText(self.tr("%1 of %n alert(s)", "", total).replace("%1", str(shown)))
        self._refresh_buttons()

    def _refresh_buttons(self) -> None:
        self.open_button.setEnabled(
            self.view.currentIndex().isValid() and bool(self.proxy.rowCount())
        )

    def _on_search_changed(self, text: str) -> None:
        self.proxy.set_needle(text)
        self._refresh()

    def _open(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        call_id = index.siblingAtColumn(0).data(CALL_ID_ROLE)
        if isinstance(call_id, str) and call_id:
            if index.siblingAtColumn(0).data(KIND_ROLE) == AlertKind.CALL_COMMENT.value:
                self.open_comments_requested.emit(call_id)
            else:
                self.open_call_requested.emit(call_id)

    def _open_current(self) -> None:
        self._open(self.view.currentIndex())

    def _focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.search
            and event.type() is QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
            and self.proxy.rowCount()
        ):
            self.view.setFocus(Qt.FocusReason.TabFocusReason)
            if not self.view.currentIndex().isValid():
                self.view.setCurrentIndex(self.proxy.index(0, 0))
            return True
        if (
            watched is self.view
            and event.type() is QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._open_current()
            return True
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() is QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
