"""Write a visit note with the household in view, and raise needs from it in the same save.

The visit and the needs it raised are one transaction: either all are kept or none.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from relocdesk import enums, fields, validation
from ui.dialogs.referral_edit import SavingDialog, date_edit, fill_enum
from ui.work_pages import Row, address, days_ago, label

if TYPE_CHECKING:
    from relocdesk.desk import Desk
    from relocdesk.queries.household_file import HouseholdSummary


def save_visit(desk: Desk, visit: dict[str, Any], needs: list[dict[str, Any]]) -> Row:
    with desk.transaction():
        row: Row = desk.visits.create(**visit)
        for need in needs:
            desk.needs.create(
                **need, household_id=visit["household_id"], visit_id=row["id"], source="visit"
            )
    row["needs"] = len(needs)
    return row


def age(birth: str | None) -> str:
    days = days_ago(birth)
    return "" if days is None else str(days // 365)


class VisitDialog(SavingDialog):
    table = "visit"

    def __init__(
        self,
        tasks: Any,
        summary: HouseholdSummary,
        *,
        visitor: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(tasks, parent)
        self.summary = summary
        self.household = summary.household
        self.pending_needs: list[dict[str, Any]] = []

        # The household in view.
        self.summary_view = QLabel()
        self.summary_view.setTextFormat(Qt.TextFormat.RichText)
        self.summary_view.setWordWrap(True)
        self.summary_view.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.summary_view.setMinimumWidth(320)
        self.summary_view.setProperty("i18n_data", True)  # the household's file

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addLayout(self._build_visit_form(visitor))
        rl.addWidget(self._build_need_box())
        rl.addWidget(self.error)
        split = QSplitter()
        split.addWidget(self.summary_view)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addLayout(self._build_bottom())
        self.setWindowTitle(
            self.tr("Visit to household %1").replace("%1", str(self.household["household_no"]))
        )
        self.summary_view.setText(self.summary_html())
        (self.notes if visitor else self.visitor).setFocus()
        self.resize(980, 620)

    def _build_visit_form(self, visitor: str) -> QFormLayout:
        self.date = date_edit()
        self.kind = QComboBox()
        fill_enum(self.kind, enums.VISIT_KIND)
        self.visitor = QLineEdit(visitor)
        self.met = QLineEdit()
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setMinimumHeight(120)
        form = QFormLayout()
        self.form = form
        form.addRow(self.tr("Date"), self.date)
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("Visitor"), self.visitor)
        form.addRow(self.tr("Met"), self.met)
        form.addRow(self.tr("Notes"), self.notes)
        return form

    def _build_need_fields(self) -> None:
        self.need_category = QComboBox()
        fill_enum(self.need_category, enums.NEED_CATEGORY)
        self.need_description = QLineEdit()
        self.need_description.setPlaceholderText(self.tr("What the household asks for"))
        self.need_assignee = QLineEdit()
        self.need_assignee.setPlaceholderText(self.tr("Responsible person"))
        self.need_has_due = QCheckBox(self.tr("Due"))
        self.need_due = date_edit()
        self.need_due.setDate(QDate.currentDate().addDays(14))
        self.need_due.setEnabled(False)
        self.need_has_due.toggled.connect(self.need_due.setEnabled)
        self.need_add = QPushButton(self.tr("Add need"))
        self.need_add.setAutoDefault(False)
        self.need_add.clicked.connect(self.add_need)
        self.need_list = QListWidget()
        self.need_list.setMaximumHeight(90)
        self.need_remove = QPushButton(self.tr("Remove"))
        self.need_remove.setAutoDefault(False)
        self.need_remove.clicked.connect(self.remove_need)
        self.need_error = QLabel()
        self.need_error.setStyleSheet("color: #c0392b")
        self.need_error.hide()

    def _build_need_box(self) -> QGroupBox:
        """Needs raised at this visit, saved with it."""
        self.need_box = QGroupBox(self.tr("Needs raised at this visit"))
        self._build_need_fields()
        nf = QFormLayout()
        nf.addRow(self.tr("Category"), self.need_category)
        nf.addRow(self.tr("Description"), self.need_description)
        nf.addRow(self.tr("Assignee"), self.need_assignee)
        due_row = QHBoxLayout()
        due_row.addWidget(self.need_has_due)
        due_row.addWidget(self.need_due)
        due_row.addStretch(1)
        due_row.addWidget(self.need_add)
        nl = QVBoxLayout(self.need_box)
        nl.addLayout(nf)
        nl.addLayout(due_row)
        nl.addWidget(self.need_error)
        list_row = QHBoxLayout()
        list_row.addWidget(self.need_list, 1)
        list_row.addWidget(self.need_remove, 0, Qt.AlignmentFlag.AlignTop)
        nl.addLayout(list_row)
        return self.need_box

    def _build_bottom(self) -> QHBoxLayout:
        self.save_hint = QLabel(self.tr("Ctrl+Enter saves"))
        self.save_hint.setStyleSheet("color: #666")
        bottom = QHBoxLayout()
        bottom.addWidget(self.save_hint)
        bottom.addWidget(self.buttons)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.save)
        QShortcut(QKeySequence("Ctrl+Enter"), self, self.save)
        return bottom

    def summary_html(self) -> str:
        h = self.household
        esc = _escape
        # Translated outside the f-strings: lupdate does not read inside them.
        t_household, t_phone = self.tr("Household"), self.tr("Phone")
        t_members, t_open, t_due = self.tr("Members"), self.tr("Open needs"), self.tr("due")
        t_last = self.tr("Last visits")
        lines = [
            f"<b>{esc(t_household)} {esc(h['household_no'])}</b> &nbsp; {esc(address(h))}",
        ]
        if h.get("phone"):
            lines.append(f"{esc(t_phone)}: {esc(h['phone'])}")
        lines.append(f"<br><b>{esc(t_members)}</b>")
        special_names = {
            "left_behind_child": self.tr("left-behind child"),
            "elderly_alone": self.tr("elderly living alone"),
            "severe_disability": self.tr("severe disability"),
        }
        for m in self.summary.members:
            bits = [esc(m["name"]), esc(label(enums.RELATION, m.get("relation")))]
            if m.get("birth_date"):
                bits.append(esc(self.tr("%1 years").replace("%1", age(m["birth_date"]))))
            bits.append(esc(label(enums.EMPLOYMENT_STATUS, m.get("employment_status"))))
            special = [esc(text) for flag, text in special_names.items() if m.get(flag)]
            line = "，".join(b for b in bits if b) if _zh() else ", ".join(b for b in bits if b)
            if special:
                line += f" <span style='color:#c0392b'>({', '.join(special)})</span>"
            lines.append("· " + line)
        lines.append(f"<br><b>{esc(t_open)}</b>")
        if not self.summary.needs:
            lines.append(esc(self.tr("none")))
        for n in self.summary.needs:
            due = f" — {esc(t_due)} {esc(n.due_date)}" if n.due_date else ""
            lines.append(
                f"· [{esc(label(enums.NEED_STATUS, n.status))}] "
                f"{esc(label(enums.NEED_CATEGORY, n.category))}: {esc(n.description)}{due}"
            )
        lines.append(f"<br><b>{esc(t_last)}</b>")
        if not self.summary.visits:
            lines.append(esc(self.tr("none")))
        for v in self.summary.visits:
            note = (v.notes or "").replace("\n", " ")
            if len(note) > 80:
                note = note[:80] + "…"
            lines.append(
                f"· {esc(v.date)} {esc(v.visitor)} "
                f"({esc(label(enums.VISIT_KIND, v.kind))}): {esc(note)}"
            )
        return "<br>".join(lines)

    # -- needs raised here ----------------------------------------------------------------
    def need_values(self) -> dict[str, Any]:
        return {
            "category": self.need_category.currentData(),
            "description": self.need_description.text(),
            "assignee": self.need_assignee.text(),
            "due_date": self.need_due.date().toString("yyyy-MM-dd")
            if self.need_has_due.isChecked()
            else None,
        }

    def add_need(self) -> None:
        values = self.need_values()
        try:
            clean = fields.clean("need", values)
        except (validation.ValidationError, validation.ValidationErrors) as e:
            from ui.work_pages import error_text

            self.need_error.setText(error_text(e))
            self.need_error.show()
            return
        self.need_error.hide()
        self.pending_needs.append(clean)
        text = f"{label(enums.NEED_CATEGORY, clean['category'])}: {clean['description']}"
        if clean.get("assignee"):
            text += f" → {clean['assignee']}"
        if clean.get("due_date"):
            text += f" ({clean['due_date']})"
        self.need_list.addItem(text)
        self.need_description.clear()
        self.need_description.setFocus()

    def remove_need(self) -> None:
        row = self.need_list.currentRow()
        if row >= 0:
            self.need_list.takeItem(row)
            del self.pending_needs[row]

    # -- saving ---------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        return {
            "household_id": self.household["id"],
            "date": self.date.date().toString("yyyy-MM-dd"),
            "kind": self.kind.currentData(),
            "visitor": self.visitor.text(),
            "met": self.met.text(),
            "notes": self.notes.toPlainText(),
        }

    def save(self) -> None:
        # A need typed but not yet added is kept rather than lost.
        if self.need_description.text().strip():
            self.add_need()
            if self.need_error.isVisible():
                return
        super().save()

    def write(self, desk: Desk, values: dict[str, Any]) -> Any:
        return save_visit(desk, values, list(self.pending_needs))


def _escape(text: Any) -> str:
    import html

    return html.escape("" if text is None else str(text))


def _zh() -> bool:
    from ui import i18n

    return i18n.is_chinese()
