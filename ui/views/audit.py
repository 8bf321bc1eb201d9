"""Audit: who viewed, revealed, printed or exported whose data, and when.

Filters by who looked (the signed-in person), household (number or room), person looked at
(name or ID number), kind and days; exports to Excel (Ctrl+E)
every entry of the filter, beyond the newest LIMIT the page lists, with the page's columns
and language (that export is itself an audit row). Reads on the reader thread; a household
typed in the filter is looked up there too.
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from relocdesk import enums
from ui.i18n import N
from ui.widgets.flow_layout import FlowLayout, pair
from ui.widgets.list_export import (
    Exporter,
    ListOnScreen,
    export_button,
    filter_captions,
    retranslate_button,
)
from ui.work_pages import Row, RowsModel, RowsTable, WorkPage, label

if TYPE_CHECKING:
    from relocdesk.desk import Desk

# How far back the list starts when the page opens: the looks of the last month.
DEFAULT_DAYS = 31
LIMIT = 2000


@dataclasses.dataclass(frozen=True)
class Filters:
    actor: str | None = None
    household: str = ""  # as typed: household number or room
    resident: str = ""  # the person looked at, as typed: name or ID number
    action: str | None = None
    since: datetime.date | None = None
    until: datetime.date | None = None


def _household_id(desk: Desk, typed: str) -> str | None:
    found = desk.households.by_number(typed) or desk.households.by_room(typed)
    return str(found["id"]) if found else None


def _query(desk: Desk, f: Filters) -> dict[str, Any]:
    """What ``audit_trail`` takes for these filters; ``None`` as household: none matches."""
    query: dict[str, Any] = {
        "actor": f.actor,
        "action": f.action,
        "since": f.since,
        "until": f.until,
    }
    if f.household.strip():
        query["household_id"] = _household_id(desk, f.household.strip()) or "-"
    if f.resident.strip():
        query["person_id"] = desk.people_called(f.resident)  # none found: no row matches
    return query


def load(desk: Desk, f: Filters) -> dict[str, Any]:
    entries = desk.audit_trail(limit=LIMIT, **_query(desk, f))
    return {"rows": [dataclasses.asdict(e) for e in entries], "choices": desk.audit_choices()}


def every_entry(desk: Desk, f: Filters) -> list[Row]:
    """Every entry of the filter, newest first: what an export writes."""
    entries = desk.audit_trail(limit=1_000_000, **_query(desk, f))
    return [dataclasses.asdict(e) for e in entries]


class AuditPage(WorkPage):
    watches = frozenset({"audit"})

    def __init__(self, window: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(window, parent)
        self.person = QComboBox()
        self.person.setObjectName("auditPerson")
        self.household = QLineEdit()
        self.household.setObjectName("auditHousehold")
        self.household.returnPressed.connect(self.refresh)
        self.resident = QLineEdit()
        self.resident.setObjectName("auditResident")
        self.resident.returnPressed.connect(self.refresh)
        # Sized to the longest name: in the flow bar a combo gets the width it asks for.
        self.person.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.kind = QComboBox()
        self.kind.setObjectName("auditKind")
        self.use_since = QCheckBox()
        self.use_since.setChecked(True)
        self.since = QDateEdit(QDate.currentDate().addDays(-DEFAULT_DAYS))
        self.until = QDateEdit(QDate.currentDate())
        self.use_until = QCheckBox()
        for box in (self.since, self.until):
            box.setCalendarPopup(True)
            box.setDisplayFormat("yyyy-MM-dd")
            box.dateChanged.connect(lambda _d: self.refresh())
        for check in (self.use_since, self.use_until):
            check.toggled.connect(lambda _c: self.refresh())
        self.person.activated.connect(lambda _i: self.refresh())
        self.kind.activated.connect(lambda _i: self.refresh())
        self.search = QPushButton()
        self.search.clicked.connect(self.refresh)
        self.exporter = Exporter(self, lambda: self.tasks)
        self.export_button = export_button(self, self.export)
        self.export_button.setObjectName("auditExport")
        self.count = QLabel()
        self.count.setObjectName("auditCount")
        self.model = RowsModel(self._headers, self._cells, parent=self)
        self.table = RowsTable(self.model)
        self.table.setObjectName("auditTable")
        self.table.rowActivated.connect(self._open)
        self.captions = [QLabel() for _ in range(4)]
        # One flow of filters: it wraps onto more rows in a narrow window (an 800-pixel screen).
        bar = FlowLayout()
        for caption, field in (
            (self.captions[0], self.person),
            (self.captions[1], self.household),
            (self.captions[3], self.resident),
            (self.use_since, self.since),
            (self.use_until, self.until),
            (self.captions[2], self.kind),
        ):
            bar.addWidget(pair(caption, field))
        bar.addWidget(self.search)
        bar.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.count)
        layout.addWidget(self.table, 1)
        self.actors: list[str] = []
        self.retranslate()

    # -- filters -------------------------------------------------------------------------
    def filters(self) -> Filters:
        return Filters(
            actor=self.person.currentData(),
            household=self.household.text(),
            resident=self.resident.text(),
            action=self.kind.currentData(),
            since=self.since.date().toPython() if self.use_since.isChecked() else None,  # type: ignore[arg-type]
            until=self.until.date().toPython() if self.use_until.isChecked() else None,  # type: ignore[arg-type]
        )

    def _fill_people(self, actors: list[str]) -> None:
        if actors == self.actors and self.person.count():
            return
        chosen = self.person.currentData()
        self.actors = actors
        self.person.clear()
        self.person.addItem(self.tr("Everyone"), None)
        for name in actors:
            self.person.addItem(name, name)
        self.person.setCurrentIndex(max(0, self.person.findData(chosen)))

    def _fill_kinds(self) -> None:
        chosen = self.kind.currentData()
        self.kind.clear()
        self.kind.addItem(self.tr("Every kind"), None)
        for code in enums.AUDIT_ACTION:
            self.kind.addItem(label(enums.AUDIT_ACTION, code), code)
        self.kind.setCurrentIndex(max(0, self.kind.findData(chosen)))

    # -- loading -------------------------------------------------------------------------
    def refresh(self) -> None:
        f = self.filters()
        self.run_read(lambda desk: load(desk, f), self._show, key="audit")

    def _show(self, found: dict[str, Any]) -> None:
        self._fill_people(found["choices"].actors)
        self.model.set_rows(found["rows"])
        shown = len(found["rows"])
        text = self.tr("%1 looks at personal data").replace("%1", f"{shown:,}")
        if shown >= LIMIT:
            text += " " + self.tr("(the newest %1; narrow the filters to see older ones)").replace(
                "%1", f"{LIMIT:,}"
            )
        self.count.setText(text)
        self.table.resizeColumnsToContents()

    def _open(self, row: Row) -> None:
        if row.get("household_id"):
            self.open_household(str(row["household_id"]))

    def export(self) -> None:
        self.exporter.ask(self.shown)

    def export_to(self, path: str) -> None:
        self.exporter.run(self.shown(), path, lambda _n: self.count.setText(self.exporter.status))

    def shown(self) -> ListOnScreen:
        f, cells = self.filters(), self._cells
        captions = [c.text() for c in self.captions]
        filters = filter_captions(
            [
                (captions[0], f.actor),
                (captions[1], f.household.strip()),
                (captions[3], f.resident.strip()),
                (captions[2], self.kind.currentText() if f.action else None),
                (self.use_since.text(), f.since and f.since.isoformat()),
                (self.use_until.text(), f.until and f.until.isoformat()),
            ]
        )

        def rows(desk: Desk) -> tuple[int, Any]:
            found = every_entry(desk, f)
            return len(found), (cells(r) for r in found)

        title = N("export", "Audit trail")
        headers = self.model.header_texts()
        return ListOnScreen(
            "audit", QCoreApplication.translate("export", title), headers, rows, filters=filters
        )

    # -- text ------------------------------------------------------------------------------
    def _headers(self) -> list[str]:
        return [
            self.tr("When"),
            self.tr("Who"),
            self.tr("Kind"),
            self.tr("Household"),
            self.tr("Person looked at"),
            self.tr("Detail"),
        ]

    def _cells(self, row: Row) -> list[Any]:
        return [
            str(row["at"]).replace("T", " "),
            row["actor"] or "",
            label(enums.AUDIT_ACTION, row["action"]),
            row["household"] or "",
            row["person"] or "",
            row["detail"] or "",
        ]

    def retranslate(self) -> None:
        texts = (
            self.tr("Who looked"),
            self.tr("Household"),
            self.tr("Kind"),
            self.tr("Person looked at"),
        )
        for caption, text in zip(self.captions, texts, strict=True):
            caption.setText(text)
        self.household.setPlaceholderText(self.tr("Household number or room"))
        self.resident.setPlaceholderText(self.tr("Name or ID number of the person looked at"))
        self.use_since.setText(self.tr("From"))
        self.use_until.setText(self.tr("To"))
        self.search.setText(self.tr("Search"))
        retranslate_button(self.export_button)
        if self.person.count():
            self.person.setItemText(0, self.tr("Everyone"))
        else:
            self._fill_people([])
        self._fill_kinds()
        self.model.relabel()
