"""Print: choose a form, print one (by ID number or household number) or every pending one
into one PDF with progress and cancel, preview it here, open it in the system viewer or send
it to a printer. Every print of personal data is written to the audit log on the DB worker.

"All pending" is what was never printed (or, for a household card, changed since): the
count beside it drops as forms are printed. The preview is drawn by pdfium off the GUI
thread: QtPdf would need PySide6's WebEngine packages, hundreds of MB.
"""

from __future__ import annotations

import datetime
import re
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from relocdesk.queries.printing import FORM_KINDS, ON_DEMAND
from ui.tasks import Cancelled, Progress
from ui.work_pages import Row, WorkPage, error_text, user_name

if TYPE_CHECKING:
    from relocdesk.desk import Desk

ONE_PERSON, ONE_HOUSEHOLD, ALL_PENDING = "person", "household", "all_pending"
MONTH = re.compile(r"\d{4}-\d{2}")


def account_name() -> str:
    """Who printed, for the audit, when no user name was set in the settings."""
    import getpass

    try:
        return f"desk:{getpass.getuser()}"
    except (OSError, KeyError):
        return ""


def print_to_file(
    desk: Desk, progress: Progress, kind: str, target: str, key: str, out: Path, actor: str
) -> Row:
    """Runs on the DB worker: the façade writes the PDF, then records who printed whose
    data (and the printed permit status) in one transaction."""
    options: dict[str, Any] = {}
    if target == ONE_PERSON:
        options["person_id_number"] = key
    elif target == ONE_HOUSEHOLD:
        options["household_no"] = key
    elif kind == "monthly_summary":
        options["month"] = key or None  # empty: this month
    else:
        options["all_pending"] = True
    result = desk.forms.print(
        kind,
        out=out,
        actor=actor,
        progress=progress.report,
        cancel=lambda: progress.cancelled,
        **options,
    )
    # A cancel that came after the last page was drawn is too late: the PDF is complete and
    # its print recorded, so it is shown, never reported as "nothing was printed".
    if result.cancelled:
        raise Cancelled()
    return {
        "path": str(out),
        "pages": result.pages,
        "count": result.count,
        "missing": result.missing,
    }


PREVIEW_PAGES = 10
# PDFium is not thread-safe: no two threads may call it at once, not even on two documents.
# The preview and the printing run on the network pool's threads, so every use holds this,
# and every pdfium object (document, page, bitmap) is closed inside it rather than left to a
# finalizer on whichever thread drops it last (seen: a crash in a preview render while a
# print painted, and one in a database worker freeing a finished task).
_PDFIUM = threading.Lock()


def render_pages(
    path: Path, width: int, limit: int | None = PREVIEW_PAGES
) -> tuple[list[QImage], int]:
    """Pages of a PDF as images ``width`` pixels wide (pdfium; thread-safe QImages)."""
    import pypdfium2 as pdfium

    with _PDFIUM:
        pdf = pdfium.PdfDocument(str(path))
        try:
            total = len(pdf)
            images = []
            for n in range(total if limit is None else min(total, limit)):
                page = pdf[n]
                scale = width / page.get_width()
                bitmap = page.render(scale=scale, rev_byteorder=True)
                images.append(_image(bitmap).copy())  # own the pixels before pdfium frees them
                bitmap.close()
                page.close()
            return images, total
        finally:
            pdf.close()


def _image(bitmap: Any) -> QImage:
    """A QImage over a pdfium bitmap's pixels (valid while the bitmap is open)."""
    return QImage(
        bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB888
    )


PRINT_DPI = 300  # enough for text on paper; 1200 dpi pages would take 370 MB each


