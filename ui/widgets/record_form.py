"""The edit dialog every record shares: fields checked as typed, one save, errors in place.

A subclass adds ``FieldBox``es with ``add`` and implements ``write(desk, changes)``, which
runs on the database worker inside one transaction. Only changed fields are sent. Errors
the core raises (validation or a duplicate ID number) land under their field; others go
to the line above the buttons. Cancel closes without writing: what was saved before stays.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from relocdesk import validation
from ui.errors import friendly_message
from ui.i18n import is_chinese
from ui.keys import save_keys
from ui.widgets.field_titles import title
from ui.widgets.fields import FieldBox
from ui.widgets.screen_fit import fit_to_screen

if TYPE_CHECKING:
    from relocdesk.desk import Desk
    from ui.tasks import TaskRunner


class RecordDialog(QDialog):
    saved = Signal(object)  # the row as stored

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        fit_to_screen(self)  # a small laptop screen: the buttons stay on it

    def __init__(self, tasks: TaskRunner, parent: QWidget | None = None, *, columns: int = 2):
        super().__init__(parent)
        self.tasks = tasks
        self.boxes: dict[str, FieldBox] = {}
        self.original: dict[str, Any] = {}
        self._labels: list[tuple[QLabel, str]] = []
        self._columns = columns
        self._next = 0
        self.saving = False
        self.creating = False  # a new record sends every field, not only the changed ones
        self.result_row: dict[str, Any] | None = None
        self.general_error: validation.ValidationError | None = None

        body = QWidget()
        self.grid = QGridLayout(body)
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(6)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.error_label = QLabel()
        self.error_label.setObjectName("dialogError")
        self.error_label.setStyleSheet("color: #c62828;")
        self.error_label.setWordWrap(True)
        self.error_label.setProperty("i18n_data", True)
        self.save_button = QPushButton()
        self.save_button.setObjectName("saveButton")
        self.save_button.setDefault(True)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("cancelButton")
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        save_keys(self, self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(self.error_label, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self.resize(760, 620)

    # -- building ----------------------------------------------------------------------
    def add(self, box: FieldBox, *, wide: bool = False, label: str | None = None) -> FieldBox:
        """Place a field in the grid with its translated title."""
        self.boxes[box.field] = box
        caption = QLabel()
        caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        caption.setBuddy(box.editor)
        self._labels.append((caption, label or box.field))
        if wide and self._next % self._columns:
            self._next += self._columns - self._next % self._columns
        row, col = divmod(self._next, self._columns)
        self.grid.addWidget(caption, row, col * 2)
        self.grid.addWidget(box, row, col * 2 + 1, 1, 1 + (self._columns - 1) * 2 if wide else 1)
        self._next += self._columns if wide else 1
        caption.setText(title(self._labels[-1][1]))
        return box

    def load(self, row: dict[str, Any]) -> None:
        self.grid.setRowStretch(self.grid.rowCount(), 1)  # spare height below, not between rows
        for field, box in self.boxes.items():
            box.set_value(row.get(field))
            box.clear_error()
        self.original = {field: box.value() for field, box in self.boxes.items()}

    def changes(self) -> dict[str, Any]:
        return {
            field: box.value()
            for field, box in self.boxes.items()
            if box.value() != self.original.get(field)
        }

    # -- saving ------------------------------------------------------------------------
    def write(self, desk: Desk, changes: dict[str, Any]) -> dict[str, Any]:
        raise NotImplementedError

    def check_all(self) -> bool:
        ok = True
        for box in self.boxes.values():
            # A field this person may not edit is not written, so not checked: a masked ID
            # number shown read-only is not an error in the form.
            if box.editor.isEnabled():
                ok = box.check() and ok
        return ok

    def save(self) -> None:
        if self.saving:
            return
        self.set_general_error(None)
        if not self.check_all():
            self.set_general_error(
                validation.ValidationError(
                    "form", "invalid", "请先更正标红的内容", "please correct the fields marked red"
                )
            )
            return
        changes = (
            {f: b.value() for f, b in self.boxes.items() if b.value() is not None}
            if self.creating
            else self.changes()
        )
        if not changes and not self.creating:
            self.reject()
            return
        self.saving = True
        self.save_button.setEnabled(False)
        # Through undo.record: Ctrl+Z on the page can put back what this save replaced.
        self.tasks.run_db(
            lambda desk: desk.undo.record(lambda: self.write(desk, changes)),
            self._saved,
            self._failed,
        )

    def _saved(self, row: dict[str, Any]) -> None:
        self.saving = False
        self.save_button.setEnabled(True)
        self.result_row = row
        self.saved.emit(row)
        self.accept()

    def _failed(self, err: BaseException) -> None:
        self.saving = False
        self.save_button.setEnabled(True)
        errors: list[validation.ValidationError]
        if isinstance(err, validation.ValidationErrors):
            errors = list(err.errors)
        elif isinstance(err, validation.ValidationError):
            errors = [err]
        else:
            errors = [
                validation.ValidationError(
                    "form", "error", friendly_message(err), friendly_message(err)
                )
            ]
            import logging

            logging.getLogger("relocdesk.ui").error("save failed", exc_info=err)
        general = None
        for e in errors:
            box = self.boxes.get(e.field)
            if box is not None:
                box.show_error(e)
            else:
                general = e
        self.set_general_error(
            general
            or validation.ValidationError(
                "form",
                "invalid",
                "保存失败：请更正标红的内容",
                "not saved: please correct the fields marked red",
            )
        )

    def set_general_error(self, error: validation.ValidationError | None) -> None:
        self.general_error = error
        if error is None:
            self.error_label.clear()
        else:
            self.error_label.setText(str(error.message_zh if is_chinese() else error.message_en))

    # -- language ----------------------------------------------------------------------
    def retranslateUi(self) -> None:
        self.save_button.setText(QCoreApplication.translate("RecordDialog", "Save"))
        self.cancel_button.setText(QCoreApplication.translate("RecordDialog", "Cancel"))
        for caption, field in self._labels:
            caption.setText(title(field))
        self.set_general_error(self.general_error)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)
