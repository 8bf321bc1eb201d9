"""Step 3 of a roster import: what the check found (rows to add, update or skip, rows with
errors and why), what Import will do or why it cannot, and what the import did."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.views.roster_work import field_label, sentence
from ui.work_pages import Row, RowsModel, RowsTable, lang

if TYPE_CHECKING:
    from relocdesk.queries.roster import ImportPlan, ImportResult, Mode

RED = "color: #c0392b"
GREEN = "color: #1e7b34"


class ReportStep(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        # what else the check counted: rows read, rows that are not people, repeats,
        # corrections, rejections by reason, columns not imported (core texts in both languages)
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.counts.setTextFormat(Qt.TextFormat.RichText)
        self.counts.setProperty("i18n_data", True)  # names the file's columns
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

        self.back_button = QPushButton()
        self.save_report_button = QPushButton()
        self.import_button = QPushButton()
        self.again_button = QPushButton()
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_report_button)
        buttons.addWidget(self.again_button)
        buttons.addWidget(self.import_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.counts)
        layout.addWidget(self.problems)
        layout.addWidget(self.errors_title)
        layout.addWidget(self.errors, 1)
        layout.addWidget(self.verdict)
        layout.addWidget(self.result_label)
        layout.addWidget(self.result_path)
        layout.addLayout(buttons)

    # -- the rows in error -------------------------------------------------------------------
    def show_errors(self, plan: ImportPlan) -> None:
        """The rows in error, then the values the import put right (a 15-digit ID number made
        18, a full-width digit, the first of several phones), which the clerk should check."""
        rows: list[Row] = [
            {"at": r, "name": r.name, "error": e} for r in plan.report for e in r.errors
        ]
        rows += [{"at": r, "name": r.name, "error": n} for r in plan.report for n in r.notes]
        self.errors_model.set_rows(rows)
        self.errors.resizeColumnsToContents()

    def _error_cells(self, row: Row) -> list[Any]:
        e = row["error"]
        label = field_label(e.field) if e.field else e.column
        problem = e.message_zh if lang() == "zh" else sentence(e.message_en)
        at = row["at"]  # a sheet's name too when the roster came from several
        place = at.row_number if not at.sheet else at.place_zh if lang() == "zh" else at.place_en
        return [place, row["name"], label, e.value, problem]

    # -- what the check found ----------------------------------------------------------------
    def paint(self, plan: ImportPlan, mode: Mode) -> None:
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
        self.counts.setText(self._counts_text(s))
        zh = lang() == "zh"
        self.problems.setText(
            "\n".join(e.message_zh if zh else sentence(e.message_en) for e in plan.problems)
        )
        self.problems.setVisible(bool(plan.problems))
        noted = any(r.notes for r in plan.report)
        if plan.error_count:
            title = self.tr(
                "Rows with errors (fix them in the file, or import the valid rows only):"
            )
        elif noted:
            title = self.tr("No row has an error. Values the import put right (check them):")
        else:
            title = self.tr("No row has an error.")
        self.errors_title.setText(title)
        self.errors.setVisible(bool(plan.error_count) or noted)
        self._paint_verdict(plan, mode)
        self.errors_model.relabel()

    def _counts_text(self, s: dict[str, Any]) -> str:
        from relocdesk.queries.roster import reason_label, skipped_label

        lg = lang()
        sep = "，" if lg == "zh" else ", "
        skipped = sep.join(f"{skipped_label(k, lg)} {n}" for k, n in s["skipped_rows"].items())
        reasons = sep.join(f"{reason_label(k, lg)} {n}" for k, n in s["rejected_by_reason"].items())
        lines = [
            " &#160;·&#160; ".join(
                [
                    self.tr("Rows read: %1").replace("%1", str(s["rows_read"])),
                    self.tr("Not people, skipped: %1").replace("%1", skipped or "0"),
                    self.tr("Repeats (kept once): %1").replace("%1", str(s["repeats"])),
                    self.tr("Values corrected: %1").replace("%1", str(s["corrected"])),
                ]
            )
        ]
        if reasons:
            lines.append(self.tr("Rejected rows by reason: %1").replace("%1", escape(reasons)))
        if len(s["sheets"]) > 1:
            read = sep.join(f"{x['name']} {x['rows']}" for x in s["sheets"])
            lines.append(self.tr("Sheets read (rows): %1").replace("%1", escape(read)))
        named = sep.join(f"{x['name']} → {x['place']}" for x in s["sheets"] if x["place"])
        if named:
            lines.append(
                self.tr("Building from each sheet's name: %1").replace("%1", escape(named))
            )
        for x in s["sheets_not_read"]:
            lines.append(
                self.tr("Sheet not read: %1 (%2)")
                .replace("%1", f"<b>{escape(x['name'])}</b>")
                .replace("%2", escape(x["zh"] if lg == "zh" else x["en"]))
            )
        for c in s["ignored_columns"]:
            why = c["zh"] if lg == "zh" else c["en"]
            lines.append(
                self.tr("Column not imported: %1 (%2)")
                .replace("%1", f"<b>{escape(c['column'])}</b>")
                .replace("%2", escape(why))
            )
        return "<br>".join(lines)

    def _paint_verdict(self, plan: ImportPlan, mode: Mode) -> None:
        if plan.problems:
            self.set_verdict(
                self.tr("Nothing can be imported until the columns are mapped. Press Back."), RED
            )
        elif plan.error_count and mode == "all_or_nothing":
            self.set_verdict(
                self.tr(
                    "All or nothing: with rows in error nothing will be imported. Fix the file, "
                    "or press Back and choose “valid rows only”."
                ),
                RED,
            )
        elif plan.valid_count - plan.count("skip") == 0:
            self.set_verdict(self.tr("There is nothing new to import."))
        else:
            text = self.tr("Import will add or update %1 people.").replace(
                "%1", str(plan.count("insert") + plan.count("update"))
            )
            if plan.error_count:
                text += ("" if lang() == "zh" else " ") + self.tr(
                    "The %1 rows with errors are left out and saved to the rejected-rows file."
                ).replace("%1", str(plan.error_count))
            self.set_verdict(text)

    def set_verdict(self, text: str, style: str = "") -> None:
        self.verdict.setStyleSheet(style)
        self.verdict.setText(text)

    # -- what the import did -----------------------------------------------------------------
    def show_result(self, r: ImportResult | None) -> None:
        if r is None:
            return
        self.set_verdict("")  # what Import would do: done now, the result says what it did
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
        if r.people_unchanged:
            text += ("" if lang() == "zh" else " ") + self.tr(
                "%1 people updated from the file already held what it says."
            ).replace("%1", str(r.people_unchanged))
        if r.rejects_path:
            text += ("" if lang() == "zh" else " ") + self.tr("The rejected rows are in:")
        self.result_label.setText(text)
        self.result_path.setText(r.rejects_path or "")

    def retranslate(self) -> None:
        self.back_button.setText(self.tr("Back"))
        self.save_report_button.setText(self.tr("Save report…"))
        self.import_button.setText(self.tr("Import"))
        self.again_button.setText(self.tr("Import another file"))
