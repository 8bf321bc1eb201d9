"""What the work pages (today, referrals, visits and needs, building heads, warnings,
dashboard, print, import / export, sync, settings) share: a lazy table over dict rows, a
page base that loads on the DB worker and retranslates in place, texts told the same way.
``ui.pages`` lists the pages.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, overload

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMessageBox, QTableView, QWidget

from ui.ink import INK

if TYPE_CHECKING:
    from relocdesk.desk import Desk
    from ui.tasks import Task, TaskRunner

Row = dict[str, Any]
_Index = QModelIndex | QPersistentModelIndex

RED = QColor("#c0392b")
AMBER = QColor("#b9770e")
PALE_RED = QColor("#fdecea")
PALE_AMBER = QColor("#fff6e0")
ROW_INK = QColor(INK)


def tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def lang() -> str:
    """'zh' or 'en': the language the interface is showing now."""
    from ui import i18n

    return "zh" if i18n.is_chinese() else "en"


def user_name() -> str:
    """Who is working at this desk: the visitor of a visit, who recorded an outcome. The
    signed-in person (ui.lock), not a name typed in the settings."""
    from ui.session import signed_in_name

    return signed_in_name()


def label(labels: dict[str, tuple[str, str]], code: str | None) -> str:
    from ui import i18n

    return i18n.enum_label(labels, code)


def field_title(field: str) -> str:
    """The name people see for a field; the shell's table first, then the work pages' own."""
    if not field:
        return ""
    own = {
        "visitor": QCoreApplication.translate("WorkPages", "Visitor"),
        "employer": QCoreApplication.translate("WorkPages", "Employer"),
        "position": QCoreApplication.translate("WorkPages", "Position"),
        "wage_offered": QCoreApplication.translate("WorkPages", "Wage offered"),
        "description": QCoreApplication.translate("WorkPages", "Description"),
        "category": QCoreApplication.translate("WorkPages", "Category"),
        "due_date": QCoreApplication.translate("WorkPages", "Due date"),
        "date": QCoreApplication.translate("WorkPages", "Date"),
        "reason": QCoreApplication.translate("WorkPages", "Reason"),
        "acked_by": QCoreApplication.translate("WorkPages", "By"),
        "assignee": QCoreApplication.translate("WorkPages", "Assignee"),
        "resolution": QCoreApplication.translate("WorkPages", "Resolution"),
        "outcome": QCoreApplication.translate("WorkPages", "Outcome"),
        "income_line": QCoreApplication.translate("WorkPages", "Income monitoring line"),
    }
    if field in own:
        return own[field]
    from ui.widgets.field_titles import title

    return title(field)


def error_text(exc: BaseException) -> str:
    """What a person reads about a failure: field and problem in the interface language."""
    parts = getattr(exc, "errors", None)
    if parts:
        return "\n".join(error_text(p) for p in parts)
    zh = getattr(exc, "message_zh", None) or getattr(exc, "zh", None)
    en = getattr(exc, "message_en", None) or getattr(exc, "en", None)
    if not (zh or en):
        return str(exc) or type(exc).__name__
    text = str((en or zh) if lang() == "en" else (zh or en))
    field = str(getattr(exc, "field", "") or "")
    title = field_title(field)
    if field and title != field:
        # The core names fields it does not know by their column; say it the screen's way.
        text = text.replace(field, title)
    if title and title not in text:
        text = f"{title}: {text}"
    return text


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    title = QCoreApplication.translate("WorkPages", "Could not complete")
    QMessageBox.warning(parent, title, error_text(exc))


def today() -> datetime.date:
    return datetime.date.today()


def days_ago(iso: str | None, on: datetime.date | None = None) -> int | None:
    if not iso:
        return None
    try:
        day = datetime.date.fromisoformat(iso[:10])
    except ValueError:
        return None
    return ((on or today()) - day).days


def address(row: Row) -> str:
    """Building-unit-room, the way staff say it: 3-2-501."""
    parts = [
        str(row.get(k)) for k in ("building_no", "unit", "room") if row.get(k) not in (None, "")
    ]
    return "-".join(parts)


class RowsModel(QAbstractTableModel):
    """A read-only table over a list of dict rows; cells are computed only when shown."""

    def __init__(
        self,
        headers: Callable[[], Sequence[str]],
        cells: Callable[[Row], Sequence[Any]],
        *,
        foreground: Callable[[Row], QColor | None] | None = None,
        background: Callable[[Row], QColor | None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._headers = headers
        self._cells = cells
        self._foreground = foreground
        self._background = background
        self.rows: list[Row] = []

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def relabel(self) -> None:
        """After a language switch: headers and coded cells are drawn again."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(0, self.columnCount() - 1))
        if self.rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.rows) - 1, self.columnCount() - 1)
            )

    def header_texts(self) -> list[str]:
        return list(self._headers())

    def cells(self, row: Row) -> Sequence[Any]:
        """A row's cells as the table draws them (plain functions of the row: an export
        builds them on the DB worker)."""
        return self._cells(row)

    def row_at(self, index: _Index) -> Row | None:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        return self.rows[index.row()]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers())

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            headers = self._headers()
            return headers[section] if section < len(headers) else None
        return None

    def data(self, index: _Index, role: int = 0) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            value = self._cells(row)[index.column()]
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = self._foreground(row) if self._foreground else None
            if colour is None and self._background and self._background(row) is not None:
                colour = ROW_INK  # on a light row colour, in a dark colour scheme too
            return QBrush(colour) if colour else None
        if role == Qt.ItemDataRole.BackgroundRole and self._background:
            colour = self._background(row)
            return QBrush(colour) if colour else None
        return None


