"""A person's or a household's trainings, with the buttons that add, edit and remove one.

The household file's Trainings tab and the person dialog show the same panel: a table of
the trainings (newest first) and Add / Edit / Remove. The rows come from whoever holds the
panel (the household file's one read, or the person dialog's); the dialog saves on the
database worker and the holder reloads.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QHBoxLayout, QMessageBox, QPushButton, QVBoxLayout, QWidget

from relocdesk import enums
from ui.i18n import enum_label
from ui.widgets.data_table import DataTable

if TYPE_CHECKING:
    from relocdesk.queries.household_file import TrainingLine
    from ui.tasks import TaskRunner

T = QCoreApplication.translate
# the household file's context: the tab's headers read as the other tabs' do
TRAINING_HEADERS = [
    ("HouseholdDetail", "Person"),
    ("HouseholdDetail", "Course"),
    ("HouseholdDetail", "Provider"),
    ("HouseholdDetail", "Start"),
    ("HouseholdDetail", "End"),
    ("HouseholdDetail", "Certificate"),
    ("HouseholdDetail", "Result"),
]
BUTTONS = (
    ("add", "Add training…"),
    ("edit", "Edit training…"),
    ("remove", "Remove training"),
)


def training_cells(t: TrainingLine) -> list[Any]:
    result = enum_label(enums.TRAINING_RESULT, t.result) if t.result else ""
    return [t.person_name, t.course, t.provider, t.start_date, t.end_date, t.certificate, result]


class TrainingPanel(QWidget):
    def __init__(
        self,
        tasks: TaskRunner,
        saved: Callable[[], None],
        parent: QWidget | None = None,
        *,
        person_id: str | None = None,
    ) -> None:
        """``saved`` runs after a save or a removal; ``person_id``: the panel of one person
        (the person dialog), whose new trainings are theirs."""
        super().__init__(parent)
        self.setObjectName("trainingPanel")
        self.tasks, self.saved, self.person_id = tasks, saved, person_id
        self.people: list[tuple[str, str]] = []
        self.lines: list[TrainingLine] = []
        self.dialog: Any = None  # the last dialog opened, for the caller and the tests
        self.table = DataTable(TRAINING_HEADERS)
        self.table.setObjectName("trainingsTable")
        self.table.doubleClicked.connect(lambda _i: self.edit())
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for key, _text in BUTTONS:
            button = QPushButton()
            button.setObjectName(f"training_{key}")
            button.clicked.connect(getattr(self, key))
            self.buttons[key] = button
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        self.retranslate()

    def fill(self, lines: Sequence[TrainingLine], people: Sequence[tuple[str, str]]) -> None:
        """The trainings to show, and (id, name) of the people one may be added for."""
        self.lines, self.people = list(lines), list(people)
        self.table.fill([training_cells(t) for t in self.lines], [t.id for t in self.lines])
        self.buttons["add"].setEnabled(bool(self.people))

    def selected(self) -> TrainingLine | None:
        key = self.table.selected_key()
        return next((t for t in self.lines if t.id == key), None)

    def add(self) -> None:
        self._open(None)

    def edit(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self._open(chosen)

    def _open(self, line: TrainingLine | None) -> None:
        import dataclasses

        from ui.dialogs.training_edit import TrainingDialog

        if not self.people:
            return
        row = dataclasses.asdict(line) if line else None
        self.dialog = TrainingDialog(
            self.tasks, self.people, row, self.window(), person_id=self.person_id
        )
        self.dialog.saved.connect(lambda _r: self.saved())
        self.dialog.open()

    def remove(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        answer = QMessageBox.question(
            self,
            T("TrainingPanel", "Remove training"),
            T("TrainingPanel", "Remove the training %1 of %2?")
            .replace("%1", chosen.course)
            .replace("%2", chosen.person_name),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        tid = chosen.id
        self.tasks.run_db(lambda desk: desk.trainings.delete(tid), lambda _r: self.saved())

    def retranslate(self) -> None:
        for key, text in BUTTONS:
            self.buttons[key].setText(T("TrainingPanel", text))
        self.table.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _texts_for_translation() -> None:
    # Never called: lets the extractor see the buttons' texts (context "TrainingPanel").
    T("TrainingPanel", "Add training…")
    T("TrainingPanel", "Edit training…")
    T("TrainingPanel", "Remove training")
