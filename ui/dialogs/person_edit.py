"""Add or edit a household member: identity, work, schooling, health, insurance, groups.

Each field is checked with the core's rule as it is typed; the ID number is also checked
against the gender and birth date typed beside it (the same rule the core applies on save).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from relocdesk import enums, validation
from ui.widgets.fields import FieldBox
from ui.widgets.record_form import RecordDialog

if TYPE_CHECKING:
    from relocdesk.desk import Desk
    from ui.tasks import TaskRunner

TEXT_FIELDS = (
    "ethnicity",
    "phone",
    "school",
    "grade",
    "employer",
    "job",
    "monthly_wage",
    "skills",
    "serious_illness",
    "registration_address",
    "permit_number",
)
FLAGS = (
    "ins_medical",
    "ins_critical",
    "ins_pension",
    "ins_employment",
    "ins_residence",
    "left_behind_child",
    "elderly_alone",
    "severe_disability",
    "child_in_difficulty",
    "elderly_in_difficulty",
)


def locked_fields(role: str) -> frozenset[str]:
    """The person fields the county server keeps from a device enrolled with ``role``."""
    from relocdesk.desk import Desk

    return Desk.hidden_fields(role, "person")


def masks_id_numbers(role: str) -> bool:
    from relocdesk.desk import Desk

    return Desk.role_masks_id_numbers(role)


class PersonEditDialog(RecordDialog):
    trainings_changed = Signal()  # a training of this person was added, edited or removed

    def __init__(
        self,
        tasks: TaskRunner,
        household_id: str,
        person: dict[str, Any] | None = None,
        parent: QWidget | None = None,
        *,
        role: str = "",
    ) -> None:
        super().__init__(tasks, parent)
        # The county server neither sends these fields to this device's role nor applies its
        # writes to them (they would only pile up as conflicts): shown, never edited here.
        self.locked = locked_fields(role)
        if person is not None and masks_id_numbers(role):
            self.locked |= {"id_number"}  # shown masked: the number is the office's
        self.setObjectName("personEditDialog")
        self.household_id = household_id
        self.person_id = person["id"] if person else None
        self.creating = person is None
        t = "person"
        self.add(FieldBox(t, "name"))
        self.add(FieldBox(t, "id_number", placeholder="520123199001011234"))
        self.add(FieldBox(t, "gender", "enum", labels=enums.GENDER, empty=True))
        self.add(FieldBox(t, "birth_date", placeholder="YYYY-MM-DD"))
        self.add(FieldBox(t, "relation", "enum", labels=enums.RELATION, empty=True))
        self.add(FieldBox(t, "ethnicity"))
        self.add(FieldBox(t, "phone"))
        self.add(FieldBox(t, "education", "enum", labels=enums.EDUCATION, empty=True))
        self.add(FieldBox(t, "school_status", "enum", labels=enums.SCHOOL_STATUS))
        self.add(FieldBox(t, "school"))
        self.add(FieldBox(t, "grade"))
        self.add(FieldBox(t, "labour_capacity", "enum", labels=enums.LABOUR_CAPACITY))
        self.add(FieldBox(t, "employment_status", "enum", labels=enums.EMPLOYMENT_STATUS))
        self.add(FieldBox(t, "employer"))
        self.add(FieldBox(t, "job"))
        self.add(FieldBox(t, "work_place", "enum", labels=enums.WORK_PLACE, empty=True))
        self.add(FieldBox(t, "monthly_wage"))
        self.add(FieldBox(t, "skills"))
        self.add(FieldBox(t, "disability_grade", "enum", labels=enums.DISABILITY_GRADE))
        self.add(FieldBox(t, "serious_illness"))
        for flag in FLAGS:
            self.add(FieldBox(t, flag, "bool"))
        self.add(FieldBox(t, "registration_address"), wide=True)
        self.add(FieldBox(t, "permit_status", "enum", labels=enums.PERMIT_STATUS))
        self.add(FieldBox(t, "permit_number"))
        # The ID number says the gender and birth date: check them against each other.
        for name in ("id_number", "gender", "birth_date"):
            self.boxes[name].extra_check = lambda _v, name=name: self._identity(name)
            self.boxes[name].changed.connect(self._recheck_identity)
        defaults = {
            "school_status": "not_applicable",
            "labour_capacity": "full",
            "employment_status": "not_applicable",
            "permit_status": "not_needed",
            "disability_grade": "",
        }
        self.load(person or defaults)
        self.locked_note = QLabel()
        self.locked_note.setObjectName("lockedNote")
        self.locked_note.setWordWrap(True)
        self.locked_note.setStyleSheet("color: #666;")
        for name in self.locked:
            self.boxes[name].editor.setEnabled(False)
        if self.locked:
            self.grid.addWidget(self.locked_note, self.grid.rowCount(), 0, 1, 4)
        else:
            self.locked_note.hide()
        self.trainings_box = self._build_trainings(person)
        self.retranslateUi()

    def _build_trainings(self, person: dict[str, Any] | None) -> QGroupBox | None:
        """An existing member's trainings, added and edited from here (a new member's once
        saved: a training belongs to a person already on record)."""
        from ui.dialogs.training_panel import TrainingPanel

        if person is None:
            self.trainings = None
            return None
        box = QGroupBox()
        box.setObjectName("trainingsBox")
        self.trainings = TrainingPanel(
            self.tasks, self._trainings_saved, box, person_id=person["id"]
        )
        self.trainings.setMinimumHeight(160)
        QVBoxLayout(box).addWidget(self.trainings)
        self.grid.addWidget(box, self.grid.rowCount(), 0, 1, 4)
        self.member_name = str(person.get("name") or "")
        self.load_trainings()
        return box

    def load_trainings(self) -> None:
        panel, pid = self.trainings, self.person_id
        if panel is None or pid is None:
            return
        people = [(pid, self.member_name)]
        self.tasks.run_read(
            lambda desk: desk.trainings.lines(pid), lambda lines: panel.fill(lines, people)
        )

    def _trainings_saved(self) -> None:
        self.load_trainings()
        self.trainings_changed.emit()

    def _identity(self, field: str) -> None:
        """Raise the identity error that belongs to ``field``, if any."""
        id_no = self.boxes["id_number"].value()
        if not id_no:
            return
        try:
            id_no = validation.id_number(id_no, "id_number")
        except validation.ValidationError:
            return  # the ID number's own rule reports it
        try:
            validation.check_identity(
                id_no, self.boxes["gender"].value(), self.boxes["birth_date"].value()
            )
        except validation.ValidationError as e:
            if e.field == field or (field == "id_number" and e.field not in self.boxes):
                raise

    def _recheck_identity(self) -> None:
        for name in ("id_number", "gender", "birth_date"):
            box = self.boxes[name]
            box.blockSignals(True)
            box.check()
            box.blockSignals(False)

    def retranslateUi(self) -> None:
        super().retranslateUi()
        if self.creating:
            self.setWindowTitle(self.tr("Add a household member"))
        else:
            self.setWindowTitle(self.tr("Edit household member"))
        if self.trainings_box is not None:
            self.trainings_box.setTitle(self.tr("Trainings"))
        self.locked_note.setText(
            self.tr(
                "Health details (disability grade, serious illness, severe disability) are "
                "kept by community staff: this device is enrolled for a building head, and "
                "the county server neither sends them to building heads nor accepts changes "
                "to them from one."
            )
        )

    def write(self, desk: Desk, changes: dict[str, Any]) -> dict[str, Any]:
        # A new member's form sends every field: never the ones this role may not write.
        changes = {k: v for k, v in changes.items() if k not in self.locked}
        with desk.transaction():
            if self.person_id is None:
                return desk.people.create(household_id=self.household_id, **changes)
            return desk.people.update(self.person_id, **changes)
