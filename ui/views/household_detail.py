"""The household file (一户一档): facts, income, members, and tabs for everything done for them.

Everything is read in one job on the database worker and drawn at once. Edits go through
the dialogs; after any save in the app (``window.data_changed``) the open file reloads.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from relocdesk import enums, hlc
from ui import pages
from ui.i18n import N, enum_label
from ui.models.people import age
from ui.widgets.field_titles import title

if TYPE_CHECKING:
    from relocdesk.desk import Desk
    from ui.main_window import MainWindow

Row = dict[str, Any]
T = QCoreApplication.translate
INCOME = ("income_wages", "income_business", "income_transfers", "income_property")
INSURANCE = ("ins_medical", "ins_critical", "ins_pension", "ins_employment", "ins_residence")
GROUPS = ("left_behind_child", "elderly_alone", "severe_disability")


def load_household(desk: Desk, household_id: str) -> Row:
    """Everything the household file shows, read in one go on the worker."""
    conn = desk.conn
    household = desk.households.get(household_id)
    if household is None:
        return {"household": None}
    building = conn.execute(
        "SELECT number FROM building WHERE id = ?", (household["building_id"],)
    ).fetchone()
    members = desk.households.members(household_id)
    ids = [m["id"] for m in members]
    marks = ",".join("?" * len(ids)) or "NULL"

    def rows(sql: str, params: list[Any]) -> list[Row]:
        return [dict(r) for r in conn.execute(sql, params)]

    referrals = rows(
        "SELECT r.*, p.name AS person_name FROM referral r JOIN person p ON p.id = r.person_id"
        f" WHERE r.person_id IN ({marks}) AND r.deleted = 0 ORDER BY r.date DESC",
        ids,
    )
    visits = rows(
        "SELECT * FROM visit WHERE household_id = ? AND deleted = 0"
        " ORDER BY date DESC, created_at DESC",
        [household_id],
    )
    needs = rows(
        "SELECT n.*, p.name AS person_name FROM need n LEFT JOIN person p ON p.id = n.person_id"
        " WHERE n.household_id = ? AND n.deleted = 0 ORDER BY n.raised_date DESC",
        [household_id],
    )
    trainings = rows(
        "SELECT t.*, p.name AS person_name FROM training t JOIN person p ON p.id = t.person_id"
        f" WHERE t.person_id IN ({marks}) AND t.deleted = 0 ORDER BY t.start_date DESC",
        ids,
    )
    history = rows(
        "SELECT tbl, row_id, hlc, fields, base FROM outbox WHERE (tbl = 'household' AND row_id = ?)"
        f" OR (tbl = 'person' AND row_id IN ({marks})) ORDER BY seq DESC LIMIT 300",
        [household_id, *ids],
    )
    buildings = [
        (r["id"], r["number"])
        for r in conn.execute(
            "SELECT id, number FROM building WHERE deleted = 0"
            " ORDER BY CAST(number AS INTEGER), number"
        )
    ]
    return {
        "household": household,
        "building": building["number"] if building else "",
        "members": members,
        "referrals": referrals,
        "visits": visits,
        "needs": needs,
        "trainings": trainings,
        "history": history,
        "buildings": buildings,
        # The edit dialog keeps the fields the server withholds from this role read-only.
        "role": desk.setting("sync_role") or "",
    }


def per_capita(household: Row, members: int) -> float:
    total = sum(float(household.get(k) or 0) for k in INCOME)
    return total / members if members else total


def _money(value: Any) -> str:
    return f"{float(value or 0):,.0f}"


def _when(stamp: str) -> str:
    try:
        ms, _, _ = hlc.parse(stamp)
    except ValueError:
        return stamp
    return datetime.datetime.fromtimestamp(ms / 1000).strftime("%Y-%m-%d %H:%M")


class DataTable(QTableWidget):
    """A read-only table of a few hundred rows at most; cells are data, headers are labels."""

    def __init__(self, headers: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(0, len(headers), parent)
        self.header_sources = headers  # (context, English)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)
        self.setAlternatingRowColors(True)
        self.retranslate()

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels([T(c, s) for c, s in self.header_sources])

    def fill(self, rows: list[list[Any]], keys: list[Any] | None = None) -> None:
        self.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                item = QTableWidgetItem("" if value is None else str(value))
                if keys is not None and c == 0:
                    item.setData(Qt.ItemDataRole.UserRole, keys[r])
                self.setItem(r, c, item)

    def selected_key(self) -> Any:
        row = self.currentRow()
        item = self.item(row, 0) if row >= 0 else None
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)


def H(text: str) -> tuple[str, str]:
    return ("HouseholdDetail", text)


class HouseholdDetail(QWidget):
    loaded = Signal(str)

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window_ = window
        self.tasks = window.tasks
        self.household_id = ""
        self.data: Row = {}
        self.started = 0.0

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

        self.facts_box = QGroupBox()
        facts = QGridLayout(self.facts_box)
        self.fact_labels: list[tuple[QLabel, str]] = []
        self.fact_values: dict[str, QLabel] = {}
        fact_fields = [
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
        ]
        for i, field in enumerate(fact_fields):
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
        upper = QHBoxLayout()
        upper.addWidget(self.facts_box, 3)
        upper.addWidget(self.income_box, 1)

        self.members = DataTable(
            [
                H("Name"),
                H("Relation"),
                H("Gender"),
                H("Age"),
                H("ID number"),
                H("Employment"),
                H("Employer"),
                H("Schooling"),
                H("Insurance"),
                H("Special groups"),
                H("Phone"),
            ]
        )
        self.members.setObjectName("membersTable")
        self.members.doubleClicked.connect(lambda _i: self.edit_member())
        self.member_buttons: dict[str, QPushButton] = {}
        buttons = QHBoxLayout()
        for key, slot in (
            ("add", self.add_member),
            ("edit", self.edit_member),
            ("move", self.move_member),
            ("remove", self.remove_member),
        ):
            button = QPushButton()
            button.setObjectName(f"member_{key}")
            button.clicked.connect(slot)
            self.member_buttons[key] = button
            buttons.addWidget(button)
        self.action_buttons: list[tuple[QPushButton, pages.ActionSpec]] = []
        # What acts on the selected member sits with the member buttons; what acts on the
        # whole household gets its own row, so the two rows fit a 1280-pixel window in English.
        household_row = QHBoxLayout()
        for spec in pages.household_actions():
            button = QPushButton()
            button.setObjectName(f"action_{spec.key}")
            button.clicked.connect(lambda _c=False, s=spec: self._run_action(s))
            self.action_buttons.append((button, spec))
            (buttons if spec.needs_member else household_row).addWidget(button)
        buttons.addStretch(1)
        household_row.addStretch(1)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("householdTabs")
        self.members_tab = QWidget()
        members_layout = QVBoxLayout(self.members_tab)
        members_layout.addLayout(household_row)
        members_layout.addLayout(buttons)
        members_layout.addWidget(self.members)
        self.referrals = DataTable(
            [
                H("Date"),
                H("Person"),
                H("Employer"),
                H("Position"),
                H("Kind"),
                H("Wage offered"),
                H("Outcome"),
            ]
        )
        self.visits = DataTable([H("Date"), H("Visitor"), H("Kind"), H("Met"), H("Notes")])
        self.needs = DataTable(
            [
                H("Raised"),
                H("Category"),
                H("Description"),
                H("Status"),
                H("Assignee"),
                H("Due"),
                H("Resolution"),
            ]
        )
        self.trainings = DataTable(
            [H("Person"), H("Course"), H("Start"), H("End"), H("Certificate")]
        )
        self.history = DataTable([H("When"), H("Record"), H("Changed fields"), H("State")])
        self.tab_widgets = [
            (self.members_tab, N("HouseholdDetail", "Members")),
            (self.referrals, N("HouseholdDetail", "Referrals")),
            (self.visits, N("HouseholdDetail", "Visits")),
            (self.needs, N("HouseholdDetail", "Needs")),
            (self.trainings, N("HouseholdDetail", "Trainings")),
            (self.history, N("HouseholdDetail", "History")),
        ]
        for widget, _name in self.tab_widgets:
            self.tabs.addTab(widget, "")

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(upper)
        layout.addWidget(self.tabs, 1)
        window.data_changed.connect(self._data_changed)
        self.retranslateUi()

    # -- loading -----------------------------------------------------------------------
    def load(self, household_id: str) -> None:
        import time

        self.started = time.perf_counter()
        self.household_id = household_id
        self.tasks.run_read(
            lambda desk: load_household(desk, household_id), self._show, key="household-detail"
        )

    def reload(self) -> None:
        if self.household_id:
            self.load(self.household_id)

    def _data_changed(self, _table: str) -> None:
        if self.isVisible():
            self.reload()

    def _show(self, data: Row) -> None:
        self.data = data
        self.show_data()
        self.loaded.emit(self.household_id)
        self.window_.household_opened.emit(self.household_id)

    def show_data(self) -> None:
        data = self.data
        h = data.get("household")
        if not h:
            self.heading.setText(T("HouseholdDetail", "This household no longer exists."))
            return
        members: list[Row] = data["members"]
        by_id = {m["id"]: m for m in members}
        head = by_id.get(h.get("head_person_id"))
        room = "-".join(str(p) for p in (data["building"], h["unit"], h["room"]) if p)
        self.heading.setText(f"{room}  {head['name'] if head else ''}")
        flags = [title(f) for f in ("formerly_poor", "monitored", "extreme_poverty") if h.get(f)]
        if h.get("dibao") not in (None, "none"):
            flags.append(enum_label(enums.DIBAO, h["dibao"]))
        origin = " ".join(
            x
            for x in (h.get("origin_county"), h.get("origin_township"), h.get("origin_village"))
            if x
        )
        values = {
            "household_no": h["household_no"],
            "room": room,
            "head_person_id": head["name"] if head else "",
            "phone": h.get("phone") or "",
            "origin_village": origin,
            "move_in_date": h.get("move_in_date") or "",
            "registration_status": enum_label(enums.REGISTRATION_STATUS, h["registration_status"]),
            "status": enum_label(enums.HOUSEHOLD_STATUS, h["status"]),
            "flags": ", ".join(flags),
            "notes": h.get("notes") or "",
        }
        for key, label in self.fact_values.items():
            label.setText(str(values.get(key, "")))
        total = sum(float(h.get(k) or 0) for k in INCOME)
        for key in INCOME:
            self.income_values[key].setText(_money(h.get(key)))
        self.income_values["total"].setText(_money(total))
        self.income_values["per_capita"].setText(_money(per_capita(h, len(members))))
        self.members.fill([self._member_cells(m) for m in members], [m["id"] for m in members])
        self.referrals.fill(
            [
                [
                    r["date"],
                    r["person_name"],
                    r["employer"],
                    r.get("position"),
                    enum_label(enums.REFERRAL_KIND, r["kind"]),
                    _money(r["wage_offered"]) if r.get("wage_offered") else "",
                    enum_label(enums.REFERRAL_OUTCOME, r["outcome"]),
                ]
                for r in data["referrals"]
            ],
            [r["id"] for r in data["referrals"]],
        )
        self.visits.fill(
            [
                [
                    v["date"],
                    v["visitor"],
                    enum_label(enums.VISIT_KIND, v["kind"]),
                    v.get("met"),
                    v.get("notes"),
                ]
                for v in data["visits"]
            ],
            [v["id"] for v in data["visits"]],
        )
        self.needs.fill(
            [
                [
                    n["raised_date"],
                    enum_label(enums.NEED_CATEGORY, n["category"]),
                    n["description"],
                    enum_label(enums.NEED_STATUS, n["status"]),
                    n.get("assignee"),
                    n.get("due_date"),
                    n.get("resolution"),
                ]
                for n in data["needs"]
            ],
            [n["id"] for n in data["needs"]],
        )
        self.trainings.fill(
            [
                [
                    t["person_name"],
                    t["course"],
                    t.get("start_date"),
                    t.get("end_date"),
                    t.get("certificate"),
                ]
                for t in data["trainings"]
            ]
        )
        self.history.fill([self._history_cells(e, by_id) for e in data["history"]])
        self._retitle_tabs()

    def _member_cells(self, m: Row) -> list[Any]:
        years = age(m.get("birth_date"))
        insurance = ", ".join(title(k) for k in INSURANCE if m.get(k))
        groups = [title(k) for k in GROUPS if m.get(k)]
        if m.get("serious_illness"):
            groups.append(title("serious_illness"))
        return [
            m["name"],
            enum_label(enums.RELATION, m.get("relation")),
            enum_label(enums.GENDER, m.get("gender")),
            "" if years is None else years,
            m.get("id_number") or "",
            enum_label(enums.EMPLOYMENT_STATUS, m["employment_status"]),
            m.get("employer") or "",
            enum_label(enums.SCHOOL_STATUS, m["school_status"]),
            insurance,
            ", ".join(groups),
            m.get("phone") or "",
        ]

    def _history_cells(self, entry: Row, members: dict[str, Row]) -> list[Any]:
        import orjson

        changed = orjson.loads(entry["fields"])
        if entry["tbl"] == "household":
            record = T("HouseholdDetail", "Household")
        else:
            person = members.get(entry["row_id"])
            record = person["name"] if person else T("HouseholdDetail", "Member")
        if orjson.loads(entry["base"] or "{}") or "deleted" in changed:
            names = ", ".join(title(k) for k in changed if k != "community_id")
        else:
            names = T("HouseholdDetail", "created")
        return [_when(entry["hlc"]), record, names, T("HouseholdDetail", "not yet sent")]

    def _retitle_tabs(self) -> None:
        counts = {
            "Members": len(self.data.get("members", [])),
            "Referrals": len(self.data.get("referrals", [])),
            "Visits": len(self.data.get("visits", [])),
            "Needs": len(self.data.get("needs", [])),
            "Trainings": len(self.data.get("trainings", [])),
        }
        for i, (_w, name) in enumerate(self.tab_widgets):
            text = T("HouseholdDetail", name)
            if name in counts:
                text += f" ({counts[name]})"
            self.tabs.setTabText(i, text)

    # -- actions -----------------------------------------------------------------------
    def selected_member(self) -> Row | None:
        key = self.members.selected_key()
        for m in self.data.get("members", []):
            if m["id"] == key:
                return dict(m)
        return None

    def _saved(self, table: str) -> None:
        self.window_.notify_changed(table)

    def edit_household(self) -> None:
        from ui.dialogs.household_edit import HouseholdEditDialog

        h = self.data.get("household")
        if not h:
            return
        members = [(m["id"], m["name"]) for m in self.data["members"]]
        dialog = HouseholdEditDialog(self.tasks, h, self.data["buildings"], members, self)
        dialog.saved.connect(lambda _r: self._saved("household"))
        dialog.open()

    def add_member(self) -> None:
        from ui.dialogs.person_edit import PersonEditDialog

        if not self.household_id:
            return
        dialog = PersonEditDialog(
            self.tasks, self.household_id, None, self, role=self.data.get("role", "")
        )
        dialog.saved.connect(lambda _r: self._saved("person"))
        dialog.open()

    def edit_member(self) -> None:
        from ui.dialogs.person_edit import PersonEditDialog

        member = self.selected_member()
        if member is None:
            return
        dialog = PersonEditDialog(
            self.tasks, self.household_id, member, self, role=self.data.get("role", "")
        )
        dialog.saved.connect(lambda _r: self._saved("person"))
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
        self.tasks.run_db(lambda desk: desk.people.delete(pid), lambda _r: self._saved("person"))

    def _run_action(self, spec: pages.ActionSpec) -> None:
        member = self.selected_member()
        if spec.needs_member and member is None:
            QMessageBox.information(
                self, T("actions", spec.title), T("HouseholdDetail", "Select a member first.")
            )
            return
        if self.data.get("household"):
            spec.callback(self.window_, dict(self.data["household"]), member)

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


class MoveMemberDialog(QDialog):
    """Find the household a member moves to (by room, name or number) and move them."""

    moved = Signal()

    def __init__(self, window: MainWindow, member: Row, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("moveMemberDialog")
        self.tasks = window.tasks
        self.member = member
        self.query = QLineEdit()
        self.query.setObjectName("moveSearch")
        self.results = QListWidget()
        self.results.setObjectName("moveResults")
        self.results.setProperty("i18n_data", True)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828;")
        self.error.setProperty("i18n_data", True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.do_move)
        self.buttons.rejected.connect(self.reject)
        self.query.textEdited.connect(self._search)
        self.results.itemDoubleClicked.connect(lambda _i: self.do_move())
        self.prompt = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addWidget(self.query)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setWindowTitle(T("HouseholdDetail", "Move to another household"))
        self.prompt.setText(
            T(
                "HouseholdDetail", "Find the household %1 moves to (room, name or household no.):"
            ).replace("%1", member["name"])
        )
        self.resize(480, 400)

    def _search(self, text: str) -> None:
        current = self.member["household_id"]

        def find(desk: Desk) -> list[tuple[str, str]]:
            seen: dict[str, str] = {}
            for hit in desk.search(text, 40):
                if hit.household_id != current and hit.household_id not in seen:
                    label = hit.title if hit.kind == "household" else f"{hit.detail} {hit.title}"
                    seen[hit.household_id] = label
            return list(seen.items())

        self.tasks.run_read(find, self._show, key="move-member-search")

    def _show(self, found: list[tuple[str, str]]) -> None:
        self.results.clear()
        for hid, label in found:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, hid)
            self.results.addItem(item)
        if found:
            self.results.setCurrentRow(0)

    def do_move(self) -> None:
        item = self.results.currentItem()
        if item is None:
            self.error.setText(T("HouseholdDetail", "Choose a household first."))
            return
        target, pid = item.data(Qt.ItemDataRole.UserRole), self.member["id"]

        def done(_row: Any) -> None:
            self.moved.emit()
            self.accept()

        def failed(err: BaseException) -> None:
            from ui.errors import friendly_message

            self.error.setText(friendly_message(err))

        self.tasks.run_db(lambda desk: desk.people.move(pid, target), done, failed)
