"""Warnings: every current warning with its facts and the person responsible, filtered by
area, level and building; acknowledge or snooze one with a reason and an end date."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from relocdesk import enums
from relocdesk.queries.warnings import grouped, roles
from ui.dialogs.referral_edit import SavingDialog, date_edit
from ui.i18n import N
from ui.views import warning_households
from ui.views.my_buildings import MyBuildingsBar
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
    PALE_RED,
    RED,
    Row,
    RowsModel,
    RowsTable,
    WorkPage,
    address,
    label,
    lang,
    user_name,
)

if TYPE_CHECKING:
    from relocdesk.desk import Desk
    from relocdesk.queries.warnings import Warning, WarningRow


def text_of(value: Any) -> str:
    """Titles and facts come as {"zh": ..., "en": ...} (or a warning that words its facts
    when asked); chosen when drawn, so a language switch needs no reload."""
    if value is None:
        return ""
    if hasattr(value, "explanation"):
        return str(value.explanation(lang()))
    if isinstance(value, dict):
        return str(value.get(lang()) or value.get("zh") or "")
    if isinstance(value, tuple | list) and len(value) == 2:
        return str(value[0] if lang() == "zh" else value[1])
    return str(value)


def field(row: Row, name: str) -> Any:
    """A warning's field, read when the row is drawn ("" reads as None)."""
    if name in row:
        return row[name]
    return getattr(row["w"], name, None) or None


def as_rows(rows: Sequence[Any]) -> list[Row]:
    """Typed rows for a table, which draws any dict (a TypedDict row is one)."""
    return cast("list[Row]", list(rows))


def where(row: Row) -> str:
    return address({k: field(row, k) for k in ("building_no", "unit", "room")})


def load(desk: Desk, on: datetime.date) -> list[WarningRow]:
    return desk.warnings.rows(on)


def hand_over(desk: Desk, warning: Warning, on: datetime.date) -> dict[str, Any]:
    return desk.warnings.hand_over(warning.indicator, warning.subject_id, on)


def hand_over_household(desk: Desk, household_id: str, on: datetime.date) -> list[dict[str, Any]]:
    return desk.warnings.hand_over_household(household_id, on)


def acknowledge(
    desk: Desk, warning: Warning, reason: str, until: str | None, by: str
) -> dict[str, Any]:
    return desk.warnings.acknowledge(warning.indicator, warning.subject_id, reason, until, by)


class AckDialog(SavingDialog):
    """Acknowledge a warning (it is being handled) or snooze it until a date."""

    table = "warning_ack"

    def __init__(self, tasks: Any, warning: WarningRow, parent: QWidget | None = None) -> None:
        super().__init__(tasks, parent)
        self.warning = warning
        self.reason = QLineEdit()
        self.by = QLineEdit(user_name())
        self.has_until = QCheckBox(self.tr("Snooze until"))
        self.until = date_edit()
        self.until.setDate(QDate.currentDate().addDays(30))
        self.until.setEnabled(False)
        self.has_until.toggled.connect(self.until.setEnabled)
        until_row = QHBoxLayout()
        until_row.addWidget(self.has_until)
        until_row.addWidget(self.until, 1)
        form = QFormLayout()
        what = f"{text_of(warning['w'].title)} — {text_of(warning['w'])}"
        form.addRow(self.tr("Warning"), QLabel(what))
        form.addRow(self.tr("Reason"), self.reason)
        form.addRow(self.tr("By"), self.by)
        form.addRow("", until_row)
        self.lay_out(form, self.tr("Acknowledge warning"), self.reason, 480)

    def values(self) -> dict[str, Any]:
        return {
            "indicator": self.warning["w"].indicator,
            "subject_id": self.warning["w"].subject_id,
            "acked_by": self.by.text(),
            "acked_date": datetime.date.today().isoformat(),
            "reason": self.reason.text(),
            "until": self.until.date().toString("yyyy-MM-dd")
            if self.has_until.isChecked()
            else None,
        }

    def write(self, desk: Desk, values: dict[str, Any]) -> Any:
        return acknowledge(
            desk, self.warning["w"], values["reason"], values["until"], values["acked_by"]
        )


