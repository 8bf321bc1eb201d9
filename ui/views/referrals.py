"""Referrals (building heads): the unemployed people of my buildings against the
three-referrals rule, their referrals, and each referral's outcome history."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, TypedDict

from PySide6.QtCore import QSettings
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from relocdesk import enums
from relocdesk.queries import boards
from relocdesk.queries.boards import Referral, UnemployedPerson
from relocdesk.queries.building_heads import BuildingHead
from ui.i18n import N
from ui.widgets.flow_layout import FlowLayout, pair
from ui.widgets.list_export import (
    Exporter,
    ListOnScreen,
    export_button,
    filter_captions,
    retranslate_button,
    table_on_screen,
)
from ui.work_pages import (
    DAY,
    PALE_AMBER,
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

HEAD_SETTING = "referrals/building_head"


class Board(TypedDict):
    heads: list[BuildingHead]
    people: list[UnemployedPerson]


def load(desk: Desk, on: datetime.date, head: str | None) -> Board:
    return {"heads": desk.building_heads_list(), "people": desk.unemployed_board(on, head)}


class ReferralsPage(WorkPage):
    watches = frozenset({DAY, "referral", "person", "building", "building_head"})

    def __init__(self, window: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(window, parent)
        self.on = datetime.date.today()
        top = self._build_filters()
        self._build_people()
        right = self._build_person_side()
        self._lay_out(top, right)

        QShortcut(QKeySequence("Ctrl+N"), self, self.add_referral)
        QShortcut(QKeySequence("Ctrl+R"), self, self.record_outcome)
        self.all_people: list[Row] = []  # the table's rows are plain dicts
        self.heads: list[BuildingHead] = []
        self.dialog: Any = None
        # A building head works on their own buildings every day: remember whose list it is.
        self._head_id: str | None = str(QSettings().value(HEAD_SETTING, "") or "") or None
        self._keep_person: str | None = None
        self._filling = False
        self.retranslate()

    # -- building the page ----------------------------------------------------------------
    def _build_filters(self) -> FlowLayout:
        """Whose buildings, only those below the target, a text filter, and the count."""
        self.head_label = QLabel()
        self.head = QComboBox()
        self.head.setProperty("i18n_data", True)  # building heads' names
        self.head.setMinimumWidth(260)
        self.head.currentIndexChanged.connect(self._head_changed)
        self.below_only = QCheckBox()
        self.below_only.toggled.connect(self._filter)
        self.filter = QLineEdit()
        self.filter.setClearButtonEnabled(True)
        self.filter.setMinimumWidth(200)  # its placeholder whole, in a wrapping bar
        self.filter.textChanged.connect(self._filter)
        self.count = QLabel()
        self.exporter = Exporter(self, lambda: self.tasks)
        self.export_button = export_button(self, lambda: self.exporter.ask(self.shown))
        # Wraps onto a second row in a narrow window (an 800-pixel screen).
        top = FlowLayout()
        top.addWidget(pair(self.head_label, self.head))
        top.addWidget(self.below_only)
        top.addWidget(self.filter)
        top.addWidget(self.count)
        top.addWidget(self.export_button)
        return top

    def _build_people(self) -> None:
        """The unemployed people: nobody referred in red, below the target in amber."""
        self.people = RowsTable(
            RowsModel(
                self._people_headers,
                self._people_cells,
                foreground=lambda r: RED if r["recent"] == 0 else None,
                background=lambda r: PALE_AMBER if r["below_target"] else None,
            )
        )
        self.people.rowActivated.connect(lambda r: self.open_household(r["household_id"]))
        self.people.selectionModel().currentRowChanged.connect(self._person_changed)

    def _build_person_side(self) -> QWidget:
        """The chosen person: their referrals, the buttons, the outcome history."""
        self.person_title = QLabel()
        self.person_title.setProperty("i18n_data", True)  # a person's name and household
        self.person_title.setWordWrap(True)
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.add_referral)
        self.outcome_button = QPushButton()
        self.outcome_button.clicked.connect(self.record_outcome)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.outcome_button)
        buttons.addStretch(1)
        self.referrals = RowsTable(
            RowsModel(
                self._referral_headers,
                self._referral_cells,
                foreground=lambda r: RED if r["outcome"] == "pending" else None,
            )
        )
        self.referrals.rowActivated.connect(lambda r: self.record_outcome())
        self.referrals.selectionModel().currentRowChanged.connect(self._referral_changed)
        self.events_title = QLabel()
        self.events = QListWidget()
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.person_title)
        rl.addLayout(buttons)
        rl.addWidget(self.referrals, 2)
        rl.addWidget(self.events_title)
        rl.addWidget(self.events, 1)
        return right

    def _lay_out(self, top: FlowLayout, right: QWidget) -> None:
        split = QSplitter()
        split.addWidget(self.people)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self.hint = QLabel()
        self.hint.setStyleSheet("color: #666")
        self.hint.setWordWrap(True)  # English is longer: it must not widen the window
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.hint)

    # -- loading --------------------------------------------------------------------------
    def refresh(self) -> None:
        self.on = datetime.date.today()
        on, head = self.on, self._head_id
        current = self.people.current_row()
        self._keep_person = current["person_id"] if current else self._keep_person
        self.run_read(lambda desk: load(desk, on, head), self._loaded_rows)

    def _loaded_rows(self, data: Board) -> None:
        self.heads = data["heads"]
        if self._head_id and all(h["id"] != self._head_id for h in self.heads):
            # The remembered head is gone (removed, or another community): show everyone.
            self._head_id = None
            QSettings().setValue(HEAD_SETTING, "")
            self.refresh()
            return
        self._fill_heads()
        self.all_people = [dict(r) for r in data["people"]]
        self._filter()

    def _fill_heads(self) -> None:
        self._filling = True
        self.head.clear()
        self.head.addItem(self.tr("All building heads"), None)
        for h in self.heads:
            text = h["name"]
            buildings = h["buildings"]
            if buildings:
                text += "  " + self.tr("(buildings %1)").replace("%1", buildings)
            self.head.addItem(text, h["id"])
        self.head.setCurrentIndex(max(0, self.head.findData(self._head_id)))
        self._filling = False

    def _head_changed(self) -> None:
        if self._filling:
            return
        self._head_id = self.head.currentData()
        QSettings().setValue(HEAD_SETTING, self._head_id or "")
        self.refresh()

    def _filter(self) -> None:
        text = self.filter.text().strip()
        rows = [
            r
            for r in self.all_people
            if (not self.below_only.isChecked() or r["below_target"])
            and (
                not text
                or text in r["name"]
                or text in (r["household_no"] or "")
                or text in address(r)
            )
        ]
        self.people.rows_model.set_rows(rows)
        self.people.resizeColumnsToContents()
        keep = self._keep_person
        found = next((i for i, r in enumerate(rows) if r["person_id"] == keep), None)
        if found is not None:
            self.people.selectRow(found)
        else:
            self.people.select_first()
        self._retranslate_counts()

    def _person_changed(self) -> None:
        person = self.people.current_row()
        if person is None:
            self.referrals.rows_model.set_rows([])
            self.events.clear()
            self._retranslate_person()
            return
        self._keep_person = person["person_id"]
        pid = person["person_id"]
        self._retranslate_person()
        self.run_read(lambda desk: desk.person_referrals(pid), self._referrals_loaded)

    def _referrals_loaded(self, referrals: list[Referral]) -> None:
        rows: list[Row] = [dict(r) for r in referrals]
        self.referrals.rows_model.set_rows(rows)
        self.referrals.resizeColumnsToContents()
        self.referrals.select_first()
        if not rows:
            self.events.clear()

    def _referral_changed(self) -> None:
        ref = self.referrals.current_row()
        self.events.clear()
        if ref is None:
            return
        rid = ref["id"]
        self.run_read(lambda desk: desk.referrals.events(rid), self._events_loaded)

    def _events_loaded(self, events: list[Row]) -> None:
        self.events.clear()
        self.current_events = events
        for e in events:
            text = f"{e['date']}  {label(enums.REFERRAL_OUTCOME, e['outcome'])}"
            if e.get("note"):
                text += f"  — {e['note']}"
            self.events.addItem(text)
        if not events:
            self.events.addItem(self.tr("No outcome recorded yet"))

    current_events: list[Row] = []  # noqa: RUF012

    # -- actions --------------------------------------------------------------------------
    def add_referral(self) -> None:
        from ui.dialogs.referral_edit import ReferralDialog

        person = self.people.current_row()
        if person is None:
            return
        head = person.get("building_head_id") or self._head_id
        referred_by = user_name()
        if not referred_by and head:
            referred_by = next((h["name"] for h in self.heads if h["id"] == head), "")
        self.dialog = ReferralDialog(
            self.tasks, person, building_head_id=head, referred_by=referred_by, parent=self
        )
        self.dialog.accepted.connect(self._saved)
        self.dialog.open()

    def record_outcome(self) -> None:
        from ui.dialogs.referral_edit import OutcomeDialog

        ref = self.referrals.current_row()
        if ref is None:
            return
        rid = ref["id"]

        def show(events: list[Row]) -> None:
            self.dialog = OutcomeDialog(
                self.tasks, ref, events, recorded_by=user_name(), parent=self
            )
            self.dialog.accepted.connect(self._saved)
            self.dialog.open()

        self.run_read(lambda desk: desk.referrals.events(rid), show)

    def _saved(self) -> None:
        self.changed("referral")
        # an outcome may have changed the person's employment too (records.Referrals)
        self.changed("person")
        self.refresh()

    # -- export (Ctrl+E): the unemployed people as listed ------------------------------------
    def export_to(self, path: str) -> None:
        self.exporter.run(self.shown(), path)

    def shown(self) -> ListOnScreen:
        filters = filter_captions(
            [
                (self.head_label.text(), self.head.currentText() if self._head_id else None),
                (self.below_only.text(), self.below_only.isChecked()),
                ("text", self.filter.text().strip()),
            ]
        )
        title = N("export", "Referrals")
        return table_on_screen("referrals", title, self.people.rows_model, filters)

    # -- texts ----------------------------------------------------------------------------
    def retranslate(self) -> None:
        retranslate_button(self.export_button)
        self.head_label.setText(self.tr("Building head"))
        # The numbers are the policy's, named in queries.boards: the texts take them from there.
        target, days = str(boards.REFERRAL_TARGET), str(boards.REFERRAL_WINDOW_DAYS)
        self.below_only.setText(self.tr("Only fewer than %1 referrals").replace("%1", target))
        self.filter.setPlaceholderText(self.tr("Filter by name, household or room"))
        self.add_button.setText(self.tr("Add referral (Ctrl+N)"))
        self.outcome_button.setText(self.tr("Record outcome (Ctrl+R)"))
        self.events_title.setText(self.tr("Outcome history of the selected referral"))
        self.hint.setText(
            self.tr(
                "Policy: every unemployed person willing to work gets %1 or more referrals; "
                "people with fewer than %1 in the last %2 days are highlighted. "
                "Double-click a person to open the household."
            )
            .replace("%1", target)
            .replace("%2", days)
        )
        if self.heads:
            self._fill_heads()
        self._retranslate_counts()
        self._retranslate_person()
        self.people.rows_model.relabel()
        self.referrals.rows_model.relabel()

    def _retranslate_counts(self) -> None:
        rows = self.people.rows_model.rows
        below = sum(1 for r in rows if r["below_target"])
        self.count.setText(
            self.tr("%1 people, %2 with fewer than %3 referrals")
            .replace("%3", str(boards.REFERRAL_TARGET))
            .replace("%1", str(len(rows)))
            .replace("%2", str(below))
        )

    def _retranslate_person(self) -> None:
        p = self.people.current_row()
        if p is None:
            self.person_title.setText(self.tr("Choose a person on the left"))
        else:
            self.person_title.setText(
                self.tr("%1, household %2 (%3): %4 referrals in the last %5 days")
                .replace("%5", str(boards.REFERRAL_WINDOW_DAYS))  # numbers before the data
                .replace("%4", str(p["recent"]))
                .replace("%1", p["name"])
                .replace("%2", p["household_no"])
                .replace("%3", address(p))
            )
        has = p is not None
        self.add_button.setEnabled(has)
        self.outcome_button.setEnabled(has)

    def _people_headers(self) -> list[str]:
        return [
            self.tr("Name"),
            self.tr("Household"),
            self.tr("Address"),
            self.tr("Phone"),
            self.tr("Skills"),
            self.tr("Referrals (%1 days)").replace("%1", str(boards.REFERRAL_WINDOW_DAYS)),
            self.tr("Pending"),
            self.tr("Last referral"),
        ]

    def _people_cells(self, r: Row) -> list[Any]:
        return [
            r["name"],
            r["household_no"],
            address(r),
            r.get("phone"),
            r.get("skills"),
            f"{r['recent']} / {boards.REFERRAL_TARGET}",
            r["pending"],
            r.get("last_date"),
        ]

    def _referral_headers(self) -> list[str]:
        return [
            self.tr("Date"),
            self.tr("Employer"),
            self.tr("Position"),
            self.tr("Kind"),
            self.tr("Wage"),
            self.tr("Outcome"),
            self.tr("Outcome date"),
        ]

    def _referral_cells(self, r: Row) -> list[Any]:
        wage = r.get("wage_offered")
        return [
            r["date"],
            r["employer"],
            r.get("position"),
            label(enums.REFERRAL_KIND, r["kind"]),
            "" if wage is None else f"{wage:g}",
            label(enums.REFERRAL_OUTCOME, r["outcome"]),
            r.get("outcome_date"),
        ]
