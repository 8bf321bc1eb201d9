"""A table model over a query of any size: sorted ids up front, rows fetched a page at a time.

On every filter or sort change the worker runs one query for the ordered rowids of every
matching row (40,000 integers take a few milliseconds) plus the first pages. The view then
knows the full row count, so the scroll bar is true; rows scrolled into view are fetched
by rowid a page at a time on the worker, and a bounded cache keeps memory flat at 100,000
rows. Nothing here touches the database on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

if TYPE_CHECKING:
    import sqlite3

    from relocdesk.desk import Desk
    from ui.tasks import TaskRunner

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's UUID
HOUSEHOLD_ROLE = Qt.ItemDataRole.UserRole + 2  # the household UUID of the row
PAGE = 100
FIRST_PAGES = 2
CACHE_ROWS = 6000


@dataclass(frozen=True)
class Column:
    key: str  # the column's name in the row query
    title: str  # English source text, translated in context "columns"
    sort: tuple[str, ...] = ()  # ORDER BY expressions; empty: not sortable
    render: Callable[[Any], str] | None = None  # pure value -> text, runs on the GUI thread
    numeric: bool = False


@dataclass
class Source:
    """What a lazy model lists: its columns and the two queries behind them."""

    columns: Sequence[Column]
    ids_sql: Callable[[dict[str, Any], str], tuple[str, list[Any]]]  # (filters, order) -> SQL
    rows_sql: str  # SELECT ... WHERE <alias>.rowid IN ({marks}); first two columns _rowid, _id
    default_order: str
    household_key: str = "_household"
    extra: dict[str, Any] = field(default_factory=dict)


def fetch_rows(
    conn: sqlite3.Connection, sql: str, rowids: Sequence[int]
) -> dict[int, tuple[Any, ...]]:
    if not rowids:
        return {}
    cur = conn.execute(sql.format(marks=",".join("?" * len(rowids))), list(rowids))
    return {r[0]: tuple(r) for r in cur}


class LazyTableModel(QAbstractTableModel):
    loaded = Signal(int)  # row count, after each (re)load

    def __init__(self, tasks: TaskRunner, source: Source, parent: Any = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.source = source
        self.filters: dict[str, Any] = {}
        self.order = source.default_order
        self.sort_column = -1
        self.sort_order = Qt.SortOrder.AscendingOrder
        self._ids: list[int] = []
        self._rows: dict[int, tuple[Any, ...]] = {}
        self._pending: set[int] = set()
        self._generation = 0
        self._names: list[str] = []
        self.is_loaded = False

    # -- loading -------------------------------------------------------------------------
    def set_filters(self, filters: dict[str, Any]) -> None:
        self.filters = {k: v for k, v in filters.items() if v not in (None, "")}
        self.reload()

    def reload(self) -> None:
        """Re-run the query on the worker; the view keeps showing old rows until it lands."""
        self._generation += 1
        generation = self._generation
        filters, order, source = dict(self.filters), self.order, self.source

        def query(desk: Desk) -> tuple[list[int], dict[int, tuple[Any, ...]], list[str]]:
            sql, params = source.ids_sql(filters, order)
            ids = [r[0] for r in desk.conn.execute(sql, params)]
            cur = desk.conn.execute(
                source.rows_sql.format(marks=",".join("?" * min(len(ids), PAGE * FIRST_PAGES)))
                if ids
                else source.rows_sql.format(marks="NULL"),
                ids[: PAGE * FIRST_PAGES],
            )
            names = [d[0] for d in cur.description]
            rows = {r[0]: tuple(r) for r in cur}
            return ids, rows, names

        self.tasks.run_read(
            query, lambda got: self._reset(generation, *got), key=f"lazy-model-{id(self)}"
        )

    def _reset(
        self, generation: int, ids: list[int], rows: dict[int, tuple[Any, ...]], names: list[str]
    ) -> None:
        if generation != self._generation:
            return
        self.beginResetModel()
        self._ids, self._rows, self._names = ids, rows, names
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
        sql = self.source.rows_sql

        def got(rows: dict[int, tuple[Any, ...]]) -> None:
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

        self.tasks.run_read(lambda desk: fetch_rows(desk.conn, sql, wanted), got)

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
        return None if found is None else dict(zip(self._names, found, strict=False))

    def row_id(self, row: int) -> str | None:
        found = self.row(row)
        return None if found is None else str(found["_id"])

    def household_id(self, row: int) -> str | None:
        found = self.row(row)
        return None if found is None else str(found.get(self.source.household_key) or found["_id"])

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
            value = found[self._names.index(col.key)]
            if col.render is not None:
                return col.render(value)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and col.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ID_ROLE:
            return found[1]
        if role == HOUSEHOLD_ROLE:
            key = self.source.household_key
            return found[self._names.index(key)] if key in self._names else found[1]
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
        if col is None or not col.sort:
            return
        direction = "DESC" if order == Qt.SortOrder.DescendingOrder else "ASC"
        self.sort_column, self.sort_order = column, order
        self.order = ", ".join(f"{part} {direction}" for part in col.sort)
        self.reload()

    def retranslate(self) -> None:
        """Headers and coded values follow the language; no query needed."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        if self._ids:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._ids) - 1, self.columnCount() - 1)
            )
