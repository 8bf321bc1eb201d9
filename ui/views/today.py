"""Today (工作台): the day's work list, each row one click (or Enter) from its household.

Red warnings first, then yellow, visits due, referrals waiting for an outcome, needs open
or overdue. Everything is read in one job on the DB worker.
"""

from __future__ import annotations

import datetime
from typing import Any

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from relocdesk import enums
from ui.work_pages import (
    PALE_AMBER,
    PALE_RED,
    RED,
    Row,
    RowsModel,
    RowsTable,
    WorkPage,
    address,
    days_ago,
    label,
)

VISIT_EVERY_DAYS = 60
SPECIAL_VISIT_EVERY_DAYS = 14
REFERRAL_ANSWER_DAYS = 30

# The household's address and head, joined onto every section's rows.
_HOUSEHOLD = """
    h.id AS household_id, h.household_no, b.number AS building_no, h.unit, h.room,
    hp.name AS head_name, coalesce(hp.phone, h.phone) AS head_phone
"""
_HOUSEHOLD_JOIN = """
    LEFT JOIN building b ON b.id = h.building_id
    LEFT JOIN person hp ON hp.id = h.head_person_id
"""


def visits_due(conn: Any, on: datetime.date) -> list[Row]:
    """Active households not visited in 60 days, or 14 when someone is in a special group."""
    cur = conn.execute(
        f"""
        WITH last AS (
            SELECT household_id, max(date) AS last_visit FROM visit
            WHERE deleted = 0 GROUP BY household_id
        ), special AS (
            SELECT DISTINCT household_id FROM person
            WHERE deleted = 0 AND (left_behind_child = 1 OR elderly_alone = 1
                                   OR severe_disability = 1)
        )
        SELECT {_HOUSEHOLD}, last.last_visit, special.household_id IS NOT NULL AS special
        FROM household h {_HOUSEHOLD_JOIN}
        LEFT JOIN last ON last.household_id = h.id
        LEFT JOIN special ON special.household_id = h.id
        WHERE h.deleted = 0 AND h.status = 'active' AND (
            last.last_visit IS NULL OR last.last_visit < CASE
                WHEN special.household_id IS NOT NULL THEN date(:on, :special_days)
                ELSE date(:on, :days) END)
        ORDER BY special DESC, last.last_visit IS NOT NULL, last.last_visit,
                 b.number, h.unit, h.room
        """,
        {
            "on": on.isoformat(),
            "days": f"-{VISIT_EVERY_DAYS} days",
            "special_days": f"-{SPECIAL_VISIT_EVERY_DAYS} days",
        },
    )
    return [dict(r) for r in cur]


def referrals_waiting(conn: Any, on: datetime.date) -> list[Row]:
    """Referrals still pending more than 30 days after they were made."""
    cur = conn.execute(
        f"""
        SELECT r.id AS referral_id, r.date, r.employer, r.position, r.kind,
               p.name AS person_name, {_HOUSEHOLD}
        FROM referral r
        JOIN person p ON p.id = r.person_id
        JOIN household h ON h.id = p.household_id {_HOUSEHOLD_JOIN}
        WHERE r.deleted = 0 AND r.outcome = 'pending' AND r.date < date(?, ?)
        ORDER BY r.date
        """,
        (on.isoformat(), f"-{REFERRAL_ANSWER_DAYS} days"),
    )
    return [dict(r) for r in cur]


def needs_open(conn: Any, on: datetime.date) -> list[Row]:
    """Needs not yet resolved, overdue first."""
    cur = conn.execute(
        f"""
        SELECT n.id AS need_id, n.category, n.description, n.status, n.assignee,
               n.due_date, n.raised_date, {_HOUSEHOLD},
               n.due_date IS NOT NULL AND n.due_date < :on AS overdue
        FROM need n
        JOIN household h ON h.id = n.household_id {_HOUSEHOLD_JOIN}
        WHERE n.deleted = 0 AND n.status IN ('open', 'in_progress')
        ORDER BY overdue DESC, n.due_date IS NULL, n.due_date, n.raised_date
        """,
        {"on": on.isoformat()},
    )
    return [dict(r) for r in cur]


def warnings_today(conn: Any, on: datetime.date) -> list[Row] | None:
    """Red and yellow warnings from monitoring; None while monitoring is not installed."""
    try:
        from relocdesk import monitoring
    except ImportError:
        return None
    evaluate = getattr(monitoring, "evaluate", None)
    if evaluate is None:
        return None
    from ui.views.warnings import warning_rows

    return warning_rows(conn, evaluate(conn, on), active_only=True)


def load(desk: Any, on: datetime.date) -> dict[str, Any]:
    """The lists that come straight from the tables (fast); warnings load separately."""
    conn = desk.conn
    return {
        "visits": visits_due(conn, on),
        "referrals": referrals_waiting(conn, on),
        "needs": needs_open(conn, on),
    }


