"""Add a household by hand: its number, where it lives and its head, saved in one go through
the façade (``Desk.add_household``), for a community with no roster file yet or a family
that moves in later."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from ui.widgets.fields import FieldBox
from ui.widgets.record_form import RecordDialog

if TYPE_CHECKING:
    from relocdesk.desk import Desk
    from ui.tasks import TaskRunner

# box (its field key) -> the façade's name for it
_TYPED = {
    "household_no": "household_no",
    "number": "building",
    "unit": "unit",
    "room": "room",
    "phone": "phone",
    "name": "name",
    "id_number": "id_number",
}


class NewHouseholdDialog(RecordDialog):
    def __init__(self, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(tasks, parent)
        self.setObjectName("newHouseholdDialog")
        self.creating = True
        self.add(FieldBox("household", "household_no"))
        self.building = self.add(FieldBox("building", "number", placeholder="5 / A区5"))
        # A household may be entered before its building is known: the number is optional
        # here, and checked by the building's own rule when it is given.
        number_rule = self.building.rule
        self.building.rule = lambda value, field: (
            None
            if number_rule is None or not str(value or "").strip()
            else number_rule(value, field)
        )
        self.add(FieldBox("household", "unit"))
        self.add(FieldBox("household", "room"))
        self.head = self.add(FieldBox("person", "name"))
        self.add(FieldBox("person", "id_number"))
        self.add(FieldBox("household", "phone"))
        self.load({})
        self.resize(700, 360)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        super().retranslateUi()
        self.setWindowTitle(self.tr("Add a household"))
        own = {
            "number": self.tr("Building"),
            "name": self.tr("Head's name"),
            "id_number": self.tr("Head's ID number"),
            "phone": self.tr("Household phone"),
        }
        for caption, field in self._labels:
            if field in own:
                caption.setText(own[field])

    def write(self, desk: Desk, changes: dict[str, Any]) -> dict[str, Any]:
        typed = {_TYPED[k]: v for k, v in changes.items() if k in _TYPED}
        typed.setdefault("household_no", "")
        typed.setdefault("name", "")
        return desk.add_household(**typed)
