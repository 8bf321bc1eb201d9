"""Today (工作台): the day's work list, each row one click (or Enter) from its household.

Households with red warnings first, then yellow (one row per household, the most warnings
first), visits due, referrals waiting for an outcome, needs open or overdue. The lists come
from ``desk.today(on)``. The households with warnings come from the triage kept on disk
(``desk.warnings.triage_window``): the page reads its count and the rows on screen, shows the
last evaluation at once, and evaluates anew on the writer (``refresh_triage``, which also
closes out warnings that stopped holding), then reads the new triage.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from relocdesk import enums
from relocdesk.queries import today as today_rules
from relocdesk.queries.today import TodayCounts, TodayList
from ui.ink import light_panel
from ui.views import warning_households
from ui.views.my_buildings import MyBuildingsBar
from ui.views.warnings import as_rows
from ui.widgets.fitting_tabs import FittingTabs
from ui.work_pages import (
    DAY,
    RED,
    Row,
    RowsTable,
    WindowedRowsModel,
    WorkPage,
    address,
    days_ago,
    label,
)

if TYPE_CHECKING:
    from relocdesk.desk import Desk
    from relocdesk.queries.today import TodayKind
    from relocdesk.queries.triage import Totals, TriageRow


# The rows read with a list's count: more than a screen, so a first scroll finds them.
FIRST_ROWS = 200
LISTS: tuple[TodayKind, ...] = ("visits", "referrals", "needs")


def load(desk: Desk, on: datetime.date) -> tuple[TodayCounts, TodayList]:
    """The lists that come straight from the tables: how long each is, and its first rows
    (at 100,000 households 58,000 visits are due; the rest is read as it scrolls into view).
    Warnings load separately."""
    first = [desk.today_window(on, which, 0, FIRST_ROWS) for which in LISTS]
    return desk.today_counts(on), TodayList(*first)


def load_triage(desk: Desk) -> tuple[Totals, int, list[TriageRow]]:
    """The last triage: red and yellow households, how many rows, the first ones (a read)."""
    w = desk.warnings
    return w.triage_totals(), w.triage_count(), w.triage_window(0, FIRST_ROWS)


def evaluate_triage(desk: Desk, on: datetime.date) -> None:
    """Evaluate the day's warnings as a stream and write the triage anew; loading Today is
    also when warnings whose facts stopped holding are closed out (销号): it runs on the
    writer every morning."""
    desk.warnings.refresh_triage(on)


FIT_ROWS = 60


def fit_columns(table: Any, widest: int = 320) -> None:
    """Columns as wide as their contents, but a long English reason must not push the
    responsible person off the right edge."""
    # Measuring every row of thousands runs the model's Python for each cell on the GUI
    # thread (a second on 10,000 households); the first rows tell the width well enough.
    table.horizontalHeader().setResizeContentsPrecision(FIT_ROWS)  # RowsTable sets it too
    table.resizeColumnsToContents()
    for column in range(table.model().columnCount()):
        table.setColumnWidth(column, min(table.columnWidth(column), widest))


class TodayPage(WorkPage):
    watches = frozenset({DAY, "visit", "need", "referral", "warning_ack", "person", "household"})

    def __init__(self, window: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(window, parent)
        self.on = datetime.date.today()
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.summary = QLabel()
        self.reload_button = QPushButton()
        self.reload_button.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.summary)
        top.addWidget(self.reload_button)

        # Their counts go onto a second line when the four do not fit (an 800-pixel screen).
        self.tabs = FittingTabs()
        # Staff work household by household: one row each, the worst first; only the rows
        # on screen are read (a large community has a hundred thousand).
        self.warnings = warning_households.table(
            open_on_click=True,
            model=WindowedRowsModel(
                lambda: self.tasks,
                lambda desk, at, n: cast("list[Row]", desk.warnings.triage_window(at, n)),
                headers=warning_households.headers,
                cells=warning_households.cells,
                **warning_households.colours(),
            ),
        )
        # The day's lists likewise: a count, and the rows on screen read as they are shown.
        self.visits = RowsTable(
            self._windowed(
                "visits",
                self._visit_headers,
                self._visit_cells,
                foreground=lambda r: RED if r.get("special") else None,
            ),
            open_on_click=True,
        )
        self.referrals = RowsTable(
            self._windowed("referrals", self._referral_headers, self._referral_cells),
            open_on_click=True,
        )
        self.needs = RowsTable(
            self._windowed(
                "needs",
                self._need_headers,
                self._need_cells,
                foreground=lambda r: RED if r.get("overdue") else None,
            ),
            open_on_click=True,
        )
        for table in (self.warnings, self.visits, self.referrals, self.needs):
            table.rowActivated.connect(self._open)
        self.tabs.addTab(self.warnings, "")
        self.tabs.addTab(self.visits, "")
        self.tabs.addTab(self.referrals, "")
        self.tabs.addTab(self.needs, "")

        self.start = FirstSteps(self)
        self.start.hide()  # shown once the count says the community has no households

        self.hint = QLabel()
        self.hint.setStyleSheet("color: #666")
        self.hint.setWordWrap(True)  # English is longer: it must not widen the window
        # A building head's buildings (hidden on an office device).
        self.my_buildings = MyBuildingsBar()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.my_buildings)
        layout.addWidget(self.start)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.hint)
        self.lists = TodayList(visits=[], referrals=[], needs=[])  # the first rows of each
        self.counts: TodayCounts | None = None
        self.totals: Totals | None = None
        self.retranslate()

    # -- loading --------------------------------------------------------------------------
    def refresh(self) -> None:
        self.on = datetime.date.today()
        on = self.on
        # The lists on a reader; the warnings (every indicator over every household, the
        # longest read of the day) on the writer, so at start-up a reader stays free and
        # the search box answers at once instead of after the evaluation.
        self.run_read(lambda desk: load(desk, on), self._loaded_rows, key="today-lists")
        self.run_read(
            lambda desk: desk.my_buildings(), self.my_buildings.set_data, key="today-mine"
        )
        # The last triage at once (a read of the rows on screen), then the day's evaluation
        # on the writer and the new triage read when it is written.
        self.run_read(load_triage, self._loaded_warnings, key="today-triage")
        self.run_db(lambda desk: evaluate_triage(desk, on), self._evaluated, key="today-warnings")
        self.run_read(lambda desk: desk.households.count(), self._counted, key="today-count")

    def _counted(self, households: int) -> None:
        # A fresh community has nothing to do today: say how to bring its households in.
        self.start.setVisible(households == 0)

    def import_roster(self) -> None:
        if self.main_window is not None:
            self.main_window.show_page("roster")

    def add_household(self) -> None:
        from ui.dialogs.household_new import NewHouseholdDialog

        dialog = NewHouseholdDialog(self.tasks, self.window())
        dialog.saved.connect(self._added)
        self.new_household_dialog = dialog  # the tests reach it here
        dialog.open()

    def _added(self, household: dict[str, Any]) -> None:
        self.changed("household")
        self.changed("person")
        self.refresh()
        self.open_household(household["id"])

    def _windowed(self, which: TodayKind, headers: Any, cells: Any, **colour: Any) -> Any:
        def read(desk: Desk, at: int, n: int) -> list[Row]:
            return cast("list[Row]", desk.today_window(self.on, which, at, n))

        return WindowedRowsModel(lambda: self.tasks, read, headers=headers, cells=cells, **colour)

    def _loaded_rows(self, loaded: tuple[TodayCounts, TodayList]) -> None:
        counts, lists = loaded
        self.counts, self.lists = counts, lists
        for table, count, rows in (
            (self.visits, counts.visits, lists.visits),
            (self.referrals, counts.referrals, lists.referrals),
            (self.needs, counts.needs, lists.needs),
        ):
            model = table.rows_model
            assert isinstance(model, WindowedRowsModel)
            model.set_window(count, as_rows(rows))
            fit_columns(table)
        self._say()
        if not self._loaded_once:
            # the first list with something in it (visits when all are empty)
            tabs = ((1, lists.visits), (2, lists.referrals), (3, lists.needs))
            self.tabs.setCurrentIndex(next((i for i, rows in tabs if rows), 1))

    def _evaluated(self, _: None) -> None:
        self.run_read(load_triage, self._loaded_warnings, key="today-triage")

    def _loaded_warnings(self, loaded: tuple[Totals, int, list[TriageRow]]) -> None:
        totals, count, first = loaded
        self.totals = totals
        model = self.warnings.rows_model
        assert isinstance(model, WindowedRowsModel)
        model.set_window(count, cast("list[Row]", first))
        fit_columns(self.warnings)
        self._say()
        # Red warnings are the day's first business.
        if not self._loaded_once and (count or totals.evaluated_on == self.on.isoformat()):
            self._loaded_once = True
            if count:
                self.tabs.setCurrentIndex(0)

    _loaded_once = False

    def _open(self, row: Row) -> None:
        self.open_household(row.get("household_id", ""))

    # -- texts ----------------------------------------------------------------------------
    def retranslate(self) -> None:
        self._say()
        for table in (self.warnings, self.visits, self.referrals, self.needs):
            table.rows_model.relabel()
            if table.rows_model.rowCount():
                fit_columns(table)  # English headers and areas are wider than Chinese

    def _say(self) -> None:
        """The page's texts and counts. Columns are fitted where rows change or the language
        does: fitting all four tables again on every load (each cell of 60 rows worked out
        for every column) held the first tab 0.6 s at 100,000 households."""
        self.start.retranslate()
        self.title.setText(self.tr("Today's work"))
        self.reload_button.setText(self.tr("Reload"))
        self.my_buildings.retranslate()
        counts = self.counts or TodayCounts(0, 0, 0, 0)
        red = self.totals.red if self.totals is not None else 0
        yellow = self.totals.yellow if self.totals is not None else 0
        self.tabs.set_titles(
            [
                self.tr("Households with warnings (%1 red, %2 yellow)")
                .replace("%1", str(red))
                .replace("%2", str(yellow)),
                self.tr("Visits due (%1)").replace("%1", str(counts.visits)),
                self.tr("Referrals awaiting outcome (%1)").replace("%1", str(counts.referrals)),
                self.tr("Open needs (%1)").replace("%1", str(counts.needs)),
            ]
        )
        overdue = counts.overdue
        self.summary.setText(self.tr("%1 needs overdue").replace("%1", str(overdue)))
        self.summary.setStyleSheet("color: #c0392b" if overdue else "")
        # The numbers are the policy's, named in queries.today: the text takes them from there.
        self.hint.setText(
            self.tr(
                "Click a row or press Enter to open the household. Visits are due "
                "every %1 days, every %2 days for households with a left-behind child, an "
                "elderly person living alone, a person with severe disability or a serious "
                "illness."
            )
            .replace("%1", str(today_rules.VISIT_EVERY_DAYS))
            .replace("%2", str(today_rules.SPECIAL_VISIT_EVERY_DAYS))
        )

    def _visit_headers(self) -> list[str]:
        return [
            self.tr("Household"),
            self.tr("Address"),
            self.tr("Head"),
            self.tr("Phone"),
            self.tr("Last visit"),
            self.tr("Days since"),
            self.tr("Special group"),
        ]

    def _visit_cells(self, r: Row) -> list[Any]:
        since = days_ago(r.get("last_visit"), self.on)
        return [
            r["household_no"],
            address(r),
            r.get("head_name"),
            r.get("head_phone"),
            r.get("last_visit") or self.tr("never"),
            "" if since is None else since,
            self.tr("yes") if r.get("special") else "",
        ]

    def _referral_headers(self) -> list[str]:
        return [
            self.tr("Person"),
            self.tr("Household"),
            self.tr("Address"),
            self.tr("Referred on"),
            self.tr("Days waiting"),
            self.tr("Employer"),
            self.tr("Position"),
            self.tr("Kind"),
        ]

    def _referral_cells(self, r: Row) -> list[Any]:
        return [
            r["person_name"],
            r["household_no"],
            address(r),
            r["date"],
            days_ago(r["date"], self.on),
            r["employer"],
            r.get("position"),
            label(enums.REFERRAL_KIND, r["kind"]),
        ]

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
        ]


class FirstSteps(QFrame):
    """On a fresh community's Today page: where its households come from."""

    def __init__(self, page: TodayPage) -> None:
        super().__init__(page)
        self.setObjectName("firstSteps")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(light_panel("firstSteps", "background: #eef5fb;"))
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.import_button = QPushButton()
        self.import_button.setObjectName("importRosterButton")
        self.import_button.clicked.connect(page.import_roster)
        self.add_button = QPushButton()
        self.add_button.setObjectName("addHouseholdButton")
        self.add_button.clicked.connect(page.add_household)
        row = QHBoxLayout(self)
        row.addWidget(self.text, 1)
        row.addWidget(self.import_button)
        row.addWidget(self.add_button)

    def retranslate(self) -> None:
        self.text.setText(
            self.tr(
                "This community has no households yet, so there is nothing to do today. "
                "Import the roster the office keeps in Excel, or add the households one by one."
            )
        )
        self.import_button.setText(self.tr("Import a roster…"))
        self.add_button.setText(self.tr("Add a household…"))
