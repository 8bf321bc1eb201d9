"""The household file (一户一档): facts, income, members, and tabs for everything done for them.

Everything is read in one job on the database worker (``desk.household_file``) and drawn at
once. Edits go through the dialogs; after any save in the app (``window.data_changed``) the
open file reloads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProxyStyle,
    QPushButton,
    QStyle,
    QStyleFactory,
    QTabBar,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from relocdesk import enums
from ui.dialogs.training_panel import TrainingPanel
from ui.i18n import N, enum_label
from ui.keys import HOUSEHOLD_ACTIONS
from ui.views.household_actions import ACTIONS, ActionSpec
from ui.views.household_move import MoveMemberDialog
from ui.views.household_tables import (
    EMPLOYMENT_HEADERS,
    HISTORY_HEADERS,
    INCOME,
    MEMBER_HEADERS,
    NEED_HEADERS,
    REFERRAL_HEADERS,
    VISIT_HEADERS,
    DataTable,
    employment_cells,
    history_cells,
    member_cells,
    money,
    need_cells,
    per_capita,
    referral_cells,
    visit_cells,
)
from ui.widgets.field_titles import title
from ui.widgets.flow_layout import FlowLayout
from ui.work_pages import show_error

if TYPE_CHECKING:
    from relocdesk.queries.household_file import HouseholdFile
    from ui.shell import Shell

__all__ = ["HouseholdDetail", "MoveMemberDialog"]  # the move dialog: where it was before the split

Row = dict[str, Any]
T = QCoreApplication.translate
FACT_FIELDS = (
    "household_no",
    "room",
    "head_person_id",
    "phone",
    "origin_village",
    "move_in_date",
    "registration_status",
    "status",
    "flags",
    "notes",
)
MEMBER_BUTTONS = ("add", "edit", "move", "remove")


class HouseholdDetail(QWidget):
    loaded = Signal(str)

    def __init__(self, window: Shell) -> None:
        super().__init__()
        self.window_ = window
        self.tasks = window.tasks
        self.household_id = ""
        self.data: HouseholdFile | None = None
        self.started = 0.0
        self.fact_labels: list[tuple[QLabel, str]] = []
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_top())
        upper = QHBoxLayout()
        upper.addWidget(self._build_facts(), 3)
        upper.addWidget(self._build_income(), 1)
        layout.addLayout(upper)
        layout.addWidget(self._build_tabs(), 1)
        window.data_changed.connect(self._data_changed)
        self.retranslateUi()

    # -- building ----------------------------------------------------------------------
    def _build_top(self) -> QHBoxLayout:
        self.heading = QLabel()
        self.heading.setObjectName("householdHeading")
        self.heading.setProperty("i18n_data", True)
        font = self.heading.font()
        font.setPointSize(font.pointSize() + 5)
        font.setBold(True)
        self.heading.setFont(font)
        self.edit_button = QPushButton()
        self.edit_button.setObjectName("editHousehold")
        self.edit_button.clicked.connect(self.edit_household)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.edit_button)
        return top

    def _build_facts(self) -> QGroupBox:
        self.facts_box = QGroupBox()
        facts = QGridLayout(self.facts_box)
        self.fact_values: dict[str, QLabel] = {}
        for i, field in enumerate(FACT_FIELDS):
            caption, value = QLabel(), QLabel()
            value.setProperty("i18n_data", True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            self.fact_labels.append((caption, field))
            self.fact_values[field] = value
            facts.addWidget(caption, i // 2, (i % 2) * 2)
            facts.addWidget(value, i // 2, (i % 2) * 2 + 1)
        facts.setColumnStretch(1, 1)
        facts.setColumnStretch(3, 1)
        return self.facts_box

    def _build_income(self) -> QGroupBox:
        self.income_box = QGroupBox()
        income = QGridLayout(self.income_box)
        self.income_values: dict[str, QLabel] = {}
        for i, key in enumerate([*INCOME, "total", "per_capita"]):
            caption, value = QLabel(), QLabel()
            value.setProperty("i18n_data", True)
            value.setAlignment(Qt.AlignmentFlag.AlignRight)
            self.fact_labels.append((caption, key))
            self.income_values[key] = value
            income.addWidget(caption, i, 0)
            income.addWidget(value, i, 1)
        return self.income_box

    def _build_buttons(self) -> tuple[FlowLayout, FlowLayout]:
        """The member buttons, and a row for what acts on the whole household."""
        slots = {
            "add": self.add_member,
            "edit": self.edit_member,
            "move": self.move_member,
            "remove": self.remove_member,
        }
        self.member_buttons: dict[str, QPushButton] = {}
        buttons = FlowLayout()
        for key in MEMBER_BUTTONS:
            button = QPushButton()
            button.setObjectName(f"member_{key}")
            button.clicked.connect(slots[key])
            self.member_buttons[key] = button
            buttons.addWidget(button)
        self.action_buttons: list[tuple[QPushButton, ActionSpec]] = []
        # What acts on the selected member sits with the member buttons; what acts on the
        # whole household gets its own row. Both wrap in a narrow window (an 800-pixel screen).
        household_row = FlowLayout()
        for spec in ACTIONS:
            button = QPushButton()
            button.setObjectName(f"action_{spec.key}")
            button.clicked.connect(lambda _c=False, s=spec: self._run_action(s))
            self.action_buttons.append((button, spec))
            if spec.key in HOUSEHOLD_ACTIONS:
                QShortcut(QKeySequence(HOUSEHOLD_ACTIONS[spec.key]), self, button.click)
            (buttons if spec.needs_member else household_row).addWidget(button)
        return household_row, buttons

    def _build_tabs(self) -> QTabWidget:
        self.members = DataTable(MEMBER_HEADERS)
        self.members.setObjectName("membersTable")
        self.members.doubleClicked.connect(lambda _i: self.edit_member())
        self.members_tab = QWidget()
        members_layout = QVBoxLayout(self.members_tab)
        for row in self._build_buttons():
            members_layout.addLayout(row)
        members_layout.addWidget(self.members)
        self.referrals = DataTable(REFERRAL_HEADERS)
        self.visits = DataTable(VISIT_HEADERS)
        self.needs_tab = self._build_needs_tab()
        self.trainings = TrainingPanel(self.tasks, lambda: self._saved("training"))
        self.history = DataTable(HISTORY_HEADERS)
        self.employment = DataTable(EMPLOYMENT_HEADERS)
        self.tab_widgets = [
            (self.members_tab, N("HouseholdDetail", "Members")),
            (self.referrals, N("HouseholdDetail", "Referrals")),
            (self.visits, N("HouseholdDetail", "Visits")),
            (self.needs_tab, N("HouseholdDetail", "Needs")),
            (self.trainings, N("HouseholdDetail", "Trainings")),
            (self.employment, N("HouseholdDetail", "Employment history")),
            (self.history, N("HouseholdDetail", "History")),
        ]
        self.tabs = QTabWidget()
        self.tabs.setObjectName("householdTabs")
        compact_tabs(self.tabs.tabBar())
        for widget, _name in self.tab_widgets:
            self.tabs.addTab(widget, "")
        return self.tabs

    def _build_needs_tab(self) -> QWidget:
        """The household's needs, and the steps of the chosen one as on the needs board."""
        from ui.views.need_steps import NeedSteps

        self.needs = DataTable(NEED_HEADERS)
        self.needs.setObjectName("needsTable")
        self.need_steps = NeedSteps(self.tasks, lambda: self._saved("need"))
        self.needs.itemSelectionChanged.connect(self._need_chosen)
        tab = QWidget()
        column = QVBoxLayout(tab)
        column.addWidget(self.needs, 1)
        column.addWidget(self.need_steps)
        return tab

    def _need_chosen(self) -> None:
        import dataclasses

        key = self.needs.selected_key()
        found = next((n for n in self.data.needs if n.id == key), None) if self.data else None
        self.need_steps.choose(dataclasses.asdict(found) if found else None)

    # -- loading -----------------------------------------------------------------------
    def load(self, household_id: str) -> None:
        import time

        self.started = time.perf_counter()
        self.household_id = household_id
        self.tasks.run_read(
            lambda desk: desk.household_file(household_id), self._show, key="household-detail"
        )

    def reload(self) -> None:
        if self.household_id:
            self.load(self.household_id)

    def _data_changed(self, _table: str) -> None:
        if self.isVisible():
            self.reload()

    def _show(self, data: HouseholdFile) -> None:
        self.data = data
        self.show_data()
        self.loaded.emit(self.household_id)
        self.window_.household_opened.emit(self.household_id)

    def show_data(self) -> None:
        data = self.data
        h = data.household if data else None
        if data is None or h is None:
            self.heading.setText(T("HouseholdDetail", "This household no longer exists."))
            return
        by_id = {m["id"]: m for m in data.members}
        head = by_id.get(h.get("head_person_id"))
        room = "-".join(str(p) for p in (data.building, h["unit"], h["room"]) if p)
        self.heading.setText(f"{room}  {head['name'] if head else ''}")
        values = self._fact_values(h, room, head)
        for key, label in self.fact_values.items():
            label.setText(str(values.get(key, "")))
        self._show_income(h, len(data.members))
        self._fill_tabs(data, by_id)
        self._retitle_tabs()

    @staticmethod
    def _fact_values(h: Row, room: str, head: Row | None) -> dict[str, Any]:
        flags = [title(f) for f in ("formerly_poor", "extreme_poverty") if h.get(f)]
        if h.get("monitored"):  # the type; the flag alone where a device before it wrote it
            kind = h.get("monitor_type")
            flags.append(enum_label(enums.MONITOR_TYPE, kind) if kind else title("monitored"))
        if h.get("dibao") not in (None, "none"):
            flags.append(enum_label(enums.DIBAO, h["dibao"]))
        places = (h.get("origin_county"), h.get("origin_township"), h.get("origin_village"))
        return {
            "household_no": h["household_no"],
            "room": room,
            "head_person_id": head["name"] if head else "",
            "phone": h.get("phone") or "",
            "origin_village": " ".join(x for x in places if x),
            "move_in_date": h.get("move_in_date") or "",
            "registration_status": enum_label(enums.REGISTRATION_STATUS, h["registration_status"]),
            "status": enum_label(enums.HOUSEHOLD_STATUS, h["status"]),
            "flags": ", ".join(flags),
            "notes": h.get("notes") or "",
        }

    def _show_income(self, h: Row, members: int) -> None:
        total = sum(float(h.get(k) or 0) for k in INCOME)
        for key in INCOME:
            self.income_values[key].setText(money(h.get(key)))
        self.income_values["total"].setText(money(total))
        self.income_values["per_capita"].setText(money(per_capita(h, members)))

    def _fill_tabs(self, data: HouseholdFile, by_id: dict[str, Row]) -> None:
        members = data.members
        self.members.fill([member_cells(m) for m in members], [m["id"] for m in members])
        self.referrals.fill(
            [referral_cells(r) for r in data.referrals], [r.id for r in data.referrals]
        )
        self.visits.fill([visit_cells(v) for v in data.visits], [v.id for v in data.visits])
        chosen = self.needs.selected_key()
        self.needs.fill([need_cells(n) for n in data.needs], [n.id for n in data.needs])
        # The need just acted on stays chosen, so its next step is one click away.
        keys = [n.id for n in data.needs]
        self.needs.selectRow(keys.index(chosen) if chosen in keys else 0)
        self._need_chosen()
        self.trainings.fill(data.trainings, [(m["id"], m["name"]) for m in members])
        self.history.fill([history_cells(e, by_id) for e in data.history])
        self.employment.fill([employment_cells(e) for e in data.employment])

    def _retitle_tabs(self) -> None:
        data = self.data
        counts = {
            "Members": len(data.members) if data else 0,
            "Referrals": len(data.referrals) if data else 0,
            "Visits": len(data.visits) if data else 0,
            "Needs": len(data.needs) if data else 0,
            "Trainings": len(data.trainings) if data else 0,
            "Employment history": len(data.employment) if data else 0,
        }
        for i, (_w, name) in enumerate(self.tab_widgets):
            text = T("HouseholdDetail", name)
            if name in counts:
                text += f" ({counts[name]})"
            self.tabs.setTabText(i, text)

    # -- actions -----------------------------------------------------------------------
    def selected_member(self) -> Row | None:
        key = self.members.selected_key()
        for m in self.data.members if self.data else ():
            if m["id"] == key:
                return dict(m)
        return None

    def _role(self) -> str:
        return self.data.role if self.data else ""

    def _saved(self, table: str) -> None:
        self.window_.notify_changed(table)

    def edit_household(self) -> None:
        from ui.dialogs.household_edit import HouseholdEditDialog

        data = self.data
        if data is None or not data.household:
            return
        members = [(m["id"], m["name"]) for m in data.members]
        buildings: list[tuple[str | None, str]] = list(data.buildings)
        dialog = HouseholdEditDialog(self.tasks, data.household, buildings, members, self)
        dialog.saved.connect(lambda _r: self._saved("household"))
        dialog.open()

    def add_member(self) -> None:
        from ui.dialogs.person_edit import PersonEditDialog

        if not self.household_id:
            return
        dialog = PersonEditDialog(self.tasks, self.household_id, None, self, role=self._role())
        dialog.saved.connect(lambda _r: self._saved("person"))
        dialog.open()

    def edit_member(self) -> None:
        from ui.dialogs.person_edit import PersonEditDialog

        member = self.selected_member()
        if member is None:
            return
        dialog = PersonEditDialog(self.tasks, self.household_id, member, self, role=self._role())
        dialog.saved.connect(lambda _r: self._saved("person"))
        dialog.trainings_changed.connect(lambda: self._saved("training"))
        dialog.open()

    def move_member(self) -> None:
        member = self.selected_member()
        if member is None:
            return
        dialog = MoveMemberDialog(self.window_, member, self)
        dialog.moved.connect(lambda: self._saved("person"))
        dialog.open()

    def remove_member(self) -> None:
        member = self.selected_member()
        if member is None:
            return
        answer = QMessageBox.question(
            self,
            T("HouseholdDetail", "Remove member"),
            T(
                "HouseholdDetail",
                "Remove %1 from this household? The record is kept in the "
                "history and can be restored by the county.",
            ).replace("%1", member["name"]),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        pid = member["id"]
        self.tasks.run_db(
            lambda desk: desk.people.delete(pid),
            lambda _r: self._saved("person"),
            lambda err: show_error(self, err),  # the head: name the new head first
        )

    def _run_action(self, spec: ActionSpec) -> None:
        member = self.selected_member()
        if spec.needs_member and member is None:
            QMessageBox.information(
                self, T("actions", spec.title), T("HouseholdDetail", "Select a member first.")
            )
            return
        if self.data and self.data.household:
            spec.callback(self.window_, dict(self.data.household), member)

    # -- language ----------------------------------------------------------------------
    def retranslateUi(self) -> None:
        self.edit_button.setText(T("HouseholdDetail", "Edit household"))
        self.facts_box.setTitle(T("HouseholdDetail", "Household"))
        self.income_box.setTitle(T("HouseholdDetail", "Income this year"))
        extra = {
            "room": T("HouseholdDetail", "Room"),
            "flags": T("HouseholdDetail", "Flags"),
            "origin_village": T("HouseholdDetail", "Origin"),
            "total": T("HouseholdDetail", "Total"),
            "per_capita": T("HouseholdDetail", "Per capita"),
        }
        for caption, key in self.fact_labels:
            caption.setText(extra.get(key) or title(key))
        for key, text in (
            ("add", N("HouseholdDetail", "Add member")),
            ("edit", N("HouseholdDetail", "Edit member")),
            ("move", N("HouseholdDetail", "Move to another household")),
            ("remove", N("HouseholdDetail", "Remove member")),
        ):
            self.member_buttons[key].setText(T("HouseholdDetail", text))
        for button, spec in self.action_buttons:
            button.setText(T("actions", spec.title))
        for table in (
            self.members,
            self.referrals,
            self.visits,
            self.needs,
            self.trainings,
            self.history,
            self.employment,
        ):
            table.retranslate()
        if self.data:
            self.show_data()
        else:
            self._retitle_tabs()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)


class _CompactTabs(QProxyStyle):
    """Half the usual space either side of a tab's title."""

    def pixelMetric(
        self, metric: QStyle.PixelMetric, option: Any = None, widget: Any = None
    ) -> int:
        value = super().pixelMetric(metric, option, widget)
        if metric == QStyle.PixelMetric.PM_TabBarTabHSpace:
            return value // 2
        return value


def compact_tabs(bar: QTabBar) -> None:
    """The household file's seven tabs, their counts included, fit an 800-pixel screen in
    English, none of them scrolled off behind arrows."""
    base = QStyleFactory.create(bar.style().name())
    style = _CompactTabs(base)
    style.setParent(bar)  # lives as long as the bar
    bar.setStyle(style)
