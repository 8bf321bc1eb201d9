"""Edit a household's own facts: where it lives, where it came from, flags and monitoring
type, the "3+1" guarantees, income, head."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from relocdesk import enums
from ui.widgets.fields import FieldBox
from ui.widgets.record_form import RecordDialog

if TYPE_CHECKING:
    from relocdesk.desk import Desk
    from ui.tasks import TaskRunner

INCOME = ("income_wages", "income_business", "income_transfers", "income_property")


class HouseholdEditDialog(RecordDialog):
    def __init__(
        self,
        tasks: TaskRunner,
        household: dict[str, Any],
        buildings: list[tuple[str | None, str]],
        members: list[tuple[str | None, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(tasks, parent)
        self.setObjectName("householdEditDialog")
        self.household_id = household["id"]
        t = "household"
        self.add(FieldBox(t, "household_no"))
        building = self.add(FieldBox(t, "building_id", "choice"))
        building.editor.set_choices([(None, ""), *buildings])  # type: ignore[attr-defined]
        self.add(FieldBox(t, "unit"))
        self.add(FieldBox(t, "room"))
        head = self.add(FieldBox(t, "head_person_id", "choice"))
        head.editor.set_choices([(None, ""), *members])  # type: ignore[attr-defined]
        self.add(FieldBox(t, "phone"))
        self.add(FieldBox(t, "origin_county"))
        self.add(FieldBox(t, "origin_township"))
        self.add(FieldBox(t, "origin_village"))
        self.add(FieldBox(t, "move_in_date", placeholder="YYYY-MM-DD"))
        self.add(FieldBox(t, "registration_status", "enum", labels=enums.REGISTRATION_STATUS))
        self.add(FieldBox(t, "status", "enum", labels=enums.HOUSEHOLD_STATUS))
        self.add(FieldBox(t, "formerly_poor", "bool"))
        # the monitoring object type replaced the single flag: a blank type is not monitored
        self.add(FieldBox(t, "monitor_type", "enum", labels=enums.MONITOR_TYPE, empty=True))
        self.add(FieldBox(t, "monitor_risk", "enum", labels=enums.MONITOR_RISK, empty=True))
        self.add(FieldBox(t, "dibao", "enum", labels=enums.DIBAO))
        self.add(FieldBox(t, "extreme_poverty", "bool"))
        # the "3+1" guarantees' two household facts and the day they were last checked
        self.add(FieldBox(t, "housing_safety", "enum", labels=enums.SAFETY, empty=True))
        self.add(FieldBox(t, "water_safety", "enum", labels=enums.SAFETY, empty=True))
        self.add(FieldBox(t, "guarantees_checked", placeholder="YYYY-MM-DD"))
        self.add(FieldBox(t, "income_year"))
        self.add(FieldBox(t, "income_last_year"))
        for kind in INCOME:
            self.add(FieldBox(t, kind))
        self.add(FieldBox(t, "notes", "multiline"), wide=True)
        self.load(household)
        self.retranslateUi()

    def changes(self) -> dict[str, Any]:
        found = super().changes()
        for kind in INCOME:
            # Income columns are NOT NULL: an emptied box means zero.
            if kind in found and found[kind] is None:
                found[kind] = 0
        return found

    def retranslateUi(self) -> None:
        super().retranslateUi()
        self.setWindowTitle(self.tr("Edit household"))

    def write(self, desk: Desk, changes: dict[str, Any]) -> dict[str, Any]:
        with desk.transaction():
            return desk.households.update(self.household_id, **changes)
