"""A ``RowsModel`` over a list kept in the database, read a window at a time.

The work pages' tables draw dict rows through ``RowsModel`` (cells, colours, a click opens
the row). This one holds only a count and the windows that were on screen: a row scrolled
into view that is not there yet draws as a placeholder and its window is read on the
reader; when it lands, the rows are drawn. A bounded cache keeps memory flat however long
the list is (Today's triage at 100,000 households). Nothing here touches the database on
the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, overload

from PySide6.QtCore import Qt

from ui.work_pages import Row, RowsModel

if TYPE_CHECKING:
    from relocdesk.desk import Desk
    from ui.tasks import TaskRunner

PAGE = 100
CACHE_ROWS = 3000
PENDING: Row = {"pending": True}  # a row on its way: drawn as a placeholder

Read = Callable[["Desk", int, int], Sequence[Row]]  # (desk, at, n) -> rows in list order


class _Rows(Sequence[Row]):
    """What ``RowsModel`` reads as its rows: the count, and each row if it is here (else
    the placeholder, and its window is asked for)."""

    def __init__(self, model: WindowedRowsModel) -> None:
        self._model = model

    def __len__(self) -> int:
        return self._model.count

    @overload
    def __getitem__(self, i: int) -> Row: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[Row]: ...
    def __getitem__(self, i: int | slice) -> Row | Sequence[Row]:
        if isinstance(i, slice):
            return [self[n] for n in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self._model.row(i)

    def __iter__(self) -> Iterator[Row]:
        return (self[n] for n in range(len(self)))


class WindowedRowsModel(RowsModel):
    def __init__(self, tasks: Callable[[], TaskRunner], read: Read, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._tasks = tasks
        self._read = read
        self.count = 0
        self._cached: dict[int, Row] = {}
        self._pending: set[int] = set()
        self._generation = 0
        self.rows = _Rows(self)  # type: ignore[assignment]

    def set_window(self, count: int, first: Sequence[Row]) -> None:
        """A new list: its length and its first rows (read together, on the reader)."""
        self._generation += 1
        self.beginResetModel()
        self.count = count
        self._cached = dict(enumerate(first))
        self._pending.clear()
        self.endResetModel()

    def set_rows(self, rows: list[Row]) -> None:
        self.set_window(len(rows), rows)

    def data(self, index: Any, role: int = 0) -> Any:
        # a row on its way: a placeholder in its first cell, no colour
        if self.row_at(index) is PENDING:
            if role == Qt.ItemDataRole.DisplayRole:
                return "…" if index.column() == 0 else ""
            return None
        return super().data(index, role)

    def row(self, i: int) -> Row:
        found = self._cached.get(i)
        if found is None:
            self._request(i // PAGE)
            return PENDING
        return found

    def _request(self, page: int) -> None:
        if page in self._pending:
            return
        self._pending.add(page)
        generation, read = self._generation, self._read

        def got(rows: Sequence[Row]) -> None:
            self._pending.discard(page)
            if generation != self._generation:
                return
            if len(self._cached) + len(rows) > CACHE_ROWS:
                self._cached.clear()  # memory stays flat; rows on screen come back at once
            first = page * PAGE
            self._cached.update(enumerate(rows, first))
            last = min(self.count, first + len(rows)) - 1
            if last >= first:
                self.dataChanged.emit(
                    self.index(first, 0), self.index(last, self.columnCount() - 1)
                )

        self._tasks().run_read(lambda desk: read(desk, page * PAGE, PAGE), got)
