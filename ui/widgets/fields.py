"""Field editors that check what is typed with the core's rules and show the error in place.

``FieldBox(table, field, kind)`` pairs an editor with a red message under it. The check is
``relocdesk.fields.RULES[table][field]``: pure functions, no I/O, so they run on the GUI
thread as the person types. Errors from the database (a duplicate ID number) are shown the
same way with ``show_error``. Messages follow the current language, also after a switch.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from relocdesk import enums, fields, validation
from ui.i18n import enum_label, is_chinese
from ui.ink import INK

ERROR_STYLE = f"border: 1px solid #c62828; background: #fff5f5; color: {INK};"


class EnumCombo(QComboBox):
    """A combo box over a coded value: shows labels in the current language, returns codes."""

    def __init__(
        self, labels: enums.Labels, *, empty: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.labels = labels
        self.empty = empty and "" not in labels
        self._fill()

    def _fill(self) -> None:
        current = self.code()
        self.blockSignals(True)
        self.clear()
        if self.empty:
            self.addItem("", None)
        for code in self.labels:
            self.addItem(enum_label(self.labels, code), code)
        self.blockSignals(False)
        self.set_code(current)

    def code(self) -> str | None:
        data = self.currentData()
        return None if data is None else str(data)

    def set_code(self, code: str | None) -> None:
        index = self.findData(code) if code is not None else (0 if self.empty else -1)
        if index < 0 and code is None and self.count():
            index = 0
        self.setCurrentIndex(max(index, 0) if self.count() else -1)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._fill()
        super().changeEvent(event)


class ChoiceCombo(QComboBox):
    """A combo over (value, text) pairs loaded from the database (buildings, members)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("i18n_data", True)

    def set_choices(self, choices: Sequence[tuple[str | None, str]], current: Any = None) -> None:
        self.blockSignals(True)
        self.clear()
        for value, text in choices:
            self.addItem(text, value)
        self.blockSignals(False)
        self.set_value(current)

    def value(self) -> Any:
        return self.currentData()

    def set_value(self, value: Any) -> None:
        index = self.findData(value)
        self.setCurrentIndex(index if index >= 0 else (0 if self.count() else -1))


class FieldBox(QWidget):
    """One field of a record: its editor, and its error message under it."""

    changed = Signal()

    def __init__(
        self,
        table: str,
        field: str,
        kind: str = "text",
        *,
        labels: enums.Labels | None = None,
        empty: bool = False,
        placeholder: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.table, self.field, self.kind = table, field, kind
        self.setObjectName(f"field_{field}")
        self.rule: Callable[[Any, str], Any] | None = fields.RULES.get(table, {}).get(field)
        self.error: validation.ValidationError | None = None
        self.extra_check: Callable[[Any], None] | None = None
        self.editor: QWidget
        if kind == "enum":
            assert labels is not None
            combo = EnumCombo(labels, empty=empty)
            combo.currentIndexChanged.connect(self._edited)
            self.editor = combo
        elif kind == "choice":
            choice = ChoiceCombo()
            choice.currentIndexChanged.connect(self._edited)
            self.editor = choice
        elif kind == "bool":
            box = QCheckBox()
            box.toggled.connect(self._edited)
            self.editor = box
        elif kind == "multiline":
            text = QPlainTextEdit()
            text.setProperty("i18n_data", True)
            text.setFixedHeight(70)
            text.textChanged.connect(self._edited)
            self.editor = text
        else:
            line = QLineEdit()
            line.setProperty("i18n_data", True)
            line.setPlaceholderText(placeholder)
            line.textChanged.connect(self._edited)
            self.editor = line
        self.editor.setObjectName(f"edit_{field}")
        self.message = QLabel()
        self.message.setObjectName(f"error_{field}")
        self.message.setStyleSheet("color: #c62828;")
        self.message.setWordWrap(True)
        self.message.setProperty("i18n_data", True)  # the core's messages, already bilingual
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(self.editor)
        layout.addWidget(self.message)

    # -- values ------------------------------------------------------------------------
    def raw(self) -> Any:
        e = self.editor
        if isinstance(e, EnumCombo):
            return e.code()
        if isinstance(e, ChoiceCombo):
            return e.value()
        if isinstance(e, QCheckBox):
            return 1 if e.isChecked() else 0
        if isinstance(e, QPlainTextEdit):
            return e.toPlainText()
        assert isinstance(e, QLineEdit)
        return e.text()

    def value(self) -> Any:
        """What to store: text fields trimmed, empty text as None."""
        raw = self.raw()
        if isinstance(raw, str):
            raw = raw.strip()
            return raw or None
        return raw

    def set_value(self, value: Any) -> None:
        e = self.editor
        e.blockSignals(True)
        if isinstance(e, EnumCombo):
            e.set_code(None if value is None else str(value))
        elif isinstance(e, ChoiceCombo):
            e.set_value(value)
        elif isinstance(e, QCheckBox):
            e.setChecked(bool(value))
        elif isinstance(e, QPlainTextEdit):
            e.setPlainText("" if value is None else str(value))
        elif isinstance(e, QLineEdit):
            text = "" if value is None else str(value)
            if isinstance(value, float) and value == int(value):
                text = str(int(value))
            e.setText(text)
        e.blockSignals(False)

    # -- checking ----------------------------------------------------------------------
    def _edited(self, *_: Any) -> None:
        self.check()
        self.changed.emit()

    def check(self) -> bool:
        """Run the core's rule on the current value; show or clear the error."""
        try:
            value = self.value()
            if self.rule is not None:
                value = self.rule(value, self.field)
            if self.extra_check is not None:
                self.extra_check(value)
        except validation.ValidationErrors as errs:
            self.show_error(errs.errors[0])
            return False
        except validation.ValidationError as err:
            self.show_error(err)
            return False
        self.clear_error()
        return True

    def show_error(self, error: validation.ValidationError) -> None:
        self.error = error
        self.message.setText(str(error.message_zh if is_chinese() else error.message_en))
        self.message.show()
        self.editor.setStyleSheet(ERROR_STYLE)
        self.editor.setProperty("invalid", True)

    def clear_error(self) -> None:
        self.error = None
        self.message.clear()
        self.message.hide()
        self.editor.setStyleSheet("")
        self.editor.setProperty("invalid", False)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and self.error is not None:
            self.show_error(self.error)
        super().changeEvent(event)
