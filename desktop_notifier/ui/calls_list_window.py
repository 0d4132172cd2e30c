"""`CallsListWindow`: today's calls (older ones as it is scrolled to the end), newest first.

It shows what it is told through its `CallsModel` and asks for the rest by signals: a row
double-clicked (or Enter) asks for its call's window, the "📞 N new call(s) — click to mark as
read" banner (the phone is its icon; the same count as the tray's) asks to mark them read, the
end of the list asks for older calls. The filters (status, score band, mine or the team's)
apply at once.
"""

from __future__ import annotations

from datetime import tzinfo

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_notifier.alerts import AlertKind
from desktop_notifier.ui.accessible import closes_on_escape, describe
from desktop_notifier.ui.calls_model import ANY, BANDS, COMPANY, ID_ROLE, CallsModel, Filter
from desktop_notifier.ui.colors import AMBER, MUTED_TEXT
from desktop_notifier.ui.icons import app_icon, kind_icon
from desktop_notifier.ui.labels import status_label

ROW_HEIGHT = 26
OLDER_MARGIN = 20  # rows from the end at which older calls are asked for


class CallsListWindow(QWidget):
    open_call_requested = Signal(str)
    mark_read_requested = Signal()
    older_requested = Signal()
    filter_changed = Signal()

    def __init__(self, zone: tzinfo | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callsListWindow")
        self.setWindowIcon(app_icon())
        self.setMinimumSize(620, 420)
        self.resize(820, 560)
        self.model = CallsModel(zone)
        self._unread = 0
        self._statuses: list[str] = []

        self.banner = QPushButton(self)
        self.banner.setObjectName("newCallsBanner")
        self.banner.setFlat(True)
        self.banner.setCursor(Qt.CursorShape.PointingHandCursor)
        fg, bg = AMBER
        self.banner.setStyleSheet(
            f"QPushButton {{ color: {fg}; background: {bg}; border-radius: 6px; padding: 6px;"
            " font-weight: bold; text-align: left; }"
        )
        self.banner.setIcon(kind_icon(AlertKind.NEW_CALL))
        self.banner.clicked.connect(lambda: self.mark_read_requested.emit())
        self.banner.hide()

        self.status = QComboBox(self)
        self.status.setObjectName("statusFilter")
        self.band = QComboBox(self)
        self.band.setObjectName("bandFilter")
        self.whose = QComboBox(self)
        self.whose.setObjectName("whoseFilter")
        for box in (self.status, self.band, self.whose):
            box.currentIndexChanged.connect(self._on_filter)
        self.count = QLabel(self)
        self.count.setObjectName("count")
        self.count.setStyleSheet(f"color: {MUTED_TEXT};")
        filters = QHBoxLayout()
        self.status_label, self.band_label = QLabel(self), QLabel(self)
        for label, box in ((self.status_label, self.status), (self.band_label, self.band)):
            label.setBuddy(box)
            filters.addWidget(label)
            filters.addWidget(box)
        filters.addWidget(self.whose)
        filters.addStretch(1)
        filters.addWidget(self.count)

        self.view = QTableView(self)
        self.view.setObjectName("calls")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        rows = self.view.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row measuring
        rows.setDefaultSectionSize(ROW_HEIGHT)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COMPANY, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 100), (2, 130), (3, 60), (4, 140)):
            header.resizeSection(column, width)
        self.view.doubleClicked.connect(self._open)
        self.view.activated.connect(self._open)
        self.view.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self.model.modelReset.connect(self._refresh_count)
        self.model.rowsInserted.connect(self._refresh_count)

        self.empty = QLabel(self)
        self.empty.setObjectName("empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet(f"color: {MUTED_TEXT}; padding: 24px;")
        self.empty.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(filters)
        layout.addWidget(self.empty)
        layout.addWidget(self.view, 1)
        closes_on_escape(self)
        self._retranslate()

    # --- what the window is told ---------------------------------------------------------

    def set_unread(self, count: int) -> None:
        """The tray's count of new calls: the banner shows it, and hides at zero."""
        self._unread = max(0, count)
        self._refresh_banner()
        self.banner.setVisible(self._unread > 0)

    def set_me(self, user_id: str | None) -> None:
        self._me = user_id
        self._on_filter()

    def refresh_statuses(self) -> None:
        """Offer the statuses the list holds (a team's own ones too) in the status filter."""
        statuses = self.model.statuses()
        if statuses == self._statuses:
            return
        current = self.status.currentData()
        self._statuses = statuses
        self.status.blockSignals(True)
        self.status.clear()
        self.status.addItem(self.tr("All"), ANY)
        for status in statuses:
            self.status.addItem(status_label(status), status)
        at = self.status.findData(current)
        self.status.setCurrentIndex(max(at, 0))
        self.status.blockSignals(False)

    # --- inside ----------------------------------------------------------------------------

    def _on_filter(self, _index: int = 0) -> None:
        wanted = Filter(
            status=str(self.status.currentData() or ANY),
            band=str(self.band.currentData() or ANY),
            mine_only=bool(self.whose.currentData()),
        )
        self.model.set_filter(wanted, getattr(self, "_me", None))
        self.filter_changed.emit()

    def _open(self, index: QModelIndex) -> None:
        call_id = self.model.data(self.model.index(index.row(), 0), ID_ROLE)
        if isinstance(call_id, str):
            self.open_call_requested.emit(call_id)

    def _on_scrolled(self, value: int) -> None:
        bar = self.view.verticalScrollBar()
        if bar.maximum() > 0 and value >= bar.maximum() - OLDER_MARGIN:
            self.older_requested.emit()

    def _refresh_count(self, *_: object) -> None:
        rows = self.model.rowCount()
        self.count.setText(self.tr("%n call(s)", "", rows))
        self.empty.setVisible(rows == 0)

    def _refresh_banner(self) -> None:
        # the "📞" is the icon: the desktop's fonts may lack the emoji (ui/plain.py)
        text = self.tr("%n new call(s) — click to mark as read", "", self._unread)
        self.banner.setText(text)
        describe(self.banner, text, self.tr("Marks the new calls as read, here and in the tray"))

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Calls — Calls Notifier"))
        self.status_label.setText(self.tr("&Status:"))
        self.band_label.setText(self.tr("S&core:"))
        self._statuses = ["(refill)"]
        self.refresh_statuses()
        for box, items in (
            (
                self.band,
                [(self.tr("All"), ANY), (self.tr("Low"), BANDS[0]), (self.tr("Regular"), BANDS[1]),
                 (self.tr("Excellent"), BANDS[2]), (self.tr("Not scored"), BANDS[3])],
            ),
            (self.whose, [(self.tr("Team's calls"), False), (self.tr("My calls"), True)]),
        ):  # fmt: skip
            at = max(box.currentIndex(), 0)
            box.blockSignals(True)
            box.clear()
            for text, data in items:
                box.addItem(text, data)
            box.setCurrentIndex(at)
            box.blockSignals(False)
        describe(self.view, self.tr("Calls"), self.tr("Today's calls, newest first"))
        describe(self.status, self.tr("Status"), self.tr("Shows only the calls in this status"))
        describe(self.band, self.tr("Score"), self.tr("Shows only the calls in this score band"))
        describe(self.whose, self.tr("Whose calls"), self.tr("Only my calls, or the team's"))
        self.empty.setText(self.tr("No calls to show with these filters."))
        self._refresh_banner()
        self._refresh_count()
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 4)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() is QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
