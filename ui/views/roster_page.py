"""Import / export: a roster file in three steps (choose, map columns, check and import) and
the community's roster out to .xlsx.

Reading, checking, importing and exporting all run on the DB worker with progress and
Cancel; the GUI thread only holds the read table and the checked plan, which are plain data.
An import is written in one transaction by the core, so a cancel or a failure leaves
nothing half-imported. The mapping step and the report step are widgets of their own
(``roster_mapping``, ``roster_report``); the work on the worker is in ``roster_work``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui.views.roster_mapping import MappingStep
from ui.views.roster_report import GREEN, RED, ReportStep
from ui.views.roster_values import ValuesStep
from ui.views.roster_work import (
    SUFFIXES,
    check_file,
    default_rejects,
    export_file,
    import_plan,
    is_cancel,
    message,
    read_file,
)
from ui.widgets.flow_layout import FlowLayout
from ui.work_pages import WorkPage, lang

if TYPE_CHECKING:
    from relocdesk.queries.roster import ImportPlan, ImportResult, Mode, RawTable, ValueMap

# Stack pages. The value step came last and sits at 3, shown third: ORDER is the steps' order.
CHOOSE, MAPPING, REPORT, VALUES = 0, 1, 2, 3
ORDER = (CHOOSE, MAPPING, VALUES, REPORT)


class RosterPage(WorkPage):
    def __init__(self, window: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(window, parent)
        self.setAcceptDrops(True)
        self.path: str = ""
        self.raw: RawTable | None = None
        self.plan: ImportPlan | None = None
        self.result: ImportResult | None = None
        self.busy = False
        self._export_text: tuple[str, str] | None = None  # (kind, detail) of the last export

        # Header: the steps and the export.
        self.step_labels = [QLabel() for _ in ORDER]
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self.choose_export)
        self.export_note = QLabel()
        self.export_note.setWordWrap(True)
        self.export_path = QLabel()
        self.export_path.setProperty("i18n_data", True)  # a file name
        steps = QWidget()
        strip = QHBoxLayout(steps)
        strip.setContentsMargins(0, 0, 0, 0)
        for n, lab in enumerate(self.step_labels):
            if n:
                strip.addWidget(QLabel("→"))
            strip.addWidget(lab)
        # The export goes below the steps in a narrow window (an 800-pixel screen).
        top = FlowLayout()
        top.addWidget(steps)
        top.addWidget(self.export_button)
        export_row = QHBoxLayout()
        export_row.addStretch(1)
        export_row.addWidget(self.export_note)
        export_row.addWidget(self.export_path)

        self.mapping_step = self._build_mapping()
        self.report = self._build_report()
        self.values_step = self._build_values()
        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_choose())
        self.stack.addWidget(self.mapping_step)
        self.stack.addWidget(self.report)
        self.stack.addWidget(self.values_step)

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

    def _build_mapping(self) -> MappingStep:
        step = MappingStep()
        step.mapping_changed.connect(self._drop_plan_quietly)
        step.dup_update.toggled.connect(self._drop_plan)
        step.mode_valid.toggled.connect(self._enable)
        step.back_button.clicked.connect(lambda: self.go(CHOOSE))
        step.check_button.clicked.connect(lambda: self.check())  # not with clicked's bool
        # What people (and the tests) reach on the page itself.
        self.mapping, self.check_note = step.table, step.check_note
        self.mode_valid, self.rejects_path = step.mode_valid, step.rejects_path
        self.mapping_back, self.check_button = step.back_button, step.check_button
        return step

    def _build_values(self) -> ValuesStep:
        step = ValuesStep()
        step.back_button.clicked.connect(lambda: self.go(MAPPING))
        step.next_button.clicked.connect(self.check_values)
        return step

    def _build_report(self) -> ReportStep:
        step = ReportStep()
        step.back_button.clicked.connect(
            lambda: self.go(VALUES if self.values_step.words else MAPPING)
        )
        step.save_report_button.clicked.connect(self.choose_report)
        step.import_button.clicked.connect(self.import_now)
        step.again_button.clicked.connect(self.start_over)
        self.problems, self.errors_model = step.problems, step.errors_model
        self.verdict = step.verdict
        self.result_label, self.result_path = step.result_label, step.result_path
        self.import_button, self.again_button = step.import_button, step.again_button
        return step

    @property
    def combos(self) -> list[QComboBox]:
        return self.mapping_step.combos

    # -- step 1: the file ---------------------------------------------------------------------
    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose a roster file"),
            str(Path(self.path).parent) if self.path else str(Path.home()),
            self.tr(
                "Roster files (*.xlsx *.xlsm *.xls *.et *.ods *.csv *.txt *.xml *.htm *.html)"
                ";;All files (*)"
            ),
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
            lambda desk, progress: read_file(desk, progress, path),
            self._read,
            self._read_failed,
            parent=self,
            label=self.tr("Reading the file…"),
        )

    def _read(self, read: tuple[RawTable, dict[int, str | None]]) -> None:
        self.busy = False
        self.raw, suggested = read
        self.mapping_step.fill(self.raw, suggested)
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
            if raw.skipped_sheets:  # a summary or notes sheet beside the roster: said, not dropped
                facts.append(self.tr("Sheets not read:"))
                values.append(
                    "；".join(
                        f"{name}（{zh}）" if lang() == "zh" else f"{name} ({en})"
                        for name, zh, en in raw.skipped_sheets
                    )
                )
        elif self.busy:
            facts.append(self.tr("Reading…"))
            values.append("")
        self.file_facts.setText("\n".join(facts))
        self.file_values.setText("\n".join(values))

    # -- step 2: mapping ----------------------------------------------------------------------
    def current_mapping(self) -> dict[int, str | None]:
        return self.mapping_step.current_mapping()

    def set_field(self, column: int, field: str | None) -> None:
        """Map a file column to a field (None: not imported), as the combo box does."""
        self.mapping_step.set_field(column, field)

    def mode(self) -> Mode:
        return self.mapping_step.mode()

    def _drop_plan_quietly(self) -> None:
        # A plan checked against another mapping says the wrong thing.
        self.plan = None

    def _drop_plan(self) -> None:
        # A plan checked under the other duplicates policy says the wrong thing.
        self.plan = None
        self._enable()

    def check(self, values: ValueMap | None = None) -> None:
        """Check every row on the worker (nothing is written); then the words not recognised,
        if any, and the report. ``values``: the words mapped in the value step."""
        if self.busy or self.raw is None:
            return
        raw, mapping = self.raw, self.current_mapping()
        duplicates = self.mapping_step.duplicates()
        if values is None:
            self.values_step.clear()  # a check from the columns: the words are found anew
        self.busy = True
        self.plan = self.result = None
        self._enable()
        self.check_note.setStyleSheet("")
        self.check_note.setText(self.tr("Checking…"))
        self.tasks.run_long(
            lambda desk, progress: check_file(desk, progress, raw, mapping, duplicates, values),
            lambda got: self._checked(got, values is None),
            self._check_failed,
            parent=self,
            label=self.tr("Checking %1 rows…").replace("%1", f"{len(raw.rows):,}"),
        )

    def _checked(self, got: tuple[ImportPlan, ValueMap], first: bool) -> None:
        self.busy = False
        plan, remembered = got
        self.plan = plan
        self.result = None
        self.check_note.setText("")
        self.report.show_errors(plan)
        found = plan.unrecognised()
        if first and found:
            self.values_step.fill(found, remembered)
            self.values_step.retranslate()
            self.go(VALUES)
        else:
            self.go(REPORT)

    def check_values(self) -> None:
        """Check again reading the words as mapped; with none mapped (now, or for the plan
        shown) the plan stands."""
        values = self.values_step.chosen()
        if values or (self.plan is not None and self.plan.values):
            self.check(values)
        else:
            self.go(REPORT)

    def _check_failed(self, exc: BaseException) -> None:
        self.busy = False
        self.check_note.setStyleSheet("" if is_cancel(exc) else RED)
        self.check_note.setText(
            self.tr("Check cancelled; nothing was imported.") if is_cancel(exc) else message(exc)
        )
        self._enable()

    # -- step 3: report and import -----------------------------------------------------------
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

    def _imported(self, result: ImportResult) -> None:
        self.busy = False
        self.result = result
        if result.applied:
            self.changed("household")
            self.changed("person")
        self.report.show_result(result)
        self._enable()

    def _import_failed(self, exc: BaseException) -> None:
        self.busy = False
        self.result = None
        self.result_label.setStyleSheet(RED)
        self.result_label.setText(
            self.tr("Import cancelled; nothing was imported.") if is_cancel(exc) else message(exc)
        )
        self._enable()

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
        plan, path = self.plan, str(path)
        if plan is None:
            return
        self.tasks.run_db(
            lambda desk: desk.roster.write_rejects(plan, path),
            lambda _v: self._report_saved(path),
            lambda e: self.report.set_verdict(message(e), RED),
        )

    def _report_saved(self, path: str) -> None:
        self.result_path.setText(path)
        self.report.set_verdict(self.tr("Report saved."), GREEN)

    def start_over(self) -> None:
        self.path = ""
        self.raw = self.plan = self.result = None
        self.read_error.setText("")
        self.mapping_step.clear()
        self.values_step.clear()
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
        if step in (REPORT, VALUES) and self.plan is None:
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
            self.tr("3. Map values"),
            self.tr("4. Check and import"),
        )
        for n, lab, name in zip(ORDER, self.step_labels, names, strict=True):
            lab.setText(name)
            lab.setStyleSheet(
                "font-weight: bold; color: #1f5f8b" if n == self.step() else "color: #777"
            )

    def _paint_report(self) -> None:
        if self.plan is not None:
            self.report.paint(self.plan, self.mode())
            self.report.show_result(self.result)

    def _enable(self) -> None:
        free = not self.busy
        self.choose_button.setEnabled(free)
        self.export_button.setEnabled(free)
        self.to_mapping.setEnabled(free and self.raw is not None)
        self.check_button.setEnabled(free and self.raw is not None)
        self.mapping_back.setEnabled(free)
        self.values_step.back_button.setEnabled(free)
        self.values_step.next_button.setEnabled(free and self.plan is not None)
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
        self.report.back_button.setEnabled(free and not done)
        self.report.save_report_button.setEnabled(
            free and plan is not None and plan.error_count > 0
        )

    def retranslate(self) -> None:
        self.export_button.setText(self.tr("Export roster to Excel…"))
        self.export_button.setToolTip(
            self.tr("Every household and person of this community, to an .xlsx file")
        )
        self.drop_box.setTitle(self.tr("Roster file"))
        self.drop_hint.setText(
            self.tr("Drop a roster file here (.xlsx, .xls, .ods, .csv or .txt), or choose one.")
        )
        self.choose_button.setText(self.tr("Choose file…"))
        self.file_box.setTitle(self.tr("What was read"))
        self.to_mapping.setText(self.tr("Next: map columns"))
        self.mapping_step.retranslate()
        self.values_step.retranslate()
        self.report.retranslate()
        self._show_file()
        self._show_export()
        self._paint_steps()
        self._paint_report()
        self._enable()
