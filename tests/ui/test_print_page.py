"""The print page: a household card made into a PDF on the worker, previewed in the app,
and the print written to the audit log; without the forms module the page says so."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtWidgets import QApplication

from ui.views.print_page import printing_module


def settle(window: Any, qtbot: Any) -> None:
    for _ in range(3):
        done: list[bool] = []
        window.tasks.barrier(lambda done=done: done.append(True))
        qtbot.waitUntil(lambda done=done: bool(done), timeout=30000)
        QApplication.processEvents()


def on_worker(window: Any, qtbot: Any, fn: Any) -> Any:
    out: list[Any] = []
    window.tasks.run_db(fn, out.append, out.append)
    qtbot.waitUntil(lambda: bool(out), timeout=15000)
    if isinstance(out[0], BaseException):
        raise out[0]
    return out[0]


@pytest.mark.skipif(printing_module() is not None, reason="the forms module is installed")
def test_print_page_without_forms_module(window: Any, qtbot: Any) -> None:
    page = window.show_page("print")
    settle(window, qtbot)
    assert not page.print_button.isEnabled()
    assert page.note.text()
    page.all_pending.setChecked(True)
    assert not page.key.isEnabled()


@pytest.mark.skipif(printing_module() is None, reason="the forms module is not installed yet")
def test_print_household_card_preview_and_audit(window: Any, qtbot: Any, tmp_path: Path) -> None:
    household = on_worker(
        window,
        qtbot,
        lambda d: dict(
            d.conn.execute(
                "SELECT id, household_no FROM household WHERE deleted = 0"
                " ORDER BY household_no LIMIT 1"
            ).fetchone()
        ),
    )
    audits_before = on_worker(
        window,
        qtbot,
        lambda d: d.conn.execute("SELECT count(*) FROM audit WHERE action = 'print'").fetchone()[0],
    )
    page = window.show_page("print")
    settle(window, qtbot)
    page.kind.setCurrentIndex(page.kind.findData("household_card"))
    page.one_household.setChecked(True)
    page.key.setText(household["household_no"])
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
    window.grab().save(str(tmp_path / "print_preview.png"))
    assert page.open_button.isEnabled() and page.printer_button.isEnabled()
    audits = on_worker(
        window,
        qtbot,
        lambda d: d.conn.execute("SELECT count(*) FROM audit WHERE action = 'print'").fetchone()[0],
    )
    assert audits > audits_before
