"""Add a referral in a few keystrokes (employer, position, kind, wage; Enter saves), and
record a referral's outcome with its event history in view."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from relocdesk import enums, fields, validation
from ui.keys import save_keys
from ui.widgets.screen_fit import fit_to_screen
from ui.work_pages import error_text, label, show_error

if TYPE_CHECKING:
    from relocdesk.desk import Desk
    from ui.tasks import TaskRunner


def fill_enum(combo: QComboBox, labels: enums.Labels, skip: tuple[str, ...] = ()) -> None:
    """Labels in the interface language, codes as item data; keeps the current code."""
    current = combo.currentData()
    combo.clear()
    for code in labels:
        if code and code not in skip:
            combo.addItem(label(labels, code), code)
    if current is not None:
        combo.setCurrentIndex(max(0, combo.findData(current)))


def date_edit(optional: bool = False) -> QDateEdit:
    edit = QDateEdit(QDate.currentDate())
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


class SavingDialog(QDialog):
    """A dialog that checks its values at once and saves them on the DB worker.

    It stays open with the message when the façade refuses, so nothing typed is lost.
    """

    table = ""

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        fit_to_screen(self)  # a small laptop screen: the buttons stay on it

    def __init__(self, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.error = QLabel()
        self.error.setStyleSheet("color: #c0392b")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        save_keys(self, self.save)
        self.saved: Any = None
        self._saving = False

    def lay_out(
        self, form: QFormLayout, title: str, focus: QWidget | None, width: int, *below: QWidget
    ) -> None:
        """The form, any widgets below it, then the error line and the buttons."""
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        for widget in below:
            layout.addWidget(widget)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setWindowTitle(title)
        if focus is not None:
            focus.setFocus()
        self.resize(width, 0)

    def values(self) -> dict[str, Any]:
        raise NotImplementedError

    def write(self, desk: Desk, values: dict[str, Any]) -> Any:
        raise NotImplementedError

    def save(self) -> None:
        if self._saving:
            return
        values = self.values()
        try:
            if self.table:
                fields.clean(self.table, values)
        except (validation.ValidationErrors, validation.ValidationError) as e:
            self.show_problem(e)
            return
        self._saving = True
        self.buttons.setEnabled(False)
        # Through undo.record: Ctrl+Z on the page can put back what this save replaced.
        self.tasks.run_db(
            lambda desk: desk.undo.record(lambda: self.write(desk, values)),
            self._done,
            self._failed,
        )

    def _done(self, row: Any) -> None:
        self._saving = False
        self.buttons.setEnabled(True)
        self.saved = row
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._saving = False
        self.buttons.setEnabled(True)
        if isinstance(exc, validation.ValidationError | validation.ValidationErrors):
            self.show_problem(exc)
        else:
            show_error(self, exc)

    def show_problem(self, exc: BaseException) -> None:
        self.error.setText(error_text(exc))
        self.error.show()


class ReferralDialog(SavingDialog):
    table = "referral"

    def __init__(
        self,
        tasks: TaskRunner,
        person: dict[str, Any],
        *,
        building_head_id: str | None = None,
        referred_by: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(tasks, parent)
        self.person = person
        self.building_head_id = building_head_id
        self.employer = QLineEdit()
        self.position = QLineEdit()
        self.kind = QComboBox()
        fill_enum(self.kind, enums.REFERRAL_KIND)
        self.wage = QLineEdit()
        self.date = date_edit()
        self.referred_by = QLineEdit(referred_by)
        self.who = QLabel()
        self.who.setProperty("i18n_data", True)  # the person's name and household number
        form = QFormLayout()
        self.form = form
        form.addRow("", self.who)
        form.addRow(self.tr("Employer"), self.employer)
        form.addRow(self.tr("Position"), self.position)
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("Wage offered (yuan/month)"), self.wage)
        form.addRow(self.tr("Date"), self.date)
        form.addRow(self.tr("Referred by"), self.referred_by)
        self.who.setText(
            self.tr("Referral for %1 (household %2)")
            .replace("%1", person.get("name", ""))
            .replace("%2", str(person.get("household_no", "")))
        )
        self.lay_out(form, self.tr("Add referral"), self.employer, 460)

    def values(self) -> dict[str, Any]:
        return {
            "person_id": self.person["person_id"],
            "employer": self.employer.text(),
            "position": self.position.text(),
            "kind": self.kind.currentData(),
            "wage_offered": self.wage.text(),
            "date": self.date.date().toString("yyyy-MM-dd"),
            "referred_by": self.referred_by.text(),
            "building_head_id": self.building_head_id,
        }

    def write(self, desk: Desk, values: dict[str, Any]) -> Any:
        return desk.referrals.create(**values)


class OutcomeDialog(SavingDialog):
    table = "referral_event"

    def __init__(
        self,
        tasks: TaskRunner,
        referral: dict[str, Any],
        events: list[dict[str, Any]],
        *,
        recorded_by: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(tasks, parent)
        self.referral = referral
        self.recorded_by = recorded_by
        self.outcome = QComboBox()
        fill_enum(self.outcome, enums.REFERRAL_OUTCOME)
        if referral.get("outcome") == "pending":
            self.outcome.setCurrentIndex(max(0, self.outcome.findData("hired")))
        else:
            self.outcome.setCurrentIndex(max(0, self.outcome.findData(referral.get("outcome"))))
        self.date = date_edit()
        self.note = QLineEdit()
        self.history = QListWidget()
        self.history.setMaximumHeight(120)
        for e in events:
            text = f"{e['date']}  {label(enums.REFERRAL_OUTCOME, e['outcome'])}"
            if e.get("note"):
                text += f"  — {e['note']}"
            if e.get("recorded_by"):
                text += f"  ({e['recorded_by']})"
            self.history.addItem(text)
        if not events:
            self.history.addItem(self.tr("No outcome recorded yet"))
        form = QFormLayout()
        summary = QLabel(
            f"{referral.get('date', '')}  {referral.get('employer', '')}  "
            f"{referral.get('position') or ''}"
        )
        form.addRow(self.tr("Referral"), summary)
        form.addRow(self.tr("Outcome"), self.outcome)
        form.addRow(self.tr("Date"), self.date)
        form.addRow(self.tr("Note"), self.note)
        self._person_rows(form)
        history = QLabel(self.tr("History"))
        self.lay_out(form, self.tr("Record outcome"), self.outcome, 460, history, self.history)
        self.outcome.currentIndexChanged.connect(self.propose)
        self.propose()

    def _person_rows(self, form: QFormLayout) -> None:
        """The change the outcome makes to the person, proposed by the core, to confirm or
        change: employment status, employer, job. Unticked, the person stays as they are."""
        self.change_person = QCheckBox(self.tr("Also update the person's employment"))
        self.status = QComboBox()
        fill_enum(self.status, enums.EMPLOYMENT_STATUS)
        self.employer = QLineEdit()
        self.job = QLineEdit()
        form.addRow(self.change_person)
        form.addRow(self.tr("Employment status"), self.status)
        form.addRow(self.tr("Employer"), self.employer)
        form.addRow(self.tr("Job"), self.job)
        self.change_person.toggled.connect(self._enable_person)
        self._enable_person(False)
        self.proposed: dict[str, Any] = {}
        self.person_values: dict[str, Any] = {}

    def _enable_person(self, on: bool) -> None:
        for w in (self.status, self.employer, self.job):
            w.setEnabled(on)

    def propose(self) -> None:
        """Ask the façade what the chosen outcome changes of the person, and show it."""
        rid, outcome = self.referral["id"], self.outcome.currentData()
        # saved before the proposal is in, the person would silently stay as they were
        self.buttons.setEnabled(False)
        self.tasks.run_read(
            lambda desk: desk.referrals.person_change(rid, outcome), self._show, self._failed
        )

    def _show(self, proposed: dict[str, Any]) -> None:
        self.buttons.setEnabled(not self._saving)
        self.proposed = proposed
        if "employment_status" in proposed:
            self.status.setCurrentIndex(max(0, self.status.findData(proposed["employment_status"])))
        self.employer.setText(str(proposed.get("employer") or ""))
        self.job.setText(str(proposed.get("job") or ""))
        self.change_person.setChecked(bool(proposed))

    def values(self) -> dict[str, Any]:
        # read here, on the GUI thread; written by ``write`` on the database's
        self.person_values = {}
        if self.change_person.isChecked():
            self.person_values = {
                **self.proposed,
                "employment_status": self.status.currentData(),
                "employer": self.employer.text(),
                "job": self.job.text(),
            }
        return {
            "referral_id": self.referral["id"],
            "outcome": self.outcome.currentData(),
            "date": self.date.date().toString("yyyy-MM-dd"),
            "note": self.note.text(),
            "recorded_by": self.recorded_by,
        }

    def write(self, desk: Desk, values: dict[str, Any]) -> Any:
        return desk.referrals.record_outcome(
            values["referral_id"],
            values["outcome"],
            date=values["date"],
            note=values["note"],
            recorded_by=values["recorded_by"],
            person=dict(self.person_values),
        )
