"""A table model over a query of any size: sorted ids up front, rows fetched a page at a time.

On every filter or sort change the worker runs one query for the ordered rowids of every
matching row (40,000 integers take a few milliseconds) plus the first pages. The view then
knows the full row count, so the scroll bar is true; rows scrolled into view are fetched
by rowid a page at a time on the worker, and a bounded cache keeps memory flat at 100,000
rows. Nothing here touches the database on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from relocdesk.queries.lists import ListQuery

if TYPE_CHECKING:
    from relocdesk.desk import Desk
    from ui.tasks import TaskRunner

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's UUID
HOUSEHOLD_ROLE = Qt.ItemDataRole.UserRole + 2  # the household UUID of the row
PAGE = 100
FIRST_PAGES = 2
CACHE_ROWS = 6000

Rows = Mapping[int, Mapping[str, Any]]  # rowid -> row; a row has "id", maybe "household_id"


@dataclass(frozen=True)
class Column:
    key: str  # the column's name in the rows, and its sort key in the query
    title: str  # English source text, translated in context "columns"
    sortable: bool = True
    render: Callable[[Any], str] | None = None  # pure value -> text, runs on the GUI thread
    numeric: bool = False


@dataclass(frozen=True)
class Source:
    """What a lazy model lists: its columns and the two façade reads behind them."""

    columns: Sequence[Column]
    ids: Callable[[Desk, ListQuery], list[int]]  # the ordered rowids of every matching row
    rows: Callable[[Desk, Sequence[int]], Rows]  # the rows of some of those rowids


class LazyTableModel(QAbstractTableModel):
    loaded = Signal(int)  # row count, after each (re)load

    def __init__(self, tasks: TaskRunner, source: Source, parent: Any = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.source = source
        self.filters: dict[str, Any] = {}
        self.sort_key: str | None = None  # None: the list's own order
        self.sort_column = -1
        self.sort_order = Qt.SortOrder.AscendingOrder
        self._ids: list[int] = []
        self._rows: dict[int, Mapping[str, Any]] = {}
        self._pending: set[int] = set()
        self._generation = 0
        self.is_loaded = False

    # -- loading -------------------------------------------------------------------------
    def set_filters(self, filters: dict[str, Any]) -> None:
        self.filters = {k: v for k, v in filters.items() if v not in (None, "")}
        self.reload()

    def query(self) -> ListQuery:
        descending = self.sort_order == Qt.SortOrder.DescendingOrder
        return ListQuery(dict(self.filters), self.sort_key, descending)

    def reload(self) -> None:
        """Re-run the query on the worker; the view keeps showing old rows until it lands."""
        self._generation += 1
        generation = self._generation
        query, source = self.query(), self.source

        def first_pages(desk: Desk) -> tuple[list[int], Rows]:
            ids = source.ids(desk, query)
            return ids, source.rows(desk, ids[: PAGE * FIRST_PAGES])

        self.tasks.run_read(
            first_pages, lambda got: self._reset(generation, *got), key=f"lazy-model-{id(self)}"
        )

    def _reset(self, generation: int, ids: list[int], rows: Rows) -> None:
        if generation != self._generation:
            return
        self.beginResetModel()
        self._ids, self._rows = ids, dict(rows)
        self._pending.clear()
        self.endResetModel()
        self.is_loaded = True
        self.loaded.emit(len(ids))

    def _request(self, page: int) -> None:
        if page in self._pending:
            return
        self._pending.add(page)
        generation = self._generation
        wanted = [i for i in self._ids[page * PAGE : (page + 1) * PAGE] if i not in self._rows]
        rows_of = self.source.rows

        def got(rows: Rows) -> None:
            self._pending.discard(page)
            if generation != self._generation:
                return
            if len(self._rows) + len(rows) > CACHE_ROWS:
                self._rows.clear()  # memory stays flat; visible rows come back at once
            self._rows.update(rows)
            first, last = page * PAGE, min(len(self._ids), (page + 1) * PAGE) - 1
            if last >= first:
                self.dataChanged.emit(
                    self.index(first, 0), self.index(last, self.columnCount() - 1)
                )

        self.tasks.run_read(lambda desk: rows_of(desk, wanted), got)

    # -- Qt model ------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.source.columns)

    def row(self, row: int) -> dict[str, Any] | None:
        """The fetched row as a dict, or None while it is still on its way."""
        if not 0 <= row < len(self._ids):
            return None
        found = self._rows.get(self._ids[row])
        return None if found is None else dict(found)

    def row_id(self, row: int) -> str | None:
        found = self.row(row)
        return None if found is None else str(found["id"])

    def household_id(self, row: int) -> str | None:
        found = self.row(row)
        return None if found is None else str(found.get("household_id") or found["id"])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = index.row()
        if row >= len(self._ids):
            return None
        found = self._rows.get(self._ids[row])
        if found is None:
            if role == Qt.ItemDataRole.DisplayRole:
                self._request(row // PAGE)
                return "…"
            return None
        col = self.source.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = found[col.key]
            if col.render is not None:
                return col.render(value)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and col.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ID_ROLE:
            return found["id"]
        if role == HOUSEHOLD_ROLE:
            return found.get("household_id") or found["id"]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return QCoreApplication.translate("columns", self.source.columns[section].title)
        return str(section + 1)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        col = self.source.columns[column] if 0 <= column < len(self.source.columns) else None
        if col is None or not col.sortable:
            return
        self.sort_column, self.sort_order, self.sort_key = column, order, col.key
        self.reload()

    def retranslate(self) -> None:
        """Headers and coded values follow the language; no query needed."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        if self._ids:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._ids) - 1, self.columnCount() - 1)
            )