def paint_pdf(printer: Any, path: Path) -> int:
    """Paint every page of a PDF on a printer, one page in memory at a time."""
    import pypdfium2 as pdfium
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QPainter

    dpi = min(PRINT_DPI, printer.resolution())
    with _PDFIUM:
        pdf = pdfium.PdfDocument(str(path))
        painter = QPainter()
        if not painter.begin(printer):
            pdf.close()
            raise OSError("打印机无法开始打印 / the printer could not start")
        try:
            area = printer.pageLayout().paintRectPixels(printer.resolution())
            for n in range(len(pdf)):
                if n:
                    printer.newPage()
                page = pdf[n]
                bitmap = page.render(scale=dpi / 72, rev_byteorder=True)
                image = _image(bitmap)
                # Fit the page into the printable area, keeping its proportions.
                fit = min(area.width() / image.width(), area.height() / image.height())
                painter.drawImage(QRectF(0, 0, image.width() * fit, image.height() * fit), image)
                del image  # before its pixels go
                bitmap.close()
                page.close()
            return len(pdf)
        finally:
            painter.end()
            pdf.close()


class PrintPage(WorkPage):
    def __init__(self, window: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(window, parent)
        self.last_pdf: Path | None = None
        self.form_box = QGroupBox()
        self.kind_label = QLabel()
        self.kind = QComboBox()
        self.one_person, self.one_household, self.all_pending = (
            QRadioButton(),
            QRadioButton(),
            QRadioButton(),
        )
        self.target = QButtonGroup(self)
        for button, code in (
            (self.one_person, ONE_PERSON),
            (self.one_household, ONE_HOUSEHOLD),
            (self.all_pending, ALL_PENDING),
        ):
            self.target.addButton(button)
            button.setProperty("target", code)
        self.key = QLineEdit()
        self.key.returnPressed.connect(self.print_forms)
        self.print_button = QPushButton()
        self.key_label = QLabel()
        self.one_person.setChecked(True)
        self.print_button.clicked.connect(self.print_forms)
        QShortcut(QKeySequence("Ctrl+P"), self, self.print_forms)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setProperty("i18n_data", True)  # names the PDF file made
        targets = QHBoxLayout()
        for b in (self.one_person, self.one_household, self.all_pending):
            targets.addWidget(b)
        targets.addStretch(1)
        form = QFormLayout(self.form_box)
        form.addRow(self.kind_label, self.kind)
        form.addRow("", targets)
        form.addRow(self.key_label, self.key)
        form.addRow("", self.print_button)
        form.addRow("", self.note)

        # Preview.
        self.preview_box = QGroupBox()
        self.preview_note = QLabel()
        self.preview_note.setProperty("i18n_data", True)  # the file name
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self.open_external)
        self.printer_button = QPushButton()
        self.printer_button.clicked.connect(self.send_to_printer)
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save_as)
        pl = QVBoxLayout(self.preview_box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_note, 1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.printer_button)
        buttons.addWidget(self.save_button)
        pl.addLayout(buttons)
        self.pages_view = QScrollArea()
        self.pages_view.setWidgetResizable(True)
        self.pages_box = QWidget()
        self.pages_layout = QVBoxLayout(self.pages_box)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.pages_view.setWidget(self.pages_box)
        pl.addWidget(self.pages_view, 1)
        self.preview_pages = 0
        self.pending: int | None = None
        self.busy = False  # a PDF is being made: one at a time

        layout = QVBoxLayout(self)
        layout.addWidget(self.form_box)
        layout.addWidget(self.preview_box, 1)
        for b in (self.one_person, self.one_household, self.all_pending):
            b.toggled.connect(self._enable)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.retranslate()
        if window is not None:
            # While the person is still choosing: a cold first print spends 0.6 s loading.
            from relocdesk.desk import Desk

            self.tasks.run_net(Desk.warm_up_printing, lambda _: None, lambda _e: None)

    watches = frozenset({"person", "household", "referral", "visit", "need", "audit"})

    def refresh(self) -> None:
        kind, on = self.kind.currentData(), datetime.date.today()
        self.run_read(
            lambda desk: (kind, desk.pending_forms(kind, on).count),
            self._counted,
            lambda e: None,  # a count that failed leaves the plain label
            key="print-pending",
        )

    def _counted(self, counted: tuple[str, int]) -> None:
        kind, count = counted
        if kind == self.kind.currentData():
            self.pending = count
            self._enable()

    def _kind_changed(self) -> None:
        self.pending = None
        self._enable()
        self.refresh()

    # -- printing --------------------------------------------------------------------------
    def target_code(self) -> str:
        checked = self.target.checkedButton()
        return str(checked.property("target")) if checked else ONE_PERSON

    def output_path(self, kind: str) -> Path:
        folder = Path(self.tasks.path).parent / "print" if self.tasks.path else Path.home()
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        path = folder / f"{kind}-{stamp}.pdf"
        n = 1
        while path.exists():  # two prints in one second: keep both
            n += 1
            path = folder / f"{kind}-{stamp}-{n}.pdf"
        return path

    def print_for(self, kind: str, target: str, key: str = "") -> None:
        """Print at once for a person or a household another screen is showing."""
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        {ONE_PERSON: self.one_person, ONE_HOUSEHOLD: self.one_household}.get(
            target, self.all_pending
        ).setChecked(True)
        self.key.setText(key)
        self.print_forms()

    def print_forms(self) -> None:
        if self.busy:
            return
        kind, target, key = self.kind.currentData(), self.target_code(), self.key.text().strip()
        if target != ALL_PENDING and not key:
            self.note.setStyleSheet("color: #c0392b")
            self.note.setText(self.tr("Type an ID number or a household number first."))
            self.key.setFocus()
            return
        out, actor = self.output_path(kind), user_name() or account_name()
        self.busy = True
        self.print_button.setEnabled(False)
        self.note.setStyleSheet("")
        self.note.setText(self.tr("Printing…"))
        self.tasks.run_long(
            lambda desk, progress: print_to_file(desk, progress, kind, target, key, out, actor),
            self._printed,
            self._failed,
            parent=self,
            label=self.tr("Making the PDF…"),
        )

    def _printed(self, result: Row) -> None:
        self.busy = False
        self.print_button.setEnabled(True)
        self.last_pdf = Path(result["path"])
        pages = result.get("pages")
        self.note.setText(
            self.tr("Done: %1").replace("%1", self.last_pdf.name) + self.pages_text(pages)
        )
        missing = result.get("missing") or ""
        if missing:
            # A rare character in a name: the clerk must see it before handing the form over.
            self.note.setStyleSheet("color: #b9770e")
            boxes = self.tr("No bundled font has %1: printed as boxes; write them in by hand.")
            self.note.setText(self.note.text() + "\n" + boxes.replace("%1", missing))
        self.show_preview(self.last_pdf)
        self.changed("audit")
        self.retranslate()
        self.refresh()

    def pages_text(self, pages: int | None) -> str:
        # "1 pages" reads wrong; a one-page PDF needs no count.
        if pages is None or pages < 2:
            return ""
        return "  " + self.tr("%1 pages").replace("%1", str(pages))

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self.print_button.setEnabled(True)
        self.note.setStyleSheet("" if isinstance(exc, Cancelled) else "color: #c0392b")
        self.note.setText(
            self.tr("Cancelled; nothing was printed.")
            if isinstance(exc, Cancelled)
            else error_text(exc)
        )

    # -- the finished PDF -----------------------------------------------------------------
    def open_external(self) -> None:
        if self.last_pdf is not None and not QDesktopServices.openUrl(
            QUrl.fromLocalFile(str(self.last_pdf))
        ):
            # No PDF viewer registered with the system: say so, and where the file is.
            self.note.setStyleSheet("color: #c0392b")
            self.note.setText(
                QCoreApplication.translate("WorkPages", "Could not complete") + f": {self.last_pdf}"
            )

    def save_as(self) -> None:
        if self.last_pdf is None:
            return
        target, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save PDF"), str(Path.home() / self.last_pdf.name), "PDF (*.pdf)"
        )
        if target:
            self.copy_to(Path(target))

    def copy_to(self, target: Path) -> bool:
        from relocdesk.desk import Desk

        assert self.last_pdf is not None
        try:
            Desk.copy_out(self.last_pdf, target)
        except OSError as e:
            self.note.setStyleSheet("color: #c0392b")
            self.note.setText(str(e))  # names the file, in both languages
            return False
        return True

    def show_preview(self, path: Path) -> None:
        while self.pages_layout.count():
            item = self.pages_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        width = max(400, self.pages_view.viewport().width() - 40)
        self.tasks.run_net(
            lambda: render_pages(path, width),
            self._pages_rendered,
            lambda e: self.preview_note.setText(error_text(e)),
        )

    def _pages_rendered(self, rendered: tuple[list[QImage], int]) -> None:
        images, total = rendered
        for image in images:
            page = QLabel()
            page.setPixmap(QPixmap.fromImage(image))
            page.setFrameShape(QFrame.Shape.Box)
            self.pages_layout.addWidget(page)
        if total > len(images):
            more = QLabel(
                self.tr("First %1 of %2 pages shown; open the PDF to see all.")
                .replace("%1", str(len(images)))
                .replace("%2", str(total))
            )
            self.pages_layout.addWidget(more)
        self.preview_pages = len(images)

    def send_to_printer(self) -> None:
        if self.last_pdf is None:
            return
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        self.print_on(printer, self.last_pdf)

    def print_on(self, printer: Any, path: Path) -> None:
        """Off the GUI thread (QPainter may paint a QPrinter there); the system viewer
        remains for what this cannot do, such as a printer's own duplex settings."""
        self.printed_pages = 0

        def done(pages: int) -> None:
            self.printed_pages = pages
            self.note.setText(self.pages_text(pages).strip())

        self.tasks.run_net(
            lambda: paint_pdf(printer, path),
            done,
            lambda e: self.note.setText(error_text(e)),
        )

    # -- texts -------------------------------------------------------------------------------
    def _enable(self) -> None:
        monthly = self.kind.currentData() == "monthly_summary"
        # The monthly summary is of the whole community, for a month typed in the key field:
        # no person or household to pick.
        on_demand = self.kind.currentData() in ON_DEMAND
        for b in (self.one_person, self.one_household, self.all_pending):
            b.setVisible(not monthly)
        self.all_pending.setVisible(not monthly and not on_demand)
        if monthly and not self.all_pending.isChecked():
            self.all_pending.setChecked(True)
        elif on_demand and self.all_pending.isChecked():
            self.one_household.setChecked(True)
        pending = self.tr("All pending")
        if self.pending is not None:
            pending += f" ({self.pending})"
        self.all_pending.setText(pending)
        target = self.target_code()
        self.key.setEnabled(monthly or target != ALL_PENDING)
        if monthly and not MONTH.fullmatch(self.key.text().strip()):
            self.key.setText(datetime.date.today().strftime("%Y-%m"))
        elif not monthly and MONTH.fullmatch(self.key.text().strip()):
            self.key.clear()
        self.key.setPlaceholderText(
            datetime.date.today().strftime("%Y-%m") if monthly else self.tr("then press Enter")
        )
        self.print_button.setEnabled(not self.busy)
        has_pdf = self.last_pdf is not None
        for button in (self.open_button, self.printer_button, self.save_button):
            button.setEnabled(has_pdf)
        if monthly:
            self.key_label.setText(self.tr("Month"))
        else:
            # The core finds a person by name too when nobody else has it.
            self.key_label.setText(
                self.tr("ID number or name")
                if target == ONE_PERSON
                else self.tr("Household number")
            )

    def retranslate(self) -> None:
        names = {
            "residence_permit": self.tr("Residence-permit application"),
            "household_card": self.tr("Household card"),
            "referral": self.tr("Referral form"),
            "visit_record": self.tr("Visit record"),
            "visit_form": self.tr("Blank visit form"),
            "monthly_summary": self.tr("Monthly summary"),
        }
        current = self.kind.currentData()
        self.kind.blockSignals(True)
        self.kind.clear()
        for code in FORM_KINDS:
            self.kind.addItem(names[code], code)
        self.kind.setCurrentIndex(max(0, self.kind.findData(current)))
        self.kind.blockSignals(False)
        self.form_box.setTitle(self.tr("Form"))
        self.kind_label.setText(self.tr("Form"))
        self.one_person.setText(self.tr("One person"))
        self.one_household.setText(self.tr("One household"))
        self.print_button.setText(self.tr("Make PDF"))
        self.preview_box.setTitle(self.tr("Preview"))
        self.preview_note.setText(
            self.last_pdf.name if self.last_pdf else self.tr("No PDF made yet")
        )
        self.open_button.setText(self.tr("Open in system viewer"))
        self.printer_button.setText(self.tr("Print…"))
        self.save_button.setText(self.tr("Save as…"))
        self._enable()