def text_of(value: Any) -> str:
    from ui.views.warnings import text_of as pick

    return pick(value)


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
    watches = frozenset({"visit", "need", "referral", "warning_ack", "person", "household"})

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

        self.tabs = QTabWidget()
        self.warnings_note = QLabel()
        self.warnings_note.setWordWrap(True)
        self.warnings = RowsTable(
            RowsModel(
                self._warning_headers,
                self._warning_cells,
                foreground=lambda r: RED if r.get("level") == "red" else None,
                background=lambda r: PALE_RED if r.get("level") == "red" else PALE_AMBER,
            ),
            open_on_click=True,
        )
        warnings_box = QWidget()
        wl = QVBoxLayout(warnings_box)
        wl.setContentsMargins(0, 0, 0, 0)
        wl.addWidget(self.warnings_note)
        wl.addWidget(self.warnings)
        self.visits = RowsTable(
            RowsModel(
                self._visit_headers,
                self._visit_cells,
                foreground=lambda r: RED if r.get("special") else None,
            ),
            open_on_click=True,
        )
        self.referrals = RowsTable(
            RowsModel(self._referral_headers, self._referral_cells), open_on_click=True
        )
        self.needs = RowsTable(
            RowsModel(
                self._need_headers,
                self._need_cells,
                foreground=lambda r: RED if r.get("overdue") else None,
            ),
            open_on_click=True,
        )
        for table in (self.warnings, self.visits, self.referrals, self.needs):
            table.rowActivated.connect(self._open)
        self.tabs.addTab(warnings_box, "")
        self.tabs.addTab(self.visits, "")
        self.tabs.addTab(self.referrals, "")
        self.tabs.addTab(self.needs, "")

        self.hint = QLabel()
        self.hint.setStyleSheet("color: #666")
        self.hint.setWordWrap(True)  # English is longer: it must not widen the window
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.hint)
        self.data: dict[str, Any] = {"warnings": None, "visits": [], "referrals": [], "needs": []}
        self.retranslate()

    # -- loading --------------------------------------------------------------------------
    def refresh(self) -> None:
        self.on = datetime.date.today()
        on = self.on
        # The lists on a reader; the warnings (every indicator over every household, the
        # longest read of the day) on the writer, so at start-up a reader stays free and
        # the search box answers at once instead of after the evaluation.
        self.run_read(lambda desk: load(desk, on), self._loaded_rows, key="today-lists")
        self.run_db(
            lambda desk: warnings_today(desk.conn, on), self._loaded_warnings, key="today-warnings"
        )

    def _loaded_rows(self, data: dict[str, Any]) -> None:
        self.data.update(data)
        for key in ("visits", "referrals", "needs"):
            table = getattr(self, key)
            table.rows_model.set_rows(data[key])
            fit_columns(table)
        self.retranslate()
        if not self._loaded_once:
            self.tabs.setCurrentIndex(
                next(
                    (
                        i
                        for i, k in enumerate(("warnings", "visits", "referrals", "needs"), 0)
                        if i and self.data[k]
                    ),
                    1,
                )
            )

    def _loaded_warnings(self, rows: list[Row] | None) -> None:
        self.data["warnings"] = rows
        self.warnings.rows_model.set_rows(rows or [])
        fit_columns(self.warnings)
        self.retranslate()
        # Red warnings are the day's first business.
        if not self._loaded_once:
            self._loaded_once = True
            if rows:
                self.tabs.setCurrentIndex(0)

    _loaded_once = False

    def _open(self, row: Row) -> None:
        self.open_household(row.get("household_id", ""))

    # -- texts ----------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(self.tr("Today's work"))
        self.reload_button.setText(self.tr("Reload"))
        d = self.data
        red = sum(1 for r in d["warnings"] or [] if r.get("level") == "red")
        yellow = len(d["warnings"] or []) - red
        self.tabs.setTabText(
            0,
            self.tr("Warnings (%1 red, %2 yellow)")
            .replace("%1", str(red))
            .replace("%2", str(yellow)),
        )
        self.tabs.setTabText(1, self.tr("Visits due (%1)").replace("%1", str(len(d["visits"]))))
        self.tabs.setTabText(
            2, self.tr("Referrals awaiting outcome (%1)").replace("%1", str(len(d["referrals"])))
        )
        self.tabs.setTabText(3, self.tr("Open needs (%1)").replace("%1", str(len(d["needs"]))))
        overdue = sum(1 for r in d["needs"] if r.get("overdue"))
        self.summary.setText(self.tr("%1 needs overdue").replace("%1", str(overdue)))
        self.summary.setStyleSheet("color: #c0392b" if overdue else "")
        if d["warnings"] is None:
            self.warnings_note.setText(
                self.tr("Warnings will appear here once the monitoring module is installed.")
            )
            self.warnings_note.show()
        else:
            self.warnings_note.hide()
        self.hint.setText(
            self.tr(
                "Click a row or press Enter to open the household. Visits are due "
                "every 60 days, every 14 days for households with a left-behind child, an "
                "elderly person living alone or a person with severe disability."
            )
        )
        for table in (self.warnings, self.visits, self.referrals, self.needs):
            table.rows_model.relabel()

    def _warning_headers(self) -> list[str]:
        return [
            self.tr("Level"),
            self.tr("Warning"),
            self.tr("Household"),
            self.tr("Address"),
            self.tr("Person"),
            self.tr("Facts"),
            self.tr("Responsible"),
        ]

    def _warning_cells(self, r: Row) -> list[Any]:
        from ui.views.warnings import field, where

        level = self.tr("Red") if r.get("level") == "red" else self.tr("Yellow")
        return [
            level,
            text_of(field(r, "title")),
            field(r, "household_no"),
            where(r),
            field(r, "person_name"),
            text_of(r["w"]),
            field(r, "responsible"),
        ]

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
