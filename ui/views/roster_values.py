"""Between the column mapping and the report of a roster import: the words of coded columns
the importer did not recognise (在家务农, 长孙, 参合), each with how many cells hold it, and
what the clerk says each means: one of the field's known values, or "leave it" (its rows stay
rejected). The choices made here are remembered by the community for its next import."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.views.roster_work import field_label
from ui.work_pages import lang

if TYPE_CHECKING:
    from relocdesk.queries.roster import Unrecognised, ValueMap


class ValuesStep(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        head = self.table.horizontalHeader()
        for n in (0, 2):
            head.setSectionResizeMode(n, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(3, QHeaderView.ResizeMode.Fixed)
        self.table.setColumnWidth(3, 260)
        self.words: list[Unrecognised] = []  # one per table row
        self.combos: list[QComboBox] = []

        self.back_button = QPushButton()
        self.next_button = QPushButton()
        self.next_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.next_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def fill(self, found: dict[str, list[Unrecognised]], remembered: ValueMap) -> None:
        """One row per word: its column, the word, its count and what it is read as (the
        community's earlier choice when there is one)."""
        self.clear()
        self.words = [u for us in found.values() for u in us]
        self.table.setRowCount(len(self.words))
        for i, u in enumerate(self.words):
            self.table.setItem(i, 0, QTableWidgetItem(""))  # the field's label, in retranslate
            word = QTableWidgetItem(u.value)
            self.table.setItem(i, 1, word)
            count = QTableWidgetItem(str(u.count))
            self.table.setItem(i, 2, count)
            combo = QComboBox()
            self._fill_combo(combo, u.field, remembered.get(u.field, {}).get(u.value))
            self.table.setCellWidget(i, 3, combo)
            self.combos.append(combo)
        self._paint_columns()

    def clear(self) -> None:
        self.table.setRowCount(0)
        self.words, self.combos = [], []

    def _fill_combo(self, combo: QComboBox, field: str, chosen: str | None) -> None:
        from relocdesk.queries.roster import known_values

        zh = lang() == "zh"
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("Leave it (its rows stay rejected)"), None)
        for code, (zh_label, en_label) in known_values(field).items():
            combo.addItem(zh_label if zh else en_label, code)
        combo.setCurrentIndex(max(0, combo.findData(chosen)) if chosen else 0)
        combo.blockSignals(False)

    def _paint_columns(self) -> None:
        for i, u in enumerate(self.words):
            item = self.table.item(i, 0)
            if item is not None:
                label = field_label(u.field)
                # the file's own header beside the field's name, when it says it otherwise
                item.setText(label if u.column == label else f"{label} ({u.column})")

    def chosen(self) -> ValueMap:
        """The words mapped, by field; words left alone are not in it."""
        out: ValueMap = {}
        for u, combo in zip(self.words, self.combos, strict=True):
            value = combo.currentData()
            if value is not None:
                out.setdefault(u.field, {})[u.value] = str(value)
        return out

    def set_value(self, field: str, word: str, value: str | None) -> None:
        """Read a word as a known value (None: leave it), as its combo box does."""
        for u, combo in zip(self.words, self.combos, strict=True):
            if u.field == field and u.value == word:
                combo.setCurrentIndex(combo.findData(value) if value else 0)
                return
        raise KeyError(f"{field}: {word}")

    def retranslate(self) -> None:
        self.intro.setText(
            self.tr(
                "These values are not ones the import knows. Say once what each means; this "
                "community's next imports will offer the same choice. Values left alone keep "
                "their rows rejected."
            )
        )
        self.table.setHorizontalHeaderLabels(
            [self.tr("Column"), self.tr("Value in the file"), self.tr("Cells"), self.tr("Read as")]
        )
        for u, combo in zip(self.words, self.combos, strict=True):
            self._fill_combo(combo, u.field, combo.currentData())
        self._paint_columns()
        self.back_button.setText(self.tr("Back"))
        self.next_button.setText(self.tr("Next: check with these values"))
