"""Export (Ctrl+E) of the list on screen to Excel, the same on every list page.

The page describes what it shows (``ListOnScreen``): its headers as the screen reads them,
and a function that builds its rows on the DB worker in the screen's order and under its
filter. The core (``desk.lists``) writes the workbook, masks ID numbers for a role that may
not see them and audits the export. The work runs with a progress dialog and Cancel; the
result or the plain reason it failed is told on the page and in the status bar.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton, QWidget

from ui import keys

if TYPE_CHECKING:
    from relocdesk.desk import Desk
    from ui.tasks import Progress, TaskRunner

T = QCoreApplication.translate
Cells = Sequence[Any]
RowsFn = Callable[["Desk"], tuple[int, Iterable[Cells]]]  # (how many, the rows) on the worker


@dataclass(frozen=True)
class ListOnScreen:
    kind: str  # households, people, referrals, needs, visits, warnings, warned_households
    title: str  # the page's name in the interface language: the sheet's name
    headers: list[str]
    rows: RowsFn
    id_columns: frozenset[int] = frozenset()
    filters: dict[str, Any] = field(default_factory=dict)  # caption -> what is chosen
    sort: str = ""
    household_id: str | None = None  # whose list, when it is one household's ...
    person_id: str | None = None  # ... or one person's: its audit row names them


def export_button(page: QWidget, trigger: Callable[[], None]) -> QPushButton:
    """The page's Export button, and Ctrl+E on the page for it."""
    button = QPushButton()
    button.setObjectName("exportList")
    button.clicked.connect(trigger)
    QShortcut(QKeySequence(keys.EXPORT), page, trigger)
    retranslate_button(button)
    return button


def retranslate_button(button: QPushButton) -> None:
    button.setText(T("export", "Export to Excel (Ctrl+E)"))
    button.setToolTip(T("export", "Save the list as it is shown, filtered and sorted, to Excel"))


def ask_path(page: QWidget, name: str) -> str | None:
    path, _ = QFileDialog.getSaveFileName(
        page,
        T("export", "Export the list to Excel"),
        str(Path.home() / f"{name}.xlsx"),
        T("export", "Excel workbook (*.xlsx)"),
    )
    if not path:
        return None
    return path if path.lower().endswith(".xlsx") else path + ".xlsx"


class TableModel(Protocol):
    """What of ``ui.work_pages.RowsModel`` an export reads."""

    rows: list[Any]

    def header_texts(self) -> list[str]: ...
    def cells(self, row: Any) -> Sequence[Any]: ...


def table_on_screen(
    kind: str, title: str, model: TableModel, filters: dict[str, Any]
) -> ListOnScreen:
    """An in-memory table as the screen draws it: its headers now, its rows (a snapshot of
    the list, in the table's order) turned into cells on the worker."""
    snapshot = list(model.rows)
    cells = model.cells

    def rows(_desk: Desk) -> tuple[int, Iterable[Cells]]:
        return len(snapshot), (list(cells(r)) for r in snapshot)

    return ListOnScreen(kind, T("export", title), model.header_texts(), rows, filters=filters)


def filter_captions(pairs: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    return {caption: value for caption, value in pairs if value not in (None, "", False)}


class Exporter:
    """Runs one export at a time for a page and remembers what it last said."""

    def __init__(self, page: QWidget, tasks: Callable[[], TaskRunner]) -> None:
        self.page = page
        self._tasks = tasks
        self.busy = False
        self.status = ""  # the last result or failure, as told
        self.written = 0  # rows of the last export that succeeded

    def ask(self, shown: Callable[[], ListOnScreen]) -> None:
        """Ask where (the list's name as the file's), then export."""
        if self.busy:
            return
        found = shown()
        path = ask_path(self.page, found.title)
        if path:
            self.run(found, path)

    def run(
        self, shown: ListOnScreen, path: str, done: Callable[[int], None] | None = None
    ) -> None:
        if self.busy:
            return
        self.busy = True

        def work(desk: Desk, progress: Progress) -> int:
            total, rows = shown.rows(desk)
            return desk.lists.export(
                shown.kind,
                path,
                title=shown.title,
                headers=shown.headers,
                rows=rows,
                total=total,
                id_columns=shown.id_columns,
                filters=shown.filters,
                sort=shown.sort,
                progress=progress.report,
                cancel=lambda: progress.cancelled,
                household_id=shown.household_id,
                person_id=shown.person_id,
            )

        def finished(count: int) -> None:
            self.busy = False
            self.written = count
            name = Path(path).name
            self._tell(T("export", "%1 rows exported to %2").replace("%1", f"{count:,}"), name)
            notify = getattr(self.page.window(), "notify_changed", None)
            if notify is not None:
                notify("audit")
            if done is not None:
                done(count)

        def failed(exc: BaseException) -> None:
            self.busy = False
            # relocdesk.reports.list_export.ExportCancelled, known by name: the screens
            # import from the core only the façade and its value types.
            if type(exc).__name__ == "ExportCancelled":
                self._tell(T("export", "Export cancelled: nothing was written"), "")
                return
            from ui.errors import friendly_message

            # A file problem already reads plainly in both languages (places.file_problem).
            self._tell(str(exc) if isinstance(exc, OSError) else friendly_message(exc), "")
            box = QMessageBox(self.page)
            box.setObjectName("exportFailed")
            box.setIcon(QMessageBox.Icon.Warning)
            box.setWindowTitle(T("export", "Could not export"))
            box.setText(self.status)
            box.open()  # not exec(): the window keeps working while it shows

        self._tasks().run_long(
            work, finished, failed, parent=self.page, label=T("export", "Exporting the list…")
        )

    def _tell(self, text: str, name: str) -> None:
        self.status = text.replace("%2", name)
        bar = getattr(self.page.window(), "statusBar", None)
        if callable(bar):
            bar().showMessage(self.status, 15000)
