"""Import / export: a roster file in three steps (choose, map columns, check and import) and
the community's roster out to .xlsx.

Reading, checking, importing and exporting all run on the DB worker with progress and
Cancel; the GUI thread only holds the read table and the checked plan, which are plain data.
An import is written in one transaction by the core, so a cancel or a failure leaves
nothing half-imported.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.work_pages import Row, RowsModel, RowsTable, WorkPage, lang

log = logging.getLogger("relocdesk.ui.roster")

SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv")
CHOOSE, MAPPING, REPORT = 0, 1, 2
SAMPLES = 3
RED = "color: #c0392b"
GREEN = "color: #1e7b34"


def field_label(field: str | None) -> str:
    """A roster field as people read it: its Chinese header, or its English name."""
    from relocdesk.roster import BY_FIELD

    target = BY_FIELD.get(field or "")
    if target is None:
        return field or ""
    if lang() == "zh":
        return target.header
    return target.en[:1].upper() + target.en[1:]


def sentence(text: str) -> str:
    """The core writes English messages in lower case, to follow a field name; on their own
    they start a sentence."""
    return text[:1].upper() + text[1:] if lang() == "en" else text


def message(exc: BaseException) -> str:
    """What a person reads about a failure, in the interface language, never a traceback."""
    zh = getattr(exc, "message_zh", None)
    en = getattr(exc, "message_en", None)
    if zh or en:
        return sentence(str((zh or en) if lang() == "zh" else (en or zh)))
    from ui.errors import friendly_message

    log.error("roster work failed", exc_info=exc)
    return friendly_message(exc)


def is_cancel(exc: BaseException) -> bool:
    from relocdesk.roster import ImportCancelled
    from ui.tasks import Cancelled

    return isinstance(exc, (Cancelled, ImportCancelled))


# -- work on the DB worker ------------------------------------------------------------------
def read_file(path: str, progress: Any) -> Any:
    from relocdesk.roster import read_table
    from ui.tasks import Cancelled

    raw = read_table(path)
    if progress.cancelled:
        raise Cancelled()
    return raw


def check_file(desk: Any, progress: Any, raw: Any, mapping: dict[int, str | None], dup: str) -> Any:
    from relocdesk.roster import plan_import

    return plan_import(
        desk,
        raw,
        mapping,
        duplicates=dup,  # type: ignore[arg-type]
        progress=progress.report,
        cancel=lambda: progress.cancelled,
    )


def import_plan(desk: Any, progress: Any, plan: Any, mode: str, rejects: str | None) -> Any:
    from relocdesk.roster import apply_import

    return apply_import(
        desk,
        plan,
        mode=mode,  # type: ignore[arg-type]
        rejects_path=rejects,
        progress=progress.report,
        cancel=lambda: progress.cancelled,
    )


def export_file(desk: Any, progress: Any, path: str) -> int:
    from relocdesk.roster import export_roster

    return export_roster(desk, path, progress.report, lambda: progress.cancelled)


def default_rejects(source: str) -> str:
    p = Path(source)
    return str(p.with_name(f"{p.stem}-rejects.xlsx"))


class RosterPage(WorkPage):
    def __init__(self, window: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(window, parent)
        self.setAcceptDrops(True)
        self.path: str = ""
        self.raw: Any = None
        self.plan: Any = None
        self.result: Any = None
        self.busy = False
        self._export_text: tuple[str, str] | None = None  # (kind, detail) of the last export

        # Header: the steps and the export.
        self.step_labels = [QLabel() for _ in range(3)]
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self.choose_export)
        self.export_note = QLabel()
        self.export_note.setWordWrap(True)
        self.export_path = QLabel()
        self.export_path.setProperty("i18n_data", True)  # a file name
        top = QHBoxLayout()
        for n, lab in enumerate(self.step_labels):
            if n:
                arrow = QLabel("→")
                top.addWidget(arrow)
            top.addWidget(lab)
        top.addStretch(1)
        top.addWidget(self.export_button)
        export_row = QHBoxLayout()
        export_row.addStretch(1)
        export_row.addWidget(self.export_note)
        export_row.addWidget(self.export_path)

        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_choose())
        self.stack.addWidget(self._build_mapping())
        self.stack.addWidget(self._build_report())

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(export_row)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        layout.addWidget(line)
        layout.addWidget(self.stack, 1)
        self.retranslate()

    # -- building the steps ----------------------------------------------------------------
    def _build_choose(self) -> QWidget:
        page = QWidget()
        self.drop_box = QGroupBox()
        self.drop_hint = QLabel()
        self.drop_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop_hint.setMinimumHeight(90)
        self.drop_hint.setStyleSheet("QLabel { border: 2px dashed #8aa4c0; padding: 16px; }")
        self.choose_button = QPushButton()
        self.choose_button.clicked.connect(self.choose_file)
        box = QVBoxLayout(self.drop_box)
        box.addWidget(self.drop_hint)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.choose_button)
        row.addStretch(1)
        box.addLayout(row)

        self.file_box = QGroupBox()
        self.file_facts = QLabel()  # labels of the facts, translated
        self.file_values = QLabel()  # file name, sheet, headers: data
        self.file_values.setProperty("i18n_data", True)
        self.file_values.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.file_values.setWordWrap(True)
        self.read_error = QLabel()
        self.read_error.setWordWrap(True)
        self.read_error.setStyleSheet(RED)
        # The core's message quotes the column names it looked for (姓名, 身份证号码).
        self.read_error.setProperty("i18n_data", True)
        facts = QHBoxLayout()
        facts.addWidget(self.file_facts, 0, Qt.AlignmentFlag.AlignTop)
        facts.addWidget(self.file_values, 1, Qt.AlignmentFlag.AlignTop)
        fl = QVBoxLayout(self.file_box)
        fl.addLayout(facts)
        fl.addWidget(self.read_error)

        self.to_mapping = QPushButton()
        self.to_mapping.clicked.connect(lambda: self.go(MAPPING))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.to_mapping)

        layout = QVBoxLayout(page)
        layout.addWidget(self.drop_box)
        layout.addWidget(self.file_box)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return page

    def _build_mapping(self) -> QWidget:
        page = QWidget()
        self.mapping_intro = QLabel()
        self.mapping_intro.setWordWrap(True)
        self.mapping = QTableWidget(0, 3)
        self.mapping.verticalHeader().setVisible(False)
        self.mapping.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.mapping.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        head = self.mapping.horizontalHeader()
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        self.mapping.setColumnWidth(2, 220)
        self.combos: list[QComboBox] = []

        self.dup_box = QGroupBox()
        self.dup_skip, self.dup_update = QRadioButton(), QRadioButton()
        self.dup_group = QButtonGroup(self)
        for b in (self.dup_skip, self.dup_update):
            self.dup_group.addButton(b)
        self.dup_skip.setChecked(True)
        self.dup_update.toggled.connect(self._drop_plan)
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
        self.mode_valid.toggled.connect(self._enable)
        ml = QVBoxLayout(self.mode_box)
        ml.addWidget(self.mode_all)
        ml.addWidget(self.mode_valid)
        rr = QHBoxLayout()
        rr.addSpacing(22)
        rr.addWidget(self.rejects_label)
        rr.addWidget(self.rejects_path, 1)
        rr.addWidget(self.rejects_browse)
        ml.addLayout(rr)

        options = QHBoxLayout()
        options.addWidget(self.dup_box, 1)
        options.addWidget(self.mode_box, 2)

        self.mapping_back = QPushButton()
        self.mapping_back.clicked.connect(lambda: self.go(CHOOSE))
        self.check_button = QPushButton()
        self.check_button.setDefault(True)
        self.check_button.clicked.connect(self.check)
        self.check_note = QLabel()
        self.check_note.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.mapping_back)
        buttons.addWidget(self.check_note, 1)
        buttons.addWidget(self.check_button)

        layout = QVBoxLayout(page)
        layout.addWidget(self.mapping_intro)
        layout.addWidget(self.mapping, 1)
        layout.addLayout(options)
        layout.addLayout(buttons)
        return page

    def _build_report(self) -> QWidget:
        page = QWidget()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet(RED)
        self.problems.setProperty("i18n_data", True)  # quotes the file's column names
        self.errors_title = QLabel()
        self.errors_model = RowsModel(
            lambda: [
                self.tr("Row"),
                self.tr("Name"),
                self.tr("Field"),
                self.tr("Value"),
                self.tr("Problem"),
            ],
            self._error_cells,
            parent=self,
        )
        self.errors = RowsTable(self.errors_model)
        self.errors.setWordWrap(True)
        self.verdict = QLabel()  # what Import will do, or why it cannot
        self.verdict.setWordWrap(True)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_path = QLabel()
        self.result_path.setProperty("i18n_data", True)  # the rejects file
        self.result_path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.report_back = QPushButton()
        self.report_back.clicked.connect(lambda: self.go(MAPPING))
        self.save_report_button = QPushButton()
        self.save_report_button.clicked.connect(self.choose_report)
        self.import_button = QPushButton()
        self.import_button.clicked.connect(self.import_now)
        self.again_button = QPushButton()
        self.again_button.clicked.connect(self.start_over)
        buttons = QHBoxLayout()
        buttons.addWidget(self.report_back)
        buttons.addStretch(1)
        buttons.addWidget(self.save_report_button)
        buttons.addWidget(self.again_button)
        buttons.addWidget(self.import_button)

        layout = QVBoxLayout(page)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems)
        layout.addWidget(self.errors_title)
        layout.addWidget(self.errors, 1)
        layout.addWidget(self.verdict)
        layout.addWidget(self.result_label)
        layout.addWidget(self.result_path)
        layout.addLayout(buttons)
        return page

    # -- step 1: the file ---------------------------------------------------------------------
    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose a roster file"),
            str(Path(self.path).parent) if self.path else str(Path.home()),
            self.tr("Roster files (*.xlsx *.xls *.csv);;All files (*)"),
        )
        if path:
            self.load_file(path)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._dropped_path(event) and not self.busy:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        path = self._dropped_path(event)
        if path:
            event.acceptProposedAction()
            self.load_file(path)

    @staticmethod
    def _dropped_path(event: QDragEnterEvent | QDropEvent) -> str:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        for url in urls:
            local = url.toLocalFile()
            if local and Path(local).suffix.lower() in SUFFIXES:
                return local
        return ""

    def load_file(self, path: str | Path) -> None:
        """Read a roster file on the worker; the header row, sheet and encoding come back."""
        if self.busy:
            return
        path = str(path)
        self.path = path
        self.raw = self.plan = self.result = None
        self.read_error.setText("")
        self.busy = True
        self.go(CHOOSE)
        self._show_file()
        self.tasks.run_long(
            lambda _desk, progress: read_file(path, progress),
            self._read,
            self._read_failed,
            parent=self,
            label=self.tr("Reading the file…"),
        )

    def _read(self, raw: Any) -> None:
        self.busy = False
        self.raw = raw
        self._fill_mapping()
        self.rejects_path.setText(default_rejects(self.path))
        self._show_file()
        self._enable()

    def _read_failed(self, exc: BaseException) -> None:
        self.busy = False
        self.raw = None
        self.read_error.setText("" if is_cancel(exc) else message(exc))
        if is_cancel(exc):
            self.path = ""
        self._show_file()
        self._enable()

    def _show_file(self) -> None:
        facts = [self.tr("File:")]
        values = [Path(self.path).name if self.path else "—"]
        raw = self.raw
        if raw is not None:
            facts += [
                self.tr("Sheet:") if raw.sheet else self.tr("Encoding:"),
                self.tr("Header row:"),
                self.tr("Columns:"),
                self.tr("Data rows:"),
            ]
            values += [
                str(raw.sheet or (raw.encoding or "").upper()),
                str(raw.header_row_index + 1),
                "  ·  ".join(raw.headers),
                str(len(raw.rows)),
            ]
        elif self.busy:
            facts.append(self.tr("Reading…"))
            values.append("")
        self.file_facts.setText("\n".join(facts))
        self.file_values.setText("\n".join(values))

    # -- step 2: mapping ----------------------------------------------------------------------
    def _fill_mapping(self) -> None:
        from relocdesk.roster import suggest_mapping

        raw = self.raw
        suggested = suggest_mapping(list(raw.headers))
        self.mapping.setRowCount(0)
        self.combos = []
        self.mapping.setRowCount(len(raw.headers))
        for i, header in enumerate(raw.headers):
            self.mapping.setItem(i, 0, QTableWidgetItem(header))
            samples = [r[i] for r in raw.rows[:SAMPLES] if i < len(r) and r[i]]
            self.mapping.setItem(i, 1, QTableWidgetItem("  |  ".join(samples)))
            combo = QComboBox()
            combo.setMaxVisibleItems(20)
            self._fill_combo(combo, suggested.get(i))
            combo.currentIndexChanged.connect(self._mapping_changed)
            self.mapping.setCellWidget(i, 2, combo)
            self.combos.append(combo)
        self._mapping_changed()

    def _fill_combo(self, combo: QComboBox, field: str | None) -> None:
        from relocdesk.roster import TARGETS

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

    def _mapping_changed(self) -> None:
        fields = [f for f in self.current_mapping().values() if f]
        missing = [f for f in ("name", "id_number") if f not in fields]
        twice = sorted({f for f in fields if fields.count(f) > 1})
        notes = []
        if missing:
            notes.append(
                self.tr("Required: %1.").replace("%1", ", ".join(field_label(f) for f in missing))
            )
        if not {"household_no", "room"} & set(fields):
            notes.append(self.tr("Map a household number or a room column."))
        if twice:
            notes.append(
                self.tr("Mapped twice: %1.").replace("%1", ", ".join(field_label(f) for f in twice))
            )
        self.check_note.setStyleSheet(RED if notes else "")
        self.check_note.setText(" ".join(notes))
        # The plan itself names every problem; Check stays usable so it can say so.
        self.plan = None

    def _drop_plan(self) -> None:
        # A plan checked under the other duplicates policy says the wrong thing.
        self.plan = None
        self._enable()

    def choose_rejects(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save rejected rows as"),
            self.rejects_path.text() or str(Path.home()),
            self.tr("Excel workbook (*.xlsx);;CSV (*.csv)"),
        )
        if path:
            self.rejects_path.setText(path)

    def duplicates(self) -> str:
        return "update" if self.dup_update.isChecked() else "skip"

    def mode(self) -> str:
        return "valid_only" if self.mode_valid.isChecked() else "all_or_nothing"

    def check(self) -> None:
        """Check every row on the worker (nothing is written); then show the report."""
        if self.busy or self.raw is None:
            return
        raw, mapping, dup = self.raw, self.current_mapping(), self.duplicates()
        self.busy = True
        self.plan = self.result = None
        self._enable()
        self.check_note.setStyleSheet("")
        self.check_note.setText(self.tr("Checking…"))
        self.tasks.run_long(
            lambda desk, progress: check_file(desk, progress, raw, mapping, dup),
            self._checked,
            self._check_failed,
            parent=self,
            label=self.tr("Checking %1 rows…").replace("%1", f"{len(raw.rows):,}"),
        )

    def _checked(self, plan: Any) -> None:
        self.busy = False
        self.plan = plan
        self.result = None
        self.check_note.setText("")
        self.errors_model.set_rows(self._error_rows())
        self.errors.resizeColumnsToContents()
        self.go(REPORT)

    def _check_failed(self, exc: BaseException) -> None:
        self.busy = False
        self.check_note.setStyleSheet("" if is_cancel(exc) else RED)
        self.check_note.setText(
            self.tr("Check cancelled; nothing was imported.") if is_cancel(exc) else message(exc)
        )
        self._enable()

    # -- step 3: report and import -----------------------------------------------------------
    def _error_rows(self) -> list[Row]:
        rows: list[Row] = []
        for r in self.plan.report:
            for e in r.errors:
                rows.append({"row": r.row_number, "name": r.name, "error": e})
        return rows

    def _error_cells(self, row: Row) -> list[Any]:
        e = row["error"]
        label = field_label(e.field) if e.field else e.column
        problem = e.message_zh if lang() == "zh" else sentence(e.message_en)
        return [row["row"], row["name"], label, e.value, problem]

    def import_now(self) -> None:
        """Write the checked plan on the worker in one transaction (Cancel rolls it back)."""
        if self.busy or self.plan is None:
            return
        plan, mode = self.plan, self.mode()
        rejects = self.rejects_path.text().strip() or None if mode == "valid_only" else None
        if mode == "valid_only" and rejects is None and plan.error_count:
            rejects = default_rejects(self.path)
            self.rejects_path.setText(rejects)
        self.busy = True
        self._enable()
        self.result_label.setStyleSheet("")
        self.result_label.setText(self.tr("Importing…"))
        self.result_path.setText("")
        self.tasks.run_long(
            lambda desk, progress: import_plan(desk, progress, plan, mode, rejects),
            self._imported,
            self._import_failed,
            parent=self,
            label=self.tr("Importing…"),
        )

    def _imported(self, result: Any) -> None:
        self.busy = False
        self.result = result
        if result.applied:
            self.changed("household")
            self.changed("person")
        self._show_result()
        self._enable()

    def _import_failed(self, exc: BaseException) -> None:
        self.busy = False
        self.result = None
        self.result_label.setStyleSheet(RED)
        self.result_label.setText(
            self.tr("Import cancelled; nothing was imported.") if is_cancel(exc) else message(exc)
        )
        self._enable()

    def _show_result(self) -> None:
        r = self.result
        if r is None:
            return
        self._set_verdict("")  # what Import would do: done now, the result says what it did
        if not r.applied:
            self.result_label.setStyleSheet(RED)
            text = r.message_zh if lang() == "zh" else sentence(r.message_en) + "."
            if r.code == "stale":
                text += " " + self.tr("Press Back, then Check again.")
            self.result_label.setText(text)
            self.result_path.setText("")
            return
        self.result_label.setStyleSheet(GREEN)
        text = (
            self.tr(
                "Imported: %1 people and %2 households added, %3 people updated, "
                "%4 skipped, %5 rows rejected."
            )
            .replace("%1", str(r.people_created))
            .replace("%2", str(r.households_created))
            .replace("%3", str(r.people_updated))
            .replace("%4", str(r.people_skipped))
            .replace("%5", str(r.rejected if r.mode == "valid_only" else 0))
        )
        if r.rejects_path:
            text += ("" if lang() == "zh" else " ") + self.tr("The rejected rows are in:")
        self.result_label.setText(text)
        self.result_path.setText(r.rejects_path or "")

    def choose_report(self) -> None:
        if self.plan is None:
            return
        stem = Path(self.path).stem if self.path else "roster"
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the report as"),
            str(Path(self.path).with_name(f"{stem}-report.xlsx")),
            self.tr("Excel workbook (*.xlsx);;CSV (*.csv)"),
        )
        if path:
            self.save_report(path)

    def save_report(self, path: str | Path) -> None:
        """The rows with errors, their cells and the reasons, to .xlsx or .csv."""
        from relocdesk.roster import write_rejects

        plan, path = self.plan, str(path)
        if plan is None:
            return
        self.tasks.run_net(
            lambda: write_rejects(plan, path),
            lambda _v: self._report_saved(path),
            lambda e: self._set_verdict(message(e), RED),
        )

    def _report_saved(self, path: str) -> None:
        self.result_path.setText(path)
        self._set_verdict(self.tr("Report saved."), GREEN)

    def _set_verdict(self, text: str, style: str = "") -> None:
        self.verdict.setStyleSheet(style)
        self.verdict.setText(text)

    def start_over(self) -> None:
        self.path = ""
        self.raw = self.plan = self.result = None
        self.read_error.setText("")
        self.mapping.setRowCount(0)
        self.combos = []
        self._show_file()
        self.go(CHOOSE)

    # -- export ----------------------------------------------------------------------------
    def choose_export(self) -> None:
        import datetime

        name = f"花名册-{datetime.date.today():%Y%m%d}.xlsx"
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export the roster"),
            str(Path.home() / name),
            self.tr("Excel workbook (*.xlsx)"),
        )
        if path:
            if not path.lower().endswith(".xlsx"):
                path += ".xlsx"
            self.export_to(path)

    def export_to(self, path: str | Path) -> None:
        """Every household and person of the community to .xlsx, on the worker."""
        if self.busy:
            return
        path = str(path)
        self.busy = True
        self._enable()
        self._export_text = ("working", "")
        self._show_export(path)
        self.tasks.run_long(
            lambda desk, progress: export_file(desk, progress, path),
            lambda count: self._exported(path, count),
            lambda e: self._export_failed(path, e),
            parent=self,
            label=self.tr("Exporting the roster…"),
        )

    def _exported(self, path: str, count: int) -> None:
        self.busy = False
        self._export_text = ("done", str(count))
        self._show_export(path)
        self.changed("audit")
        self._enable()

    def _export_failed(self, path: str, exc: BaseException) -> None:
        self.busy = False
        self._export_text = ("cancelled", "") if is_cancel(exc) else ("failed", message(exc))
        self._show_export(path)
        self._enable()

    def _show_export(self, path: str | None = None) -> None:
        if path is not None:
            self.export_path.setText(Path(path).name)
        kind, detail = self._export_text or ("", "")
        texts = {
            "working": self.tr("Exporting…"),
            "done": self.tr("Exported %1 people:").replace("%1", detail),
            "cancelled": self.tr("Export cancelled; no file was written:"),
            "failed": detail,
            "": "",
        }
        self.export_note.setStyleSheet(RED if kind in ("failed", "cancelled") else "")
        self.export_note.setText(texts[kind])

    # -- steps and texts ---------------------------------------------------------------------
    def go(self, step: int) -> None:
        if step == MAPPING and self.raw is None:
            return
        if step == REPORT and self.plan is None:
            return
        self.stack.setCurrentIndex(step)
        self._paint_report()
        self._paint_steps()
        self._enable()

    def step(self) -> int:
        return self.stack.currentIndex()

    def _paint_steps(self) -> None:
        names = (
            self.tr("1. Choose a file"),
            self.tr("2. Map columns"),
            self.tr("3. Check and import"),
        )
        for n, (lab, name) in enumerate(zip(self.step_labels, names, strict=True)):
            lab.setText(name)
            lab.setStyleSheet(
                "font-weight: bold; color: #1f5f8b" if n == self.step() else "color: #777"
            )

    def _paint_report(self) -> None:
        plan = self.plan
        if plan is None:
            return
        s = plan.summary()
        lines = [
            self.tr("%1 data rows checked.").replace("%1", str(s["rows"])),
            self.tr("To add: %1").replace("%1", f"<b>{s['insert']}</b>"),
            self.tr("To update: %1").replace("%1", f"<b>{s['update']}</b>"),
            self.tr("To skip (already here): %1").replace("%1", f"<b>{s['skip']}</b>"),
            self.tr("With errors: %1").replace(
                "%1",
                f"<b style='color:#c0392b'>{s['errors']}</b>" if s["errors"] else "<b>0</b>",
            ),
            self.tr("New households: %1").replace("%1", f"<b>{s['new_households']}</b>"),
        ]
        self.summary.setText(lines[0] + "<br>" + " &#160;·&#160; ".join(lines[1:]))
        zh = lang() == "zh"
        self.problems.setText(
            "\n".join(e.message_zh if zh else sentence(e.message_en) for e in plan.problems)
        )
        self.problems.setVisible(bool(plan.problems))
        self.errors_title.setText(
            self.tr("Rows with errors (fix them in the file, or import the valid rows only):")
            if plan.error_count
            else self.tr("No row has an error.")
        )
        self.errors.setVisible(bool(plan.error_count))
        if plan.problems:
            self._set_verdict(
                self.tr("Nothing can be imported until the columns are mapped. Press Back."), RED
            )
        elif plan.error_count and self.mode() == "all_or_nothing":
            self._set_verdict(
                self.tr(
                    "All or nothing: with rows in error nothing will be imported. Fix the file, "
                    "or press Back and choose “valid rows only”."
                ),
                RED,
            )
        elif plan.valid_count - plan.count("skip") == 0:
            self._set_verdict(self.tr("There is nothing new to import."))
        else:
            text = self.tr("Import will add or update %1 people.").replace(
                "%1", str(plan.count("insert") + plan.count("update"))
            )
            if plan.error_count:
                text += ("" if lang() == "zh" else " ") + self.tr(
                    "The %1 rows with errors are left out and saved to the rejected-rows file."
                ).replace("%1", str(plan.error_count))
            self._set_verdict(text)
        self.errors_model.relabel()
        self._show_result()

    def _enable(self) -> None:
        free = not self.busy
        self.choose_button.setEnabled(free)
        self.export_button.setEnabled(free)
        self.to_mapping.setEnabled(free and self.raw is not None)
        self.check_button.setEnabled(free and self.raw is not None)
        self.mapping_back.setEnabled(free)
        valid = self.mode_valid.isChecked()
        self.rejects_label.setEnabled(valid)
        self.rejects_path.setEnabled(valid)
        self.rejects_browse.setEnabled(valid)
        plan, result = self.plan, self.result
        done = result is not None and result.applied
        can_import = (
            plan is not None
            and not plan.problems
            and (plan.error_count == 0 or self.mode() == "valid_only")
            and plan.valid_count - plan.count("skip") > 0
        )
        self.import_button.setEnabled(free and can_import and not done)
        self.import_button.setVisible(not done)
        self.again_button.setVisible(done)
        self.report_back.setEnabled(free and not done)
        self.save_report_button.setEnabled(free and plan is not None and plan.error_count > 0)

    def retranslate(self) -> None:
        self.export_button.setText(self.tr("Export roster to Excel…"))
        self.export_button.setToolTip(
            self.tr("Every household and person of this community, to an .xlsx file")
        )
        self.drop_box.setTitle(self.tr("Roster file"))
        self.drop_hint.setText(
            self.tr("Drop a roster file here (.xlsx, .xls or .csv), or choose one.")
        )
        self.choose_button.setText(self.tr("Choose file…"))
        self.file_box.setTitle(self.tr("What was read"))
        self.to_mapping.setText(self.tr("Next: map columns"))
        self.mapping_intro.setText(
            self.tr(
                "Check which field each column of the file goes into. Columns set to "
                "“(not imported)” are left out. Name and ID number are required."
            )
        )
        self.mapping.setHorizontalHeaderLabels(
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
        self.mapping_back.setText(self.tr("Back"))
        self.check_button.setText(self.tr("Check"))
        self.report_back.setText(self.tr("Back"))
        self.save_report_button.setText(self.tr("Save report…"))
        self.import_button.setText(self.tr("Import"))
        self.again_button.setText(self.tr("Import another file"))
        if self.combos:
            self._mapping_changed_keep_plan()
        self._show_file()
        self._show_export()
        self._paint_steps()
        self._paint_report()
        self._enable()

    def _mapping_changed_keep_plan(self) -> None:
        plan = self.plan
        self._mapping_changed()
        self.plan = plan


def _title_for_translation() -> None:
    # Never called: puts the navigation title in this page's catalogue.
    QCoreApplication.translate("pages", "Import / export")


def _register() -> None:
    from ui.pages import register_page

    # After "print" (90), before "sync" (100): ui/pages.NAVIGATION does not name this page.
    register_page("roster", "Import / export", RosterPage, 95)


_register()
