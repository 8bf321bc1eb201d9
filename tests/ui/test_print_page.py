"""The print page on the real window: one form or all pending into one PDF on the worker,
with progress and cancel; the preview drawn in the app; the print in the audit log; printed
forms dropping out of "all pending"; errors in the interface's language; a printer."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

from ui.tasks import Progress
from ui.views.print_page import ALL_PENDING, ONE_PERSON, print_to_file


def settle(window: Any, qtbot: Any) -> None:
    for _ in range(3):
        done: list[bool] = []
        window.tasks.barrier(lambda done=done: done.append(True))
        qtbot.waitUntil(lambda done=done: bool(done), timeout=30000)
        QApplication.processEvents()


def on_worker(window: Any, qtbot: Any, fn: Any) -> Any:
    out: list[Any] = []
    window.tasks.run_db(fn, out.append, out.append)
    qtbot.waitUntil(lambda: bool(out), timeout=30000)
    if isinstance(out[0], BaseException):
        raise out[0]
    return out[0]


def query(window: Any, qtbot: Any, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    return on_worker(window, qtbot, lambda d: [tuple(r) for r in d.conn.execute(sql, args)])


def finished(page: Any) -> bool:
    return page.print_button.isEnabled()


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_print_household_card_preview_and_audit(
    window: Any, qtbot: Any, tmp_path: Path, language: str
) -> None:
    (hid, number), *_ = query(
        window,
        qtbot,
        "SELECT id, household_no FROM household WHERE deleted = 0 ORDER BY household_no LIMIT 1",
    )
    page = window.show_page("print")
    settle(window, qtbot)
    page.kind.setCurrentIndex(page.kind.findData("household_card"))
    page.one_household.setChecked(True)
    page.key.setText(number)
    page.print_forms()
    qtbot.waitUntil(
        lambda: page.last_pdf is not None or "color" in page.note.styleSheet(), timeout=30000
    )
    settle(window, qtbot)
    assert page.last_pdf is not None, page.note.text()
    pdf = Path(page.last_pdf)
    assert pdf.exists() and pdf.read_bytes()[:5] == b"%PDF-"
    qtbot.waitUntil(lambda: page.preview_pages >= 1, timeout=15000)  # the preview drew it
    QApplication.processEvents()
    window.grab().save(str(tmp_path / f"print_preview_{language}.png"))
    done = {"zh_CN": "已生成：", "en": "Done: "}[language]
    assert page.note.text().startswith(done + pdf.name)
    assert page.open_button.isEnabled() and page.printer_button.isEnabled()
    audited = query(
        window, qtbot, "SELECT subject_table, subject_id, actor FROM audit WHERE action = 'print'"
    )
    assert [r[:2] for r in audited] == [("household", hid)]
    # The demo has printed nothing before; who printed: the user name, else the account.
    assert audited[0][2]


def test_all_pending_permits_reports_progress_and_drops_out(window: Any, qtbot: Any) -> None:
    pending = {
        r[0]
        for r in query(
            window, qtbot, "SELECT id FROM person WHERE permit_status = 'to_apply' AND deleted = 0"
        )
    }
    assert len(pending) >= 2
    page = window.show_page("print")
    page.kind.setCurrentIndex(page.kind.findData("residence_permit"))
    settle(window, qtbot)
    assert page.all_pending.text().endswith(f"({len(pending)})")
    out = Path(window.tasks.path).parent / "permits.pdf"
    progress = Progress()
    result = on_worker(
        window,
        qtbot,
        lambda d: print_to_file(d, progress, "residence_permit", ALL_PENDING, "", out, "小王"),
    )
    assert result["count"] == result["pages"] == len(pending)
    assert progress.done == progress.total == len(pending)  # the dialog's bar reached the end
    page.refresh()
    settle(window, qtbot)
    assert page.all_pending.text().endswith("(0)")
    assert query(window, qtbot, "SELECT count(*) FROM person WHERE permit_status = 'to_apply'") == [
        (0,)
    ]
    audited = query(window, qtbot, "SELECT subject_id, actor FROM audit WHERE action = 'print'")
    assert {r[0] for r in audited} == pending and {r[1] for r in audited} == {"小王"}
    # Nothing left: said plainly on the page, in red, no file.
    page.all_pending.setChecked(True)
    page.print_forms()
    qtbot.waitUntil(lambda: finished(page), timeout=30000)
    assert "没有可打印的" in page.note.text() and "color" in page.note.styleSheet()


def test_cancel_a_batch_leaves_no_file_and_no_audit(window: Any, qtbot: Any) -> None:
    page = window.show_page("print")
    page.kind.setCurrentIndex(page.kind.findData("household_card"))
    settle(window, qtbot)
    page.all_pending.setChecked(True)
    folder = Path(window.tasks.path).parent / "print"
    before = set(folder.glob("*")) if folder.exists() else set()
    audits = query(window, qtbot, "SELECT count(*) FROM audit")
    page.print_forms()
    dialogs = page.findChildren(QProgressDialog)
    assert dialogs, "a progress dialog with a Cancel button"
    cancel = dialogs[-1].findChild(QPushButton)
    assert cancel.text() == "取消"
    cancel.click()
    qtbot.waitUntil(lambda: finished(page), timeout=60000)
    settle(window, qtbot)
    assert page.note.text() == "已取消，未打印任何内容。"
    assert page.last_pdf is None
    assert set(folder.glob("*")) == before  # not even a partial file
    assert query(window, qtbot, "SELECT count(*) FROM audit") == audits


@pytest.mark.parametrize(
    ("language", "first", "expected"),
    [
        ("zh_CN", "请先输入身份证号码或户号。", "找不到身份证号码"),
        ("en", "Type an ID number or a household number first.", "no person with ID number"),
    ],
)
def test_errors_are_said_in_the_interface_language(
    window: Any, qtbot: Any, first: str, expected: str
) -> None:
    page = window.show_page("print")
    settle(window, qtbot)
    page.kind.setCurrentIndex(page.kind.findData("residence_permit"))
    page.one_person.setChecked(True)
    page.print_forms()  # nothing typed yet
    assert page.note.text() == first and "color" in page.note.styleSheet()
    page.key.setText("522731199001011234")
    page.print_forms()
    qtbot.waitUntil(lambda: finished(page), timeout=30000)
    assert expected in page.note.text()
    assert "Traceback" not in page.note.text()


def test_print_for_a_household_from_another_screen(window: Any, qtbot: Any) -> None:
    (number,), *_ = query(
        window, qtbot, "SELECT household_no FROM household WHERE deleted = 0 LIMIT 1"
    )
    page = window.show_page("print")
    settle(window, qtbot)
    page.print_for("visit_record", "household", number)
    qtbot.waitUntil(
        lambda: page.last_pdf is not None or "color" in page.note.styleSheet(), timeout=30000
    )
    assert page.last_pdf is not None, page.note.text()
    text = subprocess.run(
        ["pdftotext", str(page.last_pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "入户走访记录表" in text and number in text


def test_send_to_a_printer_paints_every_page(window: Any, qtbot: Any, tmp_path: Path) -> None:
    from PySide6.QtPrintSupport import QPrinter

    page = window.show_page("print")
    settle(window, qtbot)
    (number,), *_ = query(
        window,
        qtbot,
        "SELECT h.household_no FROM household h JOIN person p ON p.household_id = h.id"
        " WHERE p.permit_status != 'not_needed' GROUP BY h.id HAVING count(*) >= 2 LIMIT 1",
    )
    page.print_for("residence_permit", "household", number)
    qtbot.waitUntil(lambda: page.last_pdf is not None, timeout=30000)
    # A PDF printer stands in for paper: the same QPainter calls a real printer gets.
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    paper = tmp_path / "paper.pdf"
    printer.setOutputFileName(str(paper))
    page.print_on(printer, Path(page.last_pdf))
    qtbot.waitUntil(lambda: page.printed_pages > 0, timeout=60000)
    made = pages_of(Path(page.last_pdf))
    assert made >= 2
    assert pages_of(paper) == made == page.printed_pages
    # What reached the paper is the form itself, not a blank page (a raster scaled into the
    # printable area draws thin lines lighter than the vector PDF does).
    assert ink(paper, tmp_path / "paper") > 0.3 * ink(Path(page.last_pdf), tmp_path / "made") > 0


def ink(pdf: Path, stem: Path) -> int:
    """Dark pixels of the first page at 30 dpi."""
    subprocess.run(["pdftoppm", "-r", "30", "-gray", "-singlefile", pdf, stem], check=True)
    pixels = stem.with_suffix(".pgm").read_bytes().split(b"\n", 3)[3]
    return sum(1 for v in pixels if v < 160)


def pages_of(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(next(x.split()[1] for x in info.stdout.splitlines() if x.startswith("Pages:")))


def test_monthly_summary_for_a_month_typed_in(window: Any, qtbot: Any) -> None:
    import datetime

    page = window.show_page("print")
    settle(window, qtbot)
    page.kind.setCurrentIndex(page.kind.findData("monthly_summary"))
    # A summary is of the whole community: no person or household to choose, a month to type.
    assert not page.one_person.isVisible() and not page.all_pending.isVisible()
    assert page.key.isEnabled() and page.key.text() == datetime.date.today().strftime("%Y-%m")
    assert page.key_label.text() == "月份"
    page.key.setText("2026/03")
    page.print_forms()
    qtbot.waitUntil(lambda: finished(page), timeout=30000)
    assert "月份应写作 YYYY-MM" in page.note.text() and page.last_pdf is None
    page.key.setText("2025-11")
    page.print_forms()
    qtbot.waitUntil(lambda: page.last_pdf is not None, timeout=30000)
    text = subprocess.run(
        ["pdftotext", str(page.last_pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "月度工作汇总表" in text and "2025年11月" in text.replace(" ", "")
    # Back to a form of people: the month leaves the field.
    page.kind.setCurrentIndex(page.kind.findData("household_card"))
    assert page.key.text() == "" and page.one_household.isVisible()


def test_save_as_into_a_missing_folder_is_said_plainly(
    window: Any, qtbot: Any, tmp_path: Path
) -> None:
    (number,), *_ = query(window, qtbot, "SELECT household_no FROM household LIMIT 1")
    page = window.show_page("print")
    settle(window, qtbot)
    page.print_for("household_card", "household", number)
    qtbot.waitUntil(lambda: page.last_pdf is not None, timeout=30000)
    assert page.copy_to(tmp_path / "copy.pdf")
    assert (tmp_path / "copy.pdf").read_bytes() == Path(page.last_pdf).read_bytes()
    assert not page.copy_to(tmp_path / "no" / "such" / "copy.pdf")
    assert "找不到文件或目录" in page.note.text() and "copy.pdf" in page.note.text()


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_a_name_character_no_font_has_is_pointed_out(
    window: Any, qtbot: Any, language: str
) -> None:
    rare = "\U00030000"  # Ext-G: in no bundled font, printed as a box
    (pid, number), *_ = query(
        window, qtbot, "SELECT id, id_number FROM person WHERE deleted = 0 LIMIT 1"
    )
    on_worker(window, qtbot, lambda d: d.people.update(pid, name="王" + rare))
    page = window.show_page("print")
    settle(window, qtbot)
    page.print_for("residence_permit", ONE_PERSON, number)
    qtbot.waitUntil(lambda: page.last_pdf is not None, timeout=30000)
    settle(window, qtbot)
    said = {
        "zh_CN": f"字库中没有“{rare}”，已印成方框，请手写补上。",
        "en": f"No bundled font has {rare}: printed as boxes; write them in by hand.",
    }[language]
    assert said in page.note.text()


def test_blank_visit_form_for_one_household(window: Any, qtbot: Any) -> None:
    (number,), *_ = query(
        window, qtbot, "SELECT household_no FROM household WHERE deleted = 0 LIMIT 1"
    )
    page = window.show_page("print")
    settle(window, qtbot)
    page.all_pending.setChecked(True)
    page.kind.setCurrentIndex(page.kind.findData("visit_form"))
    # Taken to one door: there is no "all pending" of blank forms.
    assert not page.all_pending.isVisible() and page.one_household.isChecked()
    assert page.kind.currentText() == "空白入户走访记录表"
    page.one_person.setChecked(True)
    assert page.key_label.text() == "身份证号码或姓名"
    page.one_household.setChecked(True)
    page.key.setText(number)
    page.print_forms()
    qtbot.waitUntil(lambda: page.last_pdf is not None, timeout=30000)
    text = subprocess.run(
        ["pdftotext", str(page.last_pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "入户走访记录表" in text and number in text


def test_previews_and_printing_at_once_take_turns_in_pdfium(qtbot: Any, tmp_path: Path) -> None:
    """PDFium is not thread-safe, and the network pool runs previews and prints on several
    threads at once (a preview still drawing when the clerk prints): every page of every
    preview comes out whole and the printer gets every page, with no crash."""
    from concurrent.futures import ThreadPoolExecutor

    from PySide6.QtPrintSupport import QPrinter
    from reportlab.pdfgen import canvas

    from ui.views.print_page import paint_pdf, render_pages

    source = tmp_path / "forms.pdf"
    pdf = canvas.Canvas(str(source))
    for n in range(6):
        pdf.setFont("Helvetica", 28)
        pdf.drawString(72, 720, f"page {n + 1}")
        pdf.rect(72, 72, 400, 500, fill=1)
        pdf.showPage()
    pdf.save()
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    paper = tmp_path / "paper.pdf"
    printer.setOutputFileName(str(paper))
    with ThreadPoolExecutor(5) as pool:
        printed = pool.submit(paint_pdf, printer, source)
        previews = [pool.submit(render_pages, source, 300 + 10 * (k % 3)) for k in range(24)]
        results = [p.result(timeout=120) for p in previews]
        assert printed.result(timeout=120) == 6
    for k, (images, total) in enumerate(results):
        assert total == 6 and len(images) == 6
        assert all(i.width() == 300 + 10 * (k % 3) and not i.isNull() for i in images)
    assert pages_of(paper) == 6
