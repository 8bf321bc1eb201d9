"""Step 2 of a roster import: which field each column of the file goes into, what to do with
people already here, and whether rows with errors stop the whole import."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.views.roster_work import field_label
from ui.widgets.flow_layout import FlowLayout

if TYPE_CHECKING:
    from relocdesk.queries.roster import Duplicates, Mode, RawTable

SAMPLES = 3  # first values of a column shown beside its header
RED = "color: #c0392b"


class MappingStep(QWidget):
    mapping_changed = Signal()  # a column was mapped to another field

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        self.table.setColumnWidth(2, 220)
        self.combos: list[QComboBox] = []

        self.back_button = QPushButton()
        self.check_button = QPushButton()
        self.check_button.setDefault(True)
        self.check_note = QLabel()
        self.check_note.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.check_note, 1)
        buttons.addWidget(self.check_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(self._build_options())
        layout.addLayout(buttons)

    def _build_options(self) -> FlowLayout:
        self.dup_box = QGroupBox()
        self.dup_skip, self.dup_update = QRadioButton(), QRadioButton()
        self.dup_group = QButtonGroup(self)
        for b in (self.dup_skip, self.dup_update):
            self.dup_group.addButton(b)
        self.dup_skip.setChecked(True)
        dl = QVBoxLayout(self.dup_box)
        dl.addWidget(self.dup_skip)
        dl.addWidget(self.dup_update)

        self.mode_box = QGroupBox()
        self.mode_all, self.mode_valid = QRadioButton(), QRadioButton()
        self.mode_group = QButtonGroup(self)
        for b in (self.mode_all, self.mode_valid):
            self.mode_group.addButton(b)
        self.mode_all.setChecked(True)
        self.rejects_label = QLabel()
        self.rejects_path = QLineEdit()
        self.rejects_path.setProperty("i18n_data", True)  # a path
        self.rejects_browse = QPushButton()
        self.rejects_browse.clicked.connect(self.choose_rejects)
        self.mode_valid.toggled.connect(self._enable_rejects)
        ml = QVBoxLayout(self.mode_box)
        ml.addWidget(self.mode_all)
        ml.addWidget(self.mode_valid)
        rr = QHBoxLayout()
        rr.addSpacing(22)
        rr.addWidget(self.rejects_label)
        rr.addWidget(self.rejects_path, 1)
        rr.addWidget(self.rejects_browse)
        ml.addLayout(rr)
        self._enable_rejects()

        # Side by side, or one under the other in a narrow window (an 800-pixel screen).
        options = FlowLayout(fill_rows=True)
        for box in (self.dup_box, self.mode_box):
            box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            options.addWidget(box)
        return options

    # -- the columns -----------------------------------------------------------------------
    def fill(self, raw: RawTable, suggested: dict[int, str | None]) -> None:
        """One row per column of the file: its header, first values and the field chosen."""
        self.clear()
        self.table.setRowCount(len(raw.headers))
        for i, header in enumerate(raw.headers):
            self.table.setItem(i, 0, QTableWidgetItem(header))
            samples = [r[i] for r in raw.rows[:SAMPLES] if i < len(r) and r[i]]
            self.table.setItem(i, 1, QTableWidgetItem("  |  ".join(samples)))
            combo = QComboBox()
            combo.setMaxVisibleItems(20)
            self._fill_combo(combo, suggested.get(i))
            combo.currentIndexChanged.connect(self._combo_changed)
            self.table.setCellWidget(i, 2, combo)
            self.combos.append(combo)
        self._combo_changed()

    def clear(self) -> None:
        self.table.setRowCount(0)
        self.combos = []

    def _fill_combo(self, combo: QComboBox, field: str | None) -> None:
        from relocdesk.queries.roster import TARGETS

        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("(not imported)"), None)
        for t in TARGETS:
            combo.addItem(field_label(t.field), t.field)
        combo.setCurrentIndex(max(0, combo.findData(field)) if field else 0)
        combo.blockSignals(False)

    def current_mapping(self) -> dict[int, str | None]:
        return {i: combo.currentData() for i, combo in enumerate(self.combos)}

    def set_field(self, column: int, field: str | None) -> None:
        """Map a file column to a field (None: not imported), as the combo box does."""
        combo = self.combos[column]
        combo.setCurrentIndex(combo.findData(field) if field else 0)

    def _combo_changed(self) -> None:
        self.paint_notes()
        self.mapping_changed.emit()

    def paint_notes(self) -> None:
        """What is missing or mapped twice, said before checking. The check itself names
        every problem, so Check stays usable to say so."""
        from relocdesk.queries.roster import GROUPING, REQUIRED

        fields = [f for f in self.current_mapping().values() if f]
        missing = [f for f in REQUIRED if f not in fields]
        twice = sorted({f for f in fields if fields.count(f) > 1})
        notes = []
        if missing:
            notes.append(
                self.tr("Required: %1.").replace("%1", ", ".join(field_label(f) for f in missing))
            )
        if not set(GROUPING) & set(fields):
            notes.append(self.tr("Map a household number, a room or a head's ID number column."))
        if twice:
            notes.append(
                self.tr("Mapped twice: %1.").replace("%1", ", ".join(field_label(f) for f in twice))
            )
        self.check_note.setStyleSheet(RED if notes else "")
        self.check_note.setText(" ".join(notes))

    # -- the options -----------------------------------------------------------------------
    def duplicates(self) -> Duplicates:
        return "update" if self.dup_update.isChecked() else "skip"

    def mode(self) -> Mode:
        return "valid_only" if self.mode_valid.isChecked() else "all_or_nothing"

    def _enable_rejects(self) -> None:
        valid = self.mode_valid.isChecked()
        for w in (self.rejects_label, self.rejects_path, self.rejects_browse):
            w.setEnabled(valid)

    def choose_rejects(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save rejected rows as"),
            self.rejects_path.text() or str(Path.home()),
            self.tr("Excel workbook (*.xlsx);;CSV (*.csv)"),
        )
        if path:
            self.rejects_path.setText(path)

    def retranslate(self) -> None:
        self.intro.setText(
            self.tr(
                "Check which field each column of the file goes into. Columns set to "
                "“(not imported)” are left out. Name and ID number are required."
            )
        )
        self.table.setHorizontalHeaderLabels(
            [self.tr("Column in the file"), self.tr("First values"), self.tr("Imported as")]
        )
        for combo in self.combos:
            self._fill_combo(combo, combo.currentData())
        self.dup_box.setTitle(self.tr("People already here (same ID number)"))
        self.dup_skip.setText(self.tr("Skip them: keep what is in the database"))
        self.dup_update.setText(self.tr("Update them with the file's values"))
        self.mode_box.setTitle(self.tr("When some rows have errors"))
        self.mode_all.setText(self.tr("All or nothing: import only if every row is correct"))
        self.mode_valid.setText(self.tr("Import the valid rows; save the rejected rows to a file"))
        self.rejects_label.setText(self.tr("Rejected rows:"))
        self.rejects_browse.setText(self.tr("Browse…"))
        self.back_button.setText(self.tr("Back"))
        self.check_button.setText(self.tr("Check"))
        if self.combos:
            self.paint_notes()