class WarningsPage(WorkPage):
    watches = frozenset({DAY, "warning_ack", "person", "household", "settings", "need"})

    def __init__(self, window: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(window, parent)
        self.rows: list[WarningRow] = []
        self._areas: list[tuple[str, Any]] = []
        self._buildings: list[tuple[str, str]] = []
        self._heads: list[tuple[str, str]] = []
        self.dialog: Any = None
        self.level = QComboBox()
        self.area = QComboBox()
        self.building = QComboBox()
        self.building.setProperty("i18n_data", True)  # building numbers
        self.head = QComboBox()
        self.head.setProperty("i18n_data", True)  # building heads' names
        self.show_acked = QCheckBox()
        # Triage: by household (red households first) unless each warning is asked for.
        self.grouped = QCheckBox()
        self.grouped.setChecked(True)
        for combo in (self.level, self.area, self.building, self.head):
            combo.currentIndexChanged.connect(self._filter)
        self.show_acked.toggled.connect(self._filter)
        self.grouped.toggled.connect(self._show_view)
        self.count = QLabel()
        self.ack_button = QPushButton()
        self.ack_button.clicked.connect(self.acknowledge)
        # 交办: the chosen warning, or all of the chosen household's, become needs
        self.hand_button = QPushButton()
        self.hand_button.clicked.connect(self.hand_over)
        self.message = QLabel()
        # Both bars wrap onto more rows in a narrow window (an 800-pixel screen).
        top = FlowLayout()
        self.level_label, self.area_label, self.building_label = QLabel(), QLabel(), QLabel()
        self.head_label = QLabel()
        for lab, combo in (
            (self.level_label, self.level),
            (self.area_label, self.area),
            (self.building_label, self.building),
            (self.head_label, self.head),
        ):
            top.addWidget(pair(lab, combo))
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        # Export sits on the filters' row: the second row is full in English already.
        self.exporter = Exporter(self, lambda: self.tasks)
        self.export_button = export_button(self, lambda: self.exporter.ask(self.shown))
        top.addWidget(self.export_button)
        # the second row: how the list is shown, its count and what to do with a row
        actions = FlowLayout()
        actions.addWidget(self.grouped)
        actions.addWidget(self.show_acked)
        actions.addWidget(self.count)
        actions.addWidget(self.hand_button)
        actions.addWidget(self.ack_button)
        self.table = RowsTable(
            RowsModel(
                self._headers,
                self._cells,
                foreground=lambda r: RED if r["level"] == "red" else None,
                background=lambda r: (
                    None if r["acked"] else PALE_RED if r["level"] == "red" else PALE_AMBER
                ),
            )
        )
        self.table.rowActivated.connect(lambda r: self.open_household(r.get("household_id")))
        self.households = warning_households.table()
        self.households.rowActivated.connect(self._open_group)
        self.views = QStackedWidget()
        self.views.addWidget(self.households)
        self.views.addWidget(self.table)
        # A building head's buildings, with the households warned in each (hidden otherwise).
        self.my_buildings = MyBuildingsBar()
        layout = QVBoxLayout(self)
        layout.addWidget(self.my_buildings)
        layout.addLayout(top)
        layout.addLayout(actions)
        # What was just done (handed over, acknowledged), on a line of its own: it wraps.
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        layout.addWidget(self.views, 1)
        self.retranslate()

    def refresh(self) -> None:
        on = datetime.date.today()
        self.run_read(lambda desk: load(desk, on), self._loaded_rows, key="warnings")
        self.run_read(lambda desk: desk.my_buildings(), self.my_buildings.set_data, key="mine")

    def _loaded_rows(self, rows: list[WarningRow]) -> None:
        self.rows = rows
        warned: dict[str, set[str]] = {}
        for r in rows:
            if not r["acked"] and r["building_id"]:
                warned.setdefault(r["building_id"], set()).add(r["household_id"] or "")
        self.my_buildings.set_warned(warned)
        # The choices of the filters, worked out once per load.
        names: dict[str, Any] = {}
        buildings: dict[str, str] = {}
        heads: set[str] = set()
        for r in rows:
            if r["area_code"] and r["area_code"] not in names:
                names[r["area_code"]] = r["w"].area_label or r["area_code"]
            if r["building_id"] and r["building_id"] not in buildings:
                buildings[r["building_id"]] = str(r["w"].building_no or "")
            heads.add(r["w"].building_head or "")
        self._areas = list(names.items())
        self._buildings = sorted(buildings.items(), key=lambda b: (len(b[1]), b[1]))
        self._heads = [(name, name) for name in sorted(heads - {""})]
        self._fill_filters()
        self._filter()

    def _fill_filters(self) -> None:
        for combo, values in (
            (
                self.area,
                [(code, text_of(name)) for code, name in self._areas],
            ),
            (
                self.building,
                self._buildings,
            ),
            (self.head, self._heads),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(self.tr("All"), None)
            for code, text in values:
                combo.addItem(text, code)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)
        current = self.level.currentData()
        self.level.blockSignals(True)
        self.level.clear()
        self.level.addItem(self.tr("All"), None)
        self.level.addItem(self.tr("Red"), "red")
        self.level.addItem(self.tr("Yellow"), "yellow")
        self.level.setCurrentIndex(max(0, self.level.findData(current)))
        self.level.blockSignals(False)

    def _filter(self) -> None:
        level, area, building, head = (
            self.level.currentData(),
            self.area.currentData(),
            self.building.currentData(),
            self.head.currentData(),
        )
        rows = [
            r
            for r in self.rows
            if (level is None or r["level"] == level)
            and (area is None or r["area_code"] == area)
            and (building is None or r["building_id"] == building)
            and (head is None or r["w"].building_head == head)
            and (self.show_acked.isChecked() or not r["acked"])
        ]
        self.table.rows_model.set_rows(as_rows(rows))
        self.table.resizeColumnsToContents()
        self.table.select_first()
        groups = grouped(r["w"] for r in rows)
        links = {(r["w"].indicator, r["w"].subject_id): r["handling"] for r in rows}
        self.households.rows_model.set_rows(warning_households.as_rows(groups, links))
        self.households.resizeColumnsToContents()
        self.households.select_first()
        self._show_view()

    def hand_over(self) -> None:
        """The household's warnings (by household) or the one warning, handed over as needs."""
        grouped_view = self.grouped.isChecked()
        row = (self.households if grouped_view else self.table).current_row()
        if row is None or not row.get("household_id"):
            return
        on = datetime.date.today()
        if grouped_view:
            hid = str(row["household_id"])
            self.run_db(
                lambda desk: hand_over_household(desk, hid, on), self._handed, key="hand-over"
            )
        else:
            w = row["w"]
            self.run_db(lambda desk: [hand_over(desk, w, on)], self._handed, key="hand-over")

    def _handed(self, needs: list[dict[str, Any]]) -> None:
        made = sum(1 for n in needs if n.get("new"))
        self.message.setText(
            self.tr("%1 needs made, %2 already in handling")
            .replace("%1", str(made))
            .replace("%2", str(len(needs) - made))
        )
        self.changed("need")
        self.refresh()

    def _open_group(self, row: Row) -> None:
        if row.get("household_id"):
            self.open_household(row["household_id"])

    def _show_view(self) -> None:
        self.views.setCurrentWidget(self.households if self.grouped.isChecked() else self.table)
        self.retranslate()

    def acknowledge(self) -> None:
        row = self.table.current_row()
        if row is None:
            return
        self.dialog = AckDialog(self.tasks, cast("WarningRow", row), parent=self)
        self.dialog.accepted.connect(self._saved)
        self.dialog.open()

    def _saved(self) -> None:
        self.changed("warning_ack")
        self.refresh()

    # -- export (Ctrl+E): the view on screen, by household or each warning -------------------
    def export_to(self, path: str) -> None:
        self.exporter.run(self.shown(), path)

    def shown(self) -> ListOnScreen:
        combos = (
            (self.level_label, self.level),
            (self.area_label, self.area),
            (self.building_label, self.building),
            (self.head_label, self.head),
        )
        filters = filter_captions(
            [(lab.text(), c.currentText() if c.currentData() else None) for lab, c in combos]
            + [(self.show_acked.text(), self.show_acked.isChecked())]
        )
        if self.grouped.isChecked():
            model = self.households.rows_model
            return table_on_screen(
                "warned_households", N("export", "Warned households"), model, filters
            )
        return table_on_screen("warnings", N("export", "Warnings"), self.table.rows_model, filters)

    def retranslate(self) -> None:
        retranslate_button(self.export_button)
        self.my_buildings.retranslate()
        self.level_label.setText(self.tr("Level"))
        self.area_label.setText(self.tr("Area"))
        self.building_label.setText(self.tr("Building"))
        self.head_label.setText(self.tr("Building head"))
        self.grouped.setText(self.tr("By household"))
        self.show_acked.setText(self.tr("Show acknowledged"))
        self.ack_button.setText(self.tr("Acknowledge or snooze…"))
        self.hand_button.setText(
            self.tr("Hand over the household's warnings")
            if self.grouped.isChecked()
            else self.tr("Hand over as a need")
        )
        self._fill_filters()
        shown = self.table.rows_model.rows
        red = sum(1 for r in shown if r["level"] == "red")
        text = self.tr("%1 warnings, %2 red").replace("%1", str(len(shown))).replace("%2", str(red))
        if self.grouped.isChecked():
            homes = self.households.rows_model.rows
            text = (
                self.tr("%1 households (%2 with red warnings), ")
                .replace("%1", str(len(homes)))
                .replace("%2", str(sum(1 for g in homes if g["red"])))
                + text
            )
        self.count.setText(text)
        # acknowledging is about one warning: from the list of each warning
        self.ack_button.setEnabled(bool(shown) and not self.grouped.isChecked())
        self.hand_button.setEnabled(bool(shown))
        self.table.rows_model.relabel()
        self.households.rows_model.relabel()

    def _headers(self) -> list[str]:
        return [
            self.tr("Level"),
            self.tr("Area"),
            self.tr("Warning"),
            self.tr("Household"),
            self.tr("Address"),
            self.tr("Person"),
            # who follows it up stays in view; the facts, long in English, come last
            self.tr("Responsible"),
            self.tr("Acknowledged"),
            self.tr("Handling"),
            self.tr("Facts"),
        ]

    def _cells(self, r: Row) -> list[Any]:
        level = self.tr("Red") if r["level"] == "red" else self.tr("Yellow")
        acked = ""
        if r["acked"]:
            until = field(r, "until")
            acked = self.tr("until %1").replace("%1", until) if until else "✓"
        return [
            level,
            _capital(text_of(field(r, "area_label"))),
            text_of(field(r, "title")),
            field(r, "household_no"),
            where(r),
            field(r, "person_name"),
            _responsible(field(r, "responsible")),
            acked,
            self._handling(r.get("handling")),
            text_of(r["w"]),
        ]

    def _handling(self, link: Any) -> str:
        """ "In handling: open" while its need is worked on; the need's status once done."""
        if link is None:
            return ""
        status = label(enums.NEED_STATUS, link.status)
        if link.in_handling:
            return self.tr("In handling: %1").replace("%1", status)
        return status


def _responsible(name: Any) -> Any:
    """A person's name as it is; a role (no secretary or clerk named in the settings, no
    building head for the building) in the language of the screen."""
    if lang() != "zh":
        for zh, en in roles().values():
            if name == zh:
                return _capital(en)
            if name == zh + "（未指定）":
                return f"{_capital(en)} (not assigned)"
    return name


def _capital(text: str) -> str:
    """'medical care' -> 'Medical care' in a cell; Chinese is unchanged."""
    return text[:1].upper() + text[1:]