# -- a table over a list kept in the database, read a window at a time ----------------------
# The rows model above holds every row. This one holds a count and the windows that were on
# screen: a row scrolled into view that is not there yet draws as a placeholder and its
# window is read on the reader; when it lands, the rows are drawn. A bounded cache keeps
# memory flat however long the list is (Today's lists at 100,000 households). Nothing here
# touches the database on the GUI thread.

# A windowed table reads rows in pages of WINDOW_PAGE and keeps at most WINDOW_CACHE rows.
WINDOW_PAGE = 100
WINDOW_CACHE = 3000
PENDING: Row = {"pending": True}  # a row on its way: drawn as a placeholder

ReadWindow = Callable[["Desk", int, int], Sequence[Row]]  # (desk, at, n) -> rows in list order


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
    def __init__(self, tasks: Callable[[], TaskRunner], read: ReadWindow, **kwargs: Any) -> None:
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
            self._request(i // WINDOW_PAGE)
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
            if len(self._cached) + len(rows) > WINDOW_CACHE:
                self._cached.clear()  # memory stays flat; rows on screen come back at once
            first = page * WINDOW_PAGE
            self._cached.update(enumerate(rows, first))
            last = min(self.count, first + len(rows)) - 1
            if last >= first:
                self.dataChanged.emit(
                    self.index(first, 0), self.index(last, self.columnCount() - 1)
                )

        self._tasks().run_read(lambda desk: read(desk, page * WINDOW_PAGE, WINDOW_PAGE), got)


class RowsTable(QTableView):
    """A table of rows; double-click or Enter on a row emits it (with ``open_on_click``, a
    single click does, like a link: for lists whose rows are only ways to somewhere else)."""

    rowActivated = Signal(dict)

    def __init__(
        self, model: RowsModel, parent: QWidget | None = None, *, open_on_click: bool = False
    ) -> None:
        super().__init__(parent)
        self.open_on_click = open_on_click
        if open_on_click:
            self.clicked.connect(self._activated)
            self.viewport().setCursor(Qt.CursorShape.PointingHandCursor)
        self.rows_model = model
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(26)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setStretchLastSection(True)
        # Fitting columns to thousands of rows runs Python per cell on the GUI thread;
        # the first rows give the width.
        self.horizontalHeader().setResizeContentsPrecision(60)
        self.setWordWrap(False)
        self.activated.connect(self._activated)

    def mouseDoubleClickEvent(self, event: Any) -> None:
        if self.open_on_click:
            # The first click already opened the row; a habitual double-click must not
            # open it a second time.
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def _activated(self, index: QModelIndex) -> None:
        row = self.rows_model.row_at(index)
        if row is not None:
            self.rowActivated.emit(row)

    def current_row(self) -> Row | None:
        return self.rows_model.row_at(self.currentIndex())

    def select_first(self) -> None:
        if self.rows_model.rowCount():
            self.setCurrentIndex(self.rows_model.index(0, 0))


# Not a table: what the main window tells the pages when the date turns (an office computer
# left on overnight with the app open). A page whose rows count days from today watches it.
DAY = "day"


class WorkPage(QWidget):
    """A page that loads its rows on the DB worker and draws them when they come back.

    Subclasses build widgets in ``__init__``, set every visible text in ``retranslate``
    (called again when the language changes) and load in ``refresh``.
    """

    def __init__(self, window: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.main_window = window
        self._loaded = False
        signal = getattr(window, "data_changed", None)
        if signal is not None:
            signal.connect(self._data_changed)

    # Tables whose changes elsewhere make this page reload while it is on screen.
    watches: frozenset[str] = frozenset()

    # -- the task runner ------------------------------------------------------------------
    @property
    def tasks(self) -> TaskRunner:
        runner: TaskRunner = self.main_window.tasks
        return runner

    def run_db(
        self,
        fn: Callable[[Desk], Any],
        done: Callable[[Any], None] | None = None,
        error: Callable[[BaseException], None] | None = None,
        key: str | None = None,
    ) -> Task:
        """``fn(desk)`` runs on the DB worker; ``done(result)`` back on the GUI thread."""
        return self.tasks.run_db(fn, done, error or (lambda e: show_error(self, e)), key=key)

    def run_read(
        self,
        fn: Callable[[Desk], Any],
        done: Callable[[Any], None] | None = None,
        error: Callable[[BaseException], None] | None = None,
        key: str | None = None,
    ) -> Task:
        """A read-only load on the reader thread, so a long write or a sync on the writer
        never holds up what a person is looking at."""
        runner = getattr(self.tasks, "run_read", None) or self.tasks.run_db
        return runner(fn, done, error or (lambda e: show_error(self, e)), key=key)

    def open_household(self, household_id: str) -> None:
        opener = getattr(self.main_window, "open_household", None)
        if opener is not None and household_id:
            opener(household_id)

    def changed(self, table: str) -> None:
        """Tell the other pages (and the status bar) that a save touched this table."""
        notify = getattr(self.main_window, "notify_changed", None)
        if notify is not None:
            notify(table)

    def _data_changed(self, table: str) -> None:
        if self.isVisible() and table in self.watches:
            self.refresh()

    # -- life cycle -----------------------------------------------------------------------
    def refresh(self) -> None:
        pass

    def retranslate(self) -> None:
        pass

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        # Data may have changed on another page: each visit of the page reloads.
        self.refresh()
        self._loaded = True

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
