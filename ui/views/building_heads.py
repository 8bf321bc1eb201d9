"""Building heads: who covers which buildings, with their phones; add a head, assign a
building to a head."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypedDict

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from relocdesk.queries.building_heads import Building, BuildingHead
from ui.dialogs.referral_edit import SavingDialog
from ui.widgets.flow_layout import FlowLayout
from ui.work_pages import RED, Row, RowsModel, RowsTable, WorkPage

if TYPE_CHECKING:
    from relocdesk.desk import Desk


class Loaded(TypedDict):
    heads: list[BuildingHead]
    buildings: list[Building]


def load(desk: Desk) -> Loaded:
    return {"heads": desk.building_heads_list(), "buildings": desk.buildings_list()}


class HeadDialog(SavingDialog):
    """A new building head, or a change of name and phone."""

    table = "building_head"

    def __init__(self, tasks: Any, head: Row | None = None, parent: QWidget | None = None) -> None:
        super().__init__(tasks, parent)
        self.head = head
        self.name = QLineEdit((head or {}).get("name") or "")
        self.phone = QLineEdit((head or {}).get("phone") or "")
        self.notes = QLineEdit((head or {}).get("notes") or "")
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Phone"), self.phone)
        form.addRow(self.tr("Notes"), self.notes)
        title = self.tr("Edit building head") if head else self.tr("Add building head")
        self.lay_out(form, title, None, 380)

    def values(self) -> dict[str, Any]:
        return {"name": self.name.text(), "phone": self.phone.text(), "notes": self.notes.text()}

    def write(self, desk: Desk, values: dict[str, Any]) -> Any:
        if self.head:
            return desk.building_heads.update(self.head["id"], **values)
        return desk.building_heads.create(**values)


class BuildingHeadsPage(WorkPage):
    watches = frozenset({"building", "building_head"})

    def __init__(self, window: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(window, parent)
        self.dialog: Any = None
        self.heads_title = QLabel()
        self.heads = RowsTable(RowsModel(self._head_headers, self._head_cells))
        self.heads.rowActivated.connect(lambda _r: self.edit_head())
        self.add_head = QPushButton()
        self.add_head.clicked.connect(lambda: self.edit_head(new=True))
        self.edit_button = QPushButton()
        self.edit_button.clicked.connect(lambda: self.edit_head())
        # Both halves' bars wrap in a narrow window (an 800-pixel screen).
        hb = FlowLayout()
        hb.addWidget(self.heads_title)
        hb.addWidget(self.add_head)
        hb.addWidget(self.edit_button)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addLayout(hb)
        ll.addWidget(self.heads, 1)

        self.buildings_title = QLabel()
        self.buildings = RowsTable(
            RowsModel(
                self._building_headers,
                self._building_cells,
                foreground=lambda r: None if r.get("building_head_id") else RED,
            )
        )
        self.buildings.selectionModel().currentRowChanged.connect(
            lambda *_: self._building_chosen()
        )
        self.assign_label = QLabel()
        self.assign_to = QComboBox()
        self.assign_to.setProperty("i18n_data", True)  # names and phones
        self.assign_button = QPushButton()
        self.assign_button.clicked.connect(self.assign)
        self.assign_to.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        ab = FlowLayout()
        # The caption alone on its row when the half is narrow: the names stay whole.
        ab.addWidget(self.assign_label)
        ab.addWidget(self.assign_to)
        ab.addWidget(self.assign_button)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.buildings_title)
        rl.addWidget(self.buildings, 1)
        rl.addLayout(ab)

        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        self.data: Row = {"heads": [], "buildings": []}
        self.retranslate()

    def refresh(self) -> None:
        self.run_read(load, self._loaded_rows, key="building-heads")

    def _loaded_rows(self, loaded: Loaded) -> None:
        # The tables take plain dict rows.
        data: Row = {
            "heads": [dict(r) for r in loaded["heads"]],
            "buildings": [dict(r) for r in loaded["buildings"]],
        }
        self.data = data
        keep_head = self.heads.current_row()
        keep_building = self.buildings.current_row()
        self.heads.rows_model.set_rows(data["heads"])
        self.buildings.rows_model.set_rows(data["buildings"])
        for table, keep in ((self.heads, keep_head), (self.buildings, keep_building)):
            table.resizeColumnsToContents()
            rows = table.rows_model.rows
            found = next((i for i, r in enumerate(rows) if keep and r["id"] == keep["id"]), None)
            if found is not None:
                table.selectRow(found)
            else:
                table.select_first()
        self.retranslate()
        self._building_chosen()

    def _fill_heads(self) -> None:
        current = self.assign_to.currentData()
        self.assign_to.clear()
        self.assign_to.addItem(self.tr("(nobody)"), None)
        for h in self.data["heads"]:
            phone = f"  {h['phone']}" if h.get("phone") else ""
            self.assign_to.addItem(f"{h['name']}{phone}", h["id"])
        self.assign_to.setCurrentIndex(max(0, self.assign_to.findData(current)))

    def _building_chosen(self) -> None:
        b = self.buildings.current_row()
        self.assign_button.setEnabled(b is not None)
        if b is not None:
            self.assign_to.setCurrentIndex(
                max(0, self.assign_to.findData(b.get("building_head_id")))
            )

    def assign(self) -> None:
        b = self.buildings.current_row()
        if b is None:
            return
        bid, head = b["id"], self.assign_to.currentData()
        self.run_db(lambda desk: desk.buildings.update(bid, building_head_id=head), self._saved)

    def edit_head(self, new: bool = False) -> None:
        head = None if new else self.heads.current_row()
        if not new and head is None:
            return
        self.dialog = HeadDialog(self.tasks, head, parent=self)
        self.dialog.accepted.connect(lambda: self._saved(None))
        self.dialog.open()

    def _saved(self, _row: Any) -> None:
        self.changed("building")
        self.refresh()

    # -- texts ----------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.heads_title.setText(self.tr("Building heads"))
        self.add_head.setText(self.tr("Add…"))
        self.edit_button.setText(self.tr("Edit…"))
        uncovered = sum(1 for b in self.data["buildings"] if not b.get("building_head_id"))
        self.buildings_title.setText(
            self.tr("Buildings (%1 without a building head)").replace("%1", str(uncovered))
        )
        self.assign_label.setText(self.tr("Building head of the selected building"))
        self.assign_button.setText(self.tr("Assign"))
        self._fill_heads()
        self.heads.rows_model.relabel()
        self.buildings.rows_model.relabel()

    def _head_headers(self) -> list[str]:
        return [
            self.tr("Name"),
            self.tr("Phone"),
            self.tr("Buildings"),
            self.tr("Households"),
            self.tr("Since"),
            self.tr("Notes"),
        ]

    def _head_cells(self, r: Row) -> list[Any]:
        return [
            r["name"],
            r.get("phone"),
            r.get("buildings"),
            r["households"],
            r.get("since"),
            r.get("notes"),
        ]

    def _building_headers(self) -> list[str]:
        return [
            self.tr("Building"),
            self.tr("Units"),
            self.tr("Floors"),
            self.tr("Households"),
            self.tr("Building head"),
            self.tr("Phone"),
        ]

    def _building_cells(self, r: Row) -> list[Any]:
        return [
            r["number"],
            r.get("units"),
            r.get("floors"),
            r["households"],
            r.get("head_name") or self.tr("(nobody)"),
            r.get("head_phone"),
        ]
