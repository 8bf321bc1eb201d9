"""A table model over a query of any size: a count up front, rows fetched a window at a time.

On every filter change the worker counts the matching rows and reads the first window; a
sort change reads the first window only (a sort never changes the count). The view knows
the full row count, so the scroll bar is true; rows scrolled into view are read as one
window (positions, in the query's order: the sort runs in SQL, by index) on the worker, and
a bounded cache keeps memory flat at 100,000 rows and more. Nothing here touches the
database on the GUI thread.
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

Rows = Mapping[int, Mapping[str, Any]]  # rowid -> row
Window = Sequence[Mapping[str, Any]]  # rows in list order; a row has "id", maybe "household_id"


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
    count: Callable[[Desk, ListQuery], int]  # how many rows match
    window: Callable[[Desk, ListQuery, int, int], Window]  # rows at (offset, limit), in order
    # The whole list, for an export: the ordered rowids of every row, then rows by rowid.
    ids: Callable[[Desk, ListQuery], list[int]]
    rows: Callable[[Desk, Sequence[int]], Rows]


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
        self._count = 0
        self._counted: ListQuery | None = None  # the query whose filters gave _count
        self._query = ListQuery()  # the query the cached rows are of
        self._rows: dict[int, Mapping[str, Any]] = {}  # position -> row
        self._pending: set[int] = set()
        self._generation = 0
        self.is_loaded = False

    # -- loading -------------------------------------------------------------------------
    def set_filters(self, filters: dict[str, Any]) -> None:
        given = {k: v for k, v in filters.items() if v not in (None, "")}
        if given == self.filters and self._generation:
            # The same filters again (the building choices arriving after the first load
            # re-apply "all buildings"): reading the list again would queue a second full
            # read on the reader, and at 100,000 people the first sort waited behind it.
            return
        self.filters = given
        self.reload()

    def query(self) -> ListQuery:
        descending = self.sort_order == Qt.SortOrder.DescendingOrder
        return ListQuery(dict(self.filters), self.sort_key, descending)

    def reload(self, *, recount: bool = True) -> None:
        """Re-run the query on the worker; the view keeps showing old rows until it lands.
        ``recount=False`` (a new sort of the same filters) keeps the count it has."""
        self._generation += 1
        generation = self._generation
        query, source = self.query(), self.source
        counted = self._counted
        known = (
            None if recount or counted is None or counted.filters != query.filters else self._count
        )

        def first_pages(desk: Desk) -> tuple[int, Window]:
            count = source.count(desk, query) if known is None else known
            return count, source.window(desk, query, 0, PAGE * FIRST_PAGES)

        self.tasks.run_read(
            first_pages,
            lambda got: self._reset(generation, query, *got),
            key=f"lazy-model-{id(self)}",
        )

    def _reset(self, generation: int, query: ListQuery, count: int, rows: Window) -> None:
        if generation != self._generation:
            return
        self.beginResetModel()
        self._count, self._counted, self._query = count, query, query
        self._rows = dict(enumerate(rows))
        self._pending.clear()
        self.endResetModel()
        self.is_loaded = True
        self.loaded.emit(count)

    def _request(self, page: int) -> None:
        if page in self._pending:
            return
        self._pending.add(page)
        generation, query, window = self._generation, self._query, self.source.window

        def got(rows: Window) -> None:
            self._pending.discard(page)
            if generation != self._generation:
                return
            if len(self._rows) + len(rows) > CACHE_ROWS:
                self._rows.clear()  # memory stays flat; visible rows come back at once
            first = page * PAGE
            self._rows.update(enumerate(rows, first))
            last = min(self._count, first + PAGE) - 1
            if last >= first:
                self.dataChanged.emit(
                    self.index(first, 0), self.index(last, self.columnCount() - 1)
                )

        self.tasks.run_read(lambda desk: window(desk, query, page * PAGE, PAGE), got)

    # -- Qt model ------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.source.columns)

    def row(self, row: int) -> dict[str, Any] | None:
        """The fetched row as a dict, or None while it is still on its way."""
        found = self._rows.get(row)
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
        if row >= self._count:
            return None
        found = self._rows.get(row)
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
        self.reload(recount=False)

    def retranslate(self) -> None:
        """Headers and coded values follow the language; no query needed."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        if self._count:
            self.dataChanged.emit(
                self.index(0, 0), self.index(self._count - 1, self.columnCount() - 1)
            )
