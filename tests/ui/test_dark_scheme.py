"""Readable in a dark colour scheme (Windows 11's dark mode gives Qt a dark palette, text in
white): whatever the app paints light — warning rows, a field in error, the first-steps
panel — keeps dark text on it. Before, the text was left to the palette: white on pale
amber, and in a field in error the clerk could not see what they typed to mend it.

Measured on what is drawn: the WCAG contrast ratio between the light colour and the text
drawn on it (4.5 is the least for reading; white on these colours is about 1.1).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from relocdesk.desk import Desk
from tests.ui.conftest import wait_idle
from tests.ui.test_households import _dialog, _open_first_household

READABLE = 4.5


def _luminance(c: QColor) -> float:
    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())


def contrast(a: QColor, b: QColor) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def drawn_contrast(widget: QWidget, background: QColor) -> float:
    """The strongest contrast to ``background`` of any pixel drawn in ``widget``: its text."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    best = 1.0
    for y in range(0, image.height(), 1):
        for x in range(0, image.width(), 2):
            best = max(best, contrast(QColor(image.pixel(x, y)), background))
    return best


@pytest.fixture
def dark(qapp: Any) -> Iterator[QPalette]:
    before = qapp.palette()
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#202020"),
        (QPalette.ColorRole.WindowText, "#ffffff"),
        (QPalette.ColorRole.Base, "#2b2b2b"),
        (QPalette.ColorRole.AlternateBase, "#323232"),
        (QPalette.ColorRole.Text, "#ffffff"),
        (QPalette.ColorRole.Button, "#2d2d2d"),
        (QPalette.ColorRole.ButtonText, "#ffffff"),
        (QPalette.ColorRole.Highlight, "#0078d4"),
        (QPalette.ColorRole.HighlightedText, "#ffffff"),
    ):
        palette.setColor(role, QColor(colour))
    qapp.setPalette(palette)
    yield palette
    qapp.setPalette(before)


def test_warning_rows_keep_dark_text_on_their_pale_colours(
    dark: QPalette, window: Any, qtbot: Any
) -> None:
    page = window.show_page("warnings")
    wait_idle(qtbot, window)
    page.grouped.setChecked(False)  # the list of warnings as well as the households
    wait_idle(qtbot, window)
    painted = 0
    for table in (page.households, page.table):
        model = table.model()
        for r in range(min(model.rowCount(), 200)):
            index = model.index(r, 0)
            brush = model.data(index, Qt.ItemDataRole.BackgroundRole)
            if brush is None:
                continue
            painted += 1
            ink = model.data(index, Qt.ItemDataRole.ForegroundRole)
            text = ink.color() if ink is not None else dark.color(QPalette.ColorRole.Text)
            assert contrast(text, brush.color()) >= READABLE, (r, text.name())
    assert painted > 100  # the demo has amber and red households in both


def test_a_field_in_error_shows_what_is_typed(dark: QPalette, window: Any, qtbot: Any) -> None:
    from ui.dialogs.household_edit import HouseholdEditDialog

    detail = _open_first_household(window, qtbot)
    detail.edit_button.click()
    dialog = _dialog(HouseholdEditDialog)
    box = dialog.boxes["phone"]
    box.editor.setText("abc 123 456")  # not a phone number: the field is shown in error
    assert not box.check()
    qtbot.wait(20)
    assert drawn_contrast(box.editor, QColor("#fff5f5")) >= READABLE
    dialog.reject()


class TestFirstSteps:
    @pytest.fixture
    def ui_db(self, tmp_path: Path) -> Path:
        path = tmp_path / "data" / "community.db"
        path.parent.mkdir()
        with Desk(path) as desk:
            desk.create_community("新家园社区", county="惠水县")
        return path

    def test_the_first_steps_panel_keeps_dark_text(
        self, dark: QPalette, window: Any, qtbot: Any
    ) -> None:
        page = window.show_page("today")
        wait_idle(qtbot, window)
        QApplication.processEvents()
        assert page.start.isVisible()
        assert drawn_contrast(page.start.text, QColor("#eef5fb")) >= READABLE
