"""Add or edit one training of a person: course, provider, dates, certificate, result.

Each field is checked with the core's rule as it is typed; that a training ends after it
starts, and that one marked completed has ended, the core checks on save and the error
lands under the field it names (``desk.trainings``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from relocdesk import enums
from ui.widgets.fields import ChoiceCombo, FieldBox
from ui.widgets.record_form import RecordDialog

if TYPE_CHECKING:
    from relocdesk.desk import Desk
    from ui.tasks import TaskRunner


class TrainingDialog(RecordDialog):
    def __init__(
        self,
        tasks: TaskRunner,
        people: Sequence[tuple[str, str]],
        training: dict[str, Any] | None = None,
        parent: QWidget | None = None,
        *,
        person_id: str | None = None,
    ) -> None:
        """``people``: (id, name) of whom the training may be; ``person_id`` the one chosen
        (a new training's person, when it is opened for one)."""
        super().__init__(tasks, parent, columns=1)
        self.setObjectName("trainingDialog")
        self.training_id = training["id"] if training else None
        self.creating = training is None
        t = "training"
        person = self.add(FieldBox(t, "person_id", "choice"))
        assert isinstance(person.editor, ChoiceCombo)
        person.editor.set_choices(list(people), person_id or (training or {}).get("person_id"))
        # A training stays with its person; a new one opened for someone is theirs.
        person.editor.setEnabled(self.creating and person_id is None and len(people) > 1)
        self.add(FieldBox(t, "course"))
        self.add(FieldBox(t, "provider"))
        self.add(FieldBox(t, "start_date", placeholder="YYYY-MM-DD"))
        self.add(FieldBox(t, "end_date", placeholder="YYYY-MM-DD"))
        self.add(FieldBox(t, "certificate"))
        self.add(FieldBox(t, "result", "enum", labels=enums.TRAINING_RESULT, empty=True))
        self.load(training or {"person_id": person.editor.value()})
        self.resize(520, 420)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        super().retranslateUi()
        if self.creating:
            self.setWindowTitle(self.tr("Add a training"))
        else:
            self.setWindowTitle(self.tr("Edit training"))

    def write(self, desk: Desk, changes: dict[str, Any]) -> dict[str, Any]:
        if self.training_id is None:
            return desk.trainings.insert(changes)  # a missing course is told by its field
        changes.pop("person_id", None)
        return desk.trainings.update(self.training_id, **changes)
