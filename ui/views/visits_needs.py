"""Visits & needs: write a visit note with the household in view, and the needs board by
status (open, in progress, resolved, confirmed) with due dates, assignment and closing."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, TypedDict

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QPushButton,
    QTabBar,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from relocdesk import enums
from relocdesk.queries.boards import HouseholdInHand, NeedOnBoard, VisitInList
from ui.dialogs import need_edit
from ui.i18n import N
from ui.views.need_steps import allowed_steps
from ui.widgets.flow_layout import FlowLayout, pair
from ui.widgets.list_export import (
    Exporter,
    ListOnScreen,
    export_button,
    filter_captions,
    retranslate_button,
    table_on_screen,
)
from ui.widgets.search_box import SearchBox
from ui.work_pages import (
    DAY,
    PALE_RED,
    RED,
    Row,
    RowsModel,
    RowsTable,
    WorkPage,
    address,
    label,
    user_name,
)

if TYPE_CHECKING:
    from relocdesk.desk import Desk

BOARD = ("open", "in_progress", "resolved", "confirmed", None)  # None: every status


class Loaded(TypedDict):
    needs: list[NeedOnBoard]
    visits: list[VisitInList]
    household: HouseholdInHand | None


def load(
    desk: Desk,
    on: datetime.date,
    status: str | None,
    household_id: str | None,
    board_only_household: bool = True,
) -> Loaded:
    board = household_id if board_only_household else None
    return {
        "needs": desk.needs_board(on, status, board),
        "visits": desk.recent_visits(household_id),
        "household": desk.household_in_hand(household_id) if household_id else None,
    }


class VisitsNeedsPage(WorkPage):
    watches = frozenset({DAY, "visit", "need", "household", "person"})

    def __init__(self, window: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(window, parent)
        self.on = datetime.date.today()
        self.household: Row | None = None
        self.household_id: str | None = None
        self.dialog: Any = None
        top = self._build_household_bar()
        board = self._build_needs_board()
        self.visits = RowsTable(RowsModel(self._visit_headers, self._visit_cells))
        self.visits.rowActivated.connect(lambda r: self.open_household(r["household_id"]))
        self.tabs = QTabWidget()
        self.tabs.addTab(board, "")
        self.tabs.addTab(self.visits, "")
        # Export (Ctrl+E) takes the tab on view: the needs board or the visits.
        self.exporter = Exporter(self, lambda: self.tasks)
        self.export_button = export_button(self, lambda: self.exporter.ask(self.shown))
        self.tabs.setCornerWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)

        QShortcut(QKeySequence("Ctrl+N"), self, self.new_visit)
        QShortcut(QKeySequence("Ctrl+Shift+N"), self, self.new_need)
        opened = getattr(window, "household_opened", None)
        if opened is not None:
            opened.connect(self._household_opened)
        self.data: Row = {"needs": [], "visits": []}
        self.retranslate()

    # -- building the page ----------------------------------------------------------------
    def _build_household_bar(self) -> FlowLayout:
        """The household in hand: from the search box here, or the last one opened."""
        self.household_label = QLabel()
        self.search: SearchBox | None = SearchBox(self.tasks, in_page=True)
        self.search.setObjectName("visitsSearch")
        self.search.household_chosen.connect(lambda hid, _pid: self.set_household(hid))
        self.current = QLabel()
        self.current.setProperty("i18n_data", True)  # the household in hand
        self.current.setWordWrap(True)  # English is longer: it must not widen the window
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(lambda: self.set_household(None))
        self.visit_button = QPushButton()
        self.visit_button.clicked.connect(self.new_visit)
        self.need_button = QPushButton()
        self.need_button.clicked.connect(self.new_need)
        self.open_button = QPushButton()
        self.open_button.clicked.connect(lambda: self.open_household(self.household_id or ""))
        # The bar wraps onto a second row in a narrow window (an 800-pixel screen).
        top = FlowLayout()
        if self.search is not None:
            top.addWidget(pair(self.household_label, self.search))
        else:
            top.addWidget(self.household_label)
        top.addWidget(self.current)
        for button in (self.clear_button, self.open_button, self.visit_button, self.need_button):
            top.addWidget(button)
        return top

    def _build_needs_board(self) -> QWidget:
        """Status tabs and count over the needs table, the steps below it."""
        self.status_tabs = QTabBar()
        for _ in BOARD:
            self.status_tabs.addTab("")
        self.status_tabs.currentChanged.connect(lambda _i: self.refresh())
        self.count = QLabel()
        self.needs = RowsTable(
            RowsModel(
                self._need_headers,
                self._need_cells,
                foreground=lambda r: RED if r.get("overdue") else None,
                background=lambda r: PALE_RED if r.get("overdue") else None,
            )
        )
        self.needs.rowActivated.connect(lambda r: self.open_household(r["household_id"]))
        self.needs.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        board = QWidget()
        bl = QVBoxLayout(board)
        bl.setContentsMargins(0, 0, 0, 0)
        head = FlowLayout()
        head.addWidget(self.status_tabs)
        head.addWidget(self.count)
        bl.addLayout(head)
        bl.addWidget(self.needs, 1)
        bl.addLayout(self._build_steps())
        return board

    def _build_steps(self) -> FlowLayout:
        """A button per step of a need, and whether the board shows only the household."""
        self.step_buttons: dict[str, QPushButton] = {}
        steps = FlowLayout()  # wraps in a narrow window
        for step in (
            need_edit.ASSIGN,
            need_edit.START,
            need_edit.RESOLVE,
            need_edit.CONFIRM,
            need_edit.REOPEN,
        ):
            button = QPushButton()
            button.clicked.connect(lambda _c=False, s=step: self.step(s))
            self.step_buttons[step] = button
            steps.addWidget(button)
        self.this_household_only = QCheckBox()
        self.this_household_only.setChecked(True)
        self.this_household_only.toggled.connect(lambda _c: self.refresh())
        steps.addWidget(self.this_household_only)
        return steps

    # -- the household in hand ------------------------------------------------------------
    def _household_opened(self, household_id: str) -> None:
        # The household last opened anywhere is the one a visit is most likely about.
        self.household_id = household_id
        if self.isVisible():
            self.refresh()

    def set_household(self, household_id: str | None) -> None:
        self.household_id = household_id
        if household_id is None:
            self.household = None
        if self.search is not None:
            self.search.clear()
        self.refresh()

    # -- loading --------------------------------------------------------------------------
    def refresh(self) -> None:
        self.on = datetime.date.today()
        on = self.on
        status = BOARD[max(0, self.status_tabs.currentIndex())]
        hid = self.household_id
        only = self.this_household_only.isChecked()
        self.run_read(
            lambda desk: load(desk, on, status, hid, only), self._loaded_rows, key="visits-needs"
        )

    def _loaded_rows(self, loaded: Loaded) -> None:
        # The tables and dialogs take plain dict rows.
        household = loaded["household"]
        data: Row = {
            "needs": [dict(r) for r in loaded["needs"]],
            "visits": [dict(r) for r in loaded["visits"]],
            "household": None if household is None else dict(household),
        }
        self.data = data
        self.household = data["household"]
        keep = self.needs.current_row()
        self.needs.rows_model.set_rows(data["needs"])
        self.visits.rows_model.set_rows(data["visits"])
        for table in (self.needs, self.visits):
            table.resizeColumnsToContents()
            table.setColumnWidth(3, min(table.columnWidth(3), 360))
        found = next(
            (i for i, r in enumerate(data["needs"]) if keep and r["id"] == keep["id"]), None
        )
        if found is not None:
            self.needs.selectRow(found)
        else:
            self.needs.select_first()
        self.retranslate()

    # -- actions --------------------------------------------------------------------------
    def new_visit(self) -> None:
        from ui.dialogs.visit_edit import VisitDialog

        hid = self.household_id
        if not hid:
            if self.search is not None:
                self.search.setFocus()
            return

        def show(summary: Any) -> None:
            self.dialog = VisitDialog(self.tasks, summary, visitor=user_name(), parent=self)
            self.dialog.accepted.connect(lambda: self._saved("visit"))
            self.dialog.open()

        self.run_read(lambda desk: desk.household_summary(hid), show)

    def start_visit(self, household_id: str) -> None:
        """For other screens (the household file): write a visit note for this household."""
        self.household_id = household_id
        self.refresh()
        self.new_visit()

    def new_need(self) -> None:
        from ui.dialogs.need_edit import NeedDialog

        if not self.household:
            if self.search is not None:
                self.search.setFocus()
            return
        self.dialog = NeedDialog(self.tasks, self.household, parent=self)
        self.dialog.accepted.connect(lambda: self._saved("need"))
        self.dialog.open()

    def step(self, step: str) -> None:
        need = self.needs.current_row()
        if need is None:
            return
        nid = need["id"]

        def show(history: list[Row]) -> None:
            self.dialog = need_edit.NeedStepDialog(
                self.tasks, need, history, step, recorded_by=user_name(), parent=self
            )
            self.dialog.accepted.connect(lambda: self._saved("need"))
            self.dialog.open()

        self.run_read(lambda desk: desk.needs.history(nid), show)

    def _saved(self, table: str) -> None:
        self.changed(table)
        self.refresh()

    def _enable(self) -> None:
        need = self.needs.current_row()
        status = need["status"] if need else None
        allowed = allowed_steps(status)  # the household file's needs tab follows it too
        for step, button in self.step_buttons.items():
            button.setEnabled(bool(allowed[step]))
        has = self.household is not None
        self.visit_button.setEnabled(has)
        self.need_button.setEnabled(has)
        self.open_button.setEnabled(has)
        self.clear_button.setEnabled(has)

    # -- export (Ctrl+E) -------------------------------------------------------------------
    def export_to(self, path: str) -> None:
        self.exporter.run(self.shown(), path)

    def shown(self) -> ListOnScreen:
        h = self.household or {}
        if self.tabs.currentIndex() == 1:
            filters = filter_captions([(self.household_label.text(), h.get("household_no"))])
            return table_on_screen("visits", N("export", "Visits"), self.visits.rows_model, filters)
        only = self.this_household_only.isChecked() and self.household_id
        status = self.status_tabs.tabText(self.status_tabs.currentIndex())
        filters = filter_captions(
            [
                ("status", status),
                (self.household_label.text(), h.get("household_no") if only else None),
            ]
        )
        return table_on_screen("needs", N("export", "Needs"), self.needs.rows_model, filters)

    # -- texts ----------------------------------------------------------------------------
    def retranslate(self) -> None:
        retranslate_button(self.export_button)
        self.household_label.setText(self.tr("Household"))
        h = self.household
        if h:
            self.current.setText(
                f"<b>{h['household_no']}</b>  {address(h)}  {h.get('head_name') or ''}"
            )
        else:
            self.current.setText(self.tr("none chosen: search on the left, or open a household"))
        self.clear_button.setText(self.tr("Clear"))
        self.open_button.setText(self.tr("Open household"))
        self.visit_button.setText(self.tr("Write visit note… (Ctrl+N)"))
        self.need_button.setText(self.tr("Raise need…"))
        names = [
            self.tr("Open"),
            self.tr("In progress"),
            self.tr("Resolved"),
            self.tr("Confirmed"),
            self.tr("All"),
        ]
        for i, name in enumerate(names):
            self.status_tabs.setTabText(i, name)
        self.step_buttons[need_edit.ASSIGN].setText(self.tr("Assign…"))
        self.step_buttons[need_edit.START].setText(self.tr("Start"))
        self.step_buttons[need_edit.RESOLVE].setText(self.tr("Resolve…"))
        self.step_buttons[need_edit.CONFIRM].setText(self.tr("Household confirms…"))
        self.step_buttons[need_edit.REOPEN].setText(self.tr("Reopen…"))
        self.this_household_only.setText(self.tr("Only the chosen household"))
        self.this_household_only.setEnabled(self.household_id is not None)
        self.tabs.setTabText(0, self.tr("Needs board"))
        self.tabs.setTabText(
            1,
            self.tr("Visits of the household")
            if self.household_id and h
            else self.tr("Recent visits"),
        )
        rows = self.needs.rows_model.rows
        overdue = sum(1 for r in rows if r.get("overdue"))
        self.count.setText(
            self.tr("%1 needs, %2 overdue")
            .replace("%1", str(len(rows)))
            .replace("%2", str(overdue))
        )
        self.needs.rows_model.relabel()
        self.visits.rows_model.relabel()
        self._enable()

    def _need_headers(self) -> list[str]:
        return [
            self.tr("Household"),
            self.tr("Address"),
            self.tr("Category"),
            self.tr("Description"),
            self.tr("Status"),
            self.tr("Assignee"),
            self.tr("Due"),
            self.tr("Raised"),
            self.tr("Closed"),
            self.tr("Resolution"),
        ]

    def _need_cells(self, r: Row) -> list[Any]:
        due = r.get("due_date") or ""
        if r.get("overdue"):
            due = self.tr("%1 (overdue)").replace("%1", due)
        return [
            r["household_no"],
            address(r),
            label(enums.NEED_CATEGORY, r["category"]),
            r["description"],
            label(enums.NEED_STATUS, r["status"]),
            r.get("assignee"),
            due,
            r["raised_date"],
            r.get("closed_date"),
            r.get("resolution"),
        ]

    def _visit_headers(self) -> list[str]:
        return [
            self.tr("Date"),
            self.tr("Household"),
            self.tr("Address"),
            self.tr("Notes"),
            self.tr("Visitor"),
            self.tr("Kind"),
            self.tr("Met"),
            self.tr("Needs raised"),
        ]

    def _visit_cells(self, r: Row) -> list[Any]:
        notes = (r.get("notes") or "").replace("\n", " ")
        return [
            r["date"],
            r["household_no"],
            address(r),
            notes,
            r["visitor"],
            label(enums.VISIT_KIND, r["kind"]),
            r.get("met"),
            r["needs"] or "",
        ]
