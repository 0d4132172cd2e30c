"""`CallsModel`: the calls list's Qt table model, newest first, virtualised for 100,000 rows.

Rows are kept oldest first internally, so a new call is an append (shown at the top) and an
update finds its row through an id → position map without shifting the others. Filters (a
status, a score band, only mine) keep a list of the visible positions; a change that moves a
row in or out of the filter updates it. Highlighted rows (new since the last "mark as read")
are drawn bold on a tinted background. Company names are shown as plain, single-line text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import tzinfo
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop_notifier.events.day import DayCall
from desktop_notifier.ui.colors import AMBER, score_colors, status_colors
from desktop_notifier.ui.labels import ai_status_label, status_label, translate
from desktop_notifier.ui.plain import single_line

Index = QModelIndex | QPersistentModelIndex
TIME, COMPANY, STATUS, SCORE, AI = range(5)
ANY = ""
BANDS = ("low", "regular", "high", "none")
ID_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class Filter:
    status: str = ANY  # a status, or ANY
    band: str = ANY  # one of BANDS, or ANY
    mine_only: bool = False


class CallsModel(QAbstractTableModel):
    def __init__(self, zone: tzinfo | None = None) -> None:
        super().__init__()
        self._zone = zone
        self._rows: list[DayCall] = []  # oldest first
        self._pos: dict[str, int] = {}
        self._visible: list[int] | None = None  # positions in _rows, oldest first; None: all
        self._filter = Filter()
        self._me: str | None = None
        self._low, self._high = 30, 90
        self._highlighted: set[str] = set()
        self._bold = QFont()
        self._bold.setBold(True)
        self._tint = QBrush(QColor(AMBER[1]))

    # --- what the list is told -----------------------------------------------------------

    def set_rows(self, newest_first: Sequence[DayCall]) -> None:
        self.beginResetModel()
        self._rows = list(reversed(newest_first))
        self._pos = {call.id: i for i, call in enumerate(self._rows)}
        self._visible = self._filtered()
        self.endResetModel()

    def add_older(self, newest_first: Sequence[DayCall]) -> None:
        """A page older than every row (scrolled to the end): shown at the bottom."""
        older = [c for c in reversed(newest_first) if c.id not in self._pos]
        if older:
            self.beginResetModel()  # rare: a page per scroll to the end
            self._rows = older + self._rows
            self._pos = {call.id: i for i, call in enumerate(self._rows)}
            self._visible = self._filtered()
            self.endResetModel()

    def upsert(self, calls: Iterable[DayCall], *, highlight: bool, insert: bool = True) -> None:
        """Known calls updated in place; new ones (when `insert`) on top, highlighted when
        `highlight`."""
        fresh: list[DayCall] = []
        for call in calls:
            at = self._pos.get(call.id)
            if at is None:
                fresh.append(call)
            else:
                self._replace(at, call)
        if not fresh or not insert:
            return
        if highlight:
            self._highlighted.update(c.id for c in fresh)
        start = len(self._rows)
        shown = [start + i for i, c in enumerate(fresh) if self._passes(c)]
        if shown:  # shown on top: display rows 0 … k-1
            self.beginInsertRows(QModelIndex(), 0, len(shown) - 1)
        for i, call in enumerate(fresh):
            self._pos[call.id] = start + i
        self._rows.extend(fresh)
        if self._visible is not None:
            self._visible.extend(shown)
        if shown:
            self.endInsertRows()

    def remove(self, call_id: str) -> None:
        if call_id not in self._pos:
            return
        self.beginResetModel()  # rare (a deleted call)
        self._rows = [c for c in self._rows if c.id != call_id]
        self._pos = {call.id: i for i, call in enumerate(self._rows)}
        self._visible = self._filtered()
        self._highlighted.discard(call_id)
        self.endResetModel()

    def set_filter(self, wanted: Filter, me: str | None) -> None:
        self.beginResetModel()
        self._filter, self._me = wanted, me
        self._visible = self._filtered()
        self.endResetModel()

    def set_score_bands(self, low: int, high: int) -> None:
        self._low, self._high = low, high
        self.set_filter(self._filter, self._me)

    def clear_highlights(self) -> None:
        self._highlighted.clear()
        self._changed_all()

    def statuses(self) -> list[str]:
        return sorted({c.status for c in self._rows if c.status})

    def oldest(self) -> DayCall | None:
        return self._rows[0] if self._rows else None

    def call_at(self, row: int) -> DayCall | None:
        at = self._position(row)
        return None if at is None else self._rows[at]

    # --- Qt's side -----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        if parent.isValid():
            return 0
        return len(self._rows) if self._visible is None else len(self._visible)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is not Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        names = (
            translate("CallsModel", "Time"),
            translate("CallsModel", "Company"),
            translate("CallsModel", "Status"),
            translate("CallsModel", "Score"),
            translate("CallsModel", "Analysis"),
        )
        return names[section] if 0 <= section < len(names) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        call = self.call_at(index.row()) if index.isValid() else None
        if call is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(call, column)
        if role == ID_ROLE:
            return call.id
        if role == Qt.ItemDataRole.FontRole and call.id in self._highlighted:
            return self._bold
        if role == Qt.ItemDataRole.BackgroundRole and call.id in self._highlighted:
            return self._tint
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == STATUS:
                return QBrush(QColor(status_colors(call.status)[0]))
            if column == SCORE and call.score is not None:
                return QBrush(QColor(score_colors(call.score, self._low, self._high)[0]))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == SCORE:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    # --- inside ----------------------------------------------------------------------------

    def _text(self, call: DayCall, column: int) -> str:
        if column == TIME:
            if call.created_at is None:
                return "—"
            return call.created_at.astimezone(self._zone).strftime("%d/%m %H:%M")
        if column == COMPANY:
            return single_line(call.company_name, 80) or "—"
        if column == STATUS:
            return status_label(call.status)
        if column == SCORE:
            return "—" if call.score is None else str(call.score)
        return ai_status_label(call.ai_status)

    def _position(self, row: int) -> int | None:
        count = self.rowCount()
        if not 0 <= row < count:
            return None
        flipped = count - 1 - row
        return flipped if self._visible is None else self._visible[flipped]

    def _display_row(self, at: int) -> int | None:
        if self._visible is None:
            return len(self._rows) - 1 - at
        from bisect import bisect_left

        i = bisect_left(self._visible, at)
        if i < len(self._visible) and self._visible[i] == at:
            return len(self._visible) - 1 - i
        return None

    def _replace(self, at: int, call: DayCall) -> None:
        before = self._display_row(at)
        self._rows[at] = call
        passes = self._passes(call)
        if before is not None and passes:
            self.dataChanged.emit(self.index(before, 0), self.index(before, 4))
        elif before is not None or passes:  # it entered or left the filter
            self.beginResetModel()
            self._visible = self._filtered()
            self.endResetModel()

    def _changed_all(self) -> None:
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, 4))

    def _filtered(self) -> list[int] | None:
        if self._filter == Filter():
            return None
        return [i for i, call in enumerate(self._rows) if self._passes(call)]

    def _passes(self, call: DayCall) -> bool:
        wanted = self._filter
        if wanted.status and (call.status or "") != wanted.status:
            return False
        if wanted.mine_only and call.owner_id != self._me:
            return False
        if wanted.band:
            return band_of(call.score, self._low, self._high) == wanted.band
        return True


def band_of(score: int | None, low: int, high: int) -> str:
    if score is None:
        return "none"
    return "low" if score <= low else "high" if score >= high else "regular"
