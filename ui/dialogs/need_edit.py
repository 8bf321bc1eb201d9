"""Raise a need for a household (by phone, walk-in), and move a need along its loop:
assign, start, resolve, and close with the household's confirmation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QWidget,
)

from relocdesk import enums
from ui.dialogs.referral_edit import SavingDialog, date_edit, fill_enum
from ui.work_pages import Row, address, label

if TYPE_CHECKING:
    from relocdesk.desk import Desk
    from ui.tasks import TaskRunner


class NeedDialog(SavingDialog):
    """A new need of a household."""

    table = "need"

    def __init__(self, tasks: TaskRunner, household: Row, *, parent: QWidget | None = None) -> None:
        super().__init__(tasks, parent)
        self.household = household
        self.source = QComboBox()
        fill_enum(self.source, enums.NEED_SOURCE)
        self.source.setCurrentIndex(max(0, self.source.findData("phone")))
        self.category = QComboBox()
        fill_enum(self.category, enums.NEED_CATEGORY)
        # A building head's device may not record a medical need (health data): not offered.
        tasks.run_read(lambda desk: desk.needs.categories(), self._offer)
        self.description = QLineEdit()
        self.assignee = QLineEdit()
        self.has_due = QCheckBox(self.tr("Due date"))
        self.due = date_edit()
        self.due.setDate(QDate.currentDate().addDays(14))
        self.due.setEnabled(False)
        self.has_due.toggled.connect(self.due.setEnabled)
        due_row = QHBoxLayout()
        due_row.addWidget(self.has_due)
        due_row.addWidget(self.due, 1)
        form = QFormLayout()
        form.addRow(
            self.tr("Household"),
            QLabel(f"{household.get('household_no', '')}  {address(household)}"),
        )
        form.addRow(self.tr("Source"), self.source)
        form.addRow(self.tr("Category"), self.category)
        form.addRow(self.tr("Description"), self.description)
        form.addRow(self.tr("Assignee"), self.assignee)
        form.addRow("", due_row)
        self.lay_out(form, self.tr("Raise a need"), self.description, 480)

    def _offer(self, codes: list[str]) -> None:
        for i in reversed(range(self.category.count())):
            if self.category.itemData(i) not in codes:
                self.category.removeItem(i)

    def values(self) -> dict[str, Any]:
        return {
            "household_id": self.household["id"],
            "source": self.source.currentData(),
            "category": self.category.currentData(),
            "description": self.description.text(),
            "assignee": self.assignee.text(),
            "due_date": self.due.date().toString("yyyy-MM-dd")
            if self.has_due.isChecked()
            else None,
        }

    def write(self, desk: Desk, values: dict[str, Any]) -> Any:
        return desk.needs.create(**values)


# What each action of the board does to a need.
ASSIGN, START, RESOLVE, CONFIRM, REOPEN = "assign", "in_progress", "resolved", "confirmed", "open"


class NeedStepDialog(SavingDialog):
    """One step of a need's loop, with its history in view."""

    table = "need_event"

    def __init__(
        self,
        tasks: TaskRunner,
        need: Row,
        history: list[Row],
        step: str,
        *,
        recorded_by: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(tasks, parent)
        self.need = need
        self.step = step
        self.recorded_by = QLineEdit(recorded_by)
        self.assignee = QLineEdit(need.get("assignee") or "")
        self.has_due = QCheckBox(self.tr("Due date"))
        self.due = date_edit()
        if need.get("due_date"):
            self.has_due.setChecked(True)
            self.due.setDate(QDate.fromString(need["due_date"], "yyyy-MM-dd"))
        else:
            self.due.setDate(QDate.currentDate().addDays(14))
            self.due.setEnabled(False)
        self.has_due.toggled.connect(self.due.setEnabled)
        self.date = date_edit()
        self.note = QLineEdit()
        self.resolution = QLineEdit(need.get("resolution") or "")
        self.history = QListWidget()
        self.history.setMaximumHeight(110)
        for e in history:
            text = f"{e['date']}  {label(enums.NEED_STATUS, e['status'])}"
            if e.get("note"):
                text += f"  — {e['note']}"
            if e.get("recorded_by"):
                text += f"  ({e['recorded_by']})"
            self.history.addItem(text)
        if not history:
            self.history.addItem(
                self.tr("Raised on %1, no steps yet").replace("%1", need.get("raised_date", ""))
            )

        form = QFormLayout()
        form.addRow(
            self.tr("Need"),
            QLabel(f"{label(enums.NEED_CATEGORY, need['category'])}: {need['description']}"),
        )
        form.addRow(self.tr("Status now"), QLabel(label(enums.NEED_STATUS, need["status"])))
        if step == ASSIGN:
            title = self.tr("Assign need")
            form.addRow(self.tr("Assignee"), self.assignee)
            due_row = QHBoxLayout()
            due_row.addWidget(self.has_due)
            due_row.addWidget(self.due, 1)
            form.addRow("", due_row)
        else:
            titles = {
                START: self.tr("Start work on need"),
                RESOLVE: self.tr("Resolve need"),
                CONFIRM: self.tr("Close with the household's confirmation"),
                REOPEN: self.tr("Reopen need"),
            }
            title = titles[step]
            form.addRow(self.tr("Date"), self.date)
            if step == RESOLVE:
                form.addRow(self.tr("Resolution"), self.resolution)
            if step == CONFIRM:
                self.note.setPlaceholderText(self.tr("Who in the household confirmed, and how"))
                form.addRow(self.tr("Confirmation"), self.note)
            else:
                form.addRow(self.tr("Note"), self.note)
            form.addRow(self.tr("Recorded by"), self.recorded_by)
        focus = {ASSIGN: self.assignee, RESOLVE: self.resolution}.get(step, self.note)
        self.lay_out(form, title, focus, 480, QLabel(self.tr("History")), self.history)

    def values(self) -> dict[str, Any]:
        if self.step == ASSIGN:
            return {
                "assignee": self.assignee.text(),
                "due_date": self.due.date().toString("yyyy-MM-dd")
                if self.has_due.isChecked()
                else None,
            }
        return {
            "need_id": self.need["id"],
            "status": self.step,
            "date": self.date.date().toString("yyyy-MM-dd"),
            "note": self.note.text(),
            "recorded_by": self.recorded_by.text(),
        }

    def save(self) -> None:
        if self.step == RESOLVE and not self.resolution.text().strip():
            self.error.setText(self.tr("Resolution: say how the need was resolved"))
            self.error.show()
            self.resolution.setFocus()
            return
        if self.step == ASSIGN:
            self.table = "need"
        super().save()

    def write(self, desk: Desk, values: dict[str, Any]) -> Any:
        need_id = self.need["id"]
        if self.step == ASSIGN:
            return desk.needs.update(need_id, **values)
        resolution = self.resolution.text() if self.step == RESOLVE else None
        return desk.needs.set_status(
            need_id,
            values["status"],
            note=values["note"],
            date=values["date"],
            recorded_by=values["recorded_by"],
            resolution=resolution,
        )
