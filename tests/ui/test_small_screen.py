"""The app on the screens community offices have: budget laptops of 1366 × 768, often at
Windows' 125 % scale (about 1093 × 582 points left once the taskbar is drawn), or 14-inch
1920 × 1080 panels at 150 % (about 1280 × 690).

- The main window can be made as short as such a screen, whatever pages have been opened
  (the Settings page alone needed 734 points, so once it was opened the window could not be
  shorter than 791, and its bottom — the status bar, a page's own buttons — fell under the
  taskbar).
- The window on a first start, and every dialog and help window, open on the screen whole,
  frame included (the visit dialog opened 980 points wide, the first window 1280 × 800,
  whatever the screen). The offscreen test screen is 800 × 800.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QVBoxLayout

from tests.ui.conftest import wait_idle
from tests.ui.test_households import _open_first_household
from tests.ui.test_narrow_window import PAGES, _show

# 1366 × 768 at 125 %: 614 points, less a 40-pixel taskbar (32 points), less a title bar.
SMALL_SCREEN_HEIGHT = 582
TITLE_BAR = 40


@pytest.fixture(params=["zh_CN", "en"])
def language(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def _on_screen(window: Any) -> tuple[QRect, QRect]:
    return window.frameGeometry(), window.screen().availableGeometry()


def test_the_window_can_be_as_short_as_a_small_laptop_screen(window: Any, qtbot: Any) -> None:
    for key in PAGES:
        _show(window, qtbot, key)
    least = window.minimumSizeHint().expandedTo(window.minimumSize()).height()
    assert least <= SMALL_SCREEN_HEIGHT - TITLE_BAR, least
    settings = window.pages["settings"]
    assert settings.minimumSizeHint().height() < 200  # its boxes scroll instead
    window.resize(window.width(), least)
    wait_idle(qtbot, window)
    # what scrolls away is still there: the backups box, the last but one of the page
    assert settings.backups.isVisibleTo(settings)


def _opened() -> list[QDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]


def test_every_dialog_opens_whole_on_the_screen(window: Any, qtbot: Any) -> None:
    from ui.help import AboutDialog, HelpDialog
    from ui.views import household_actions as actions

    detail = _open_first_household(window, qtbot)
    household, member = detail.data.household, detail.data.members[0]
    openers = {
        "household": detail.edit_household,
        "new member": detail.add_member,
        "visit": lambda: actions.record_visit(window, household, member),
        "need": lambda: actions.raise_need(window, household, member),
        "referral": lambda: actions.add_referral(window, household, member),
        "help": lambda: HelpDialog(window).show(),
        "about": lambda: AboutDialog(window).show(),
    }
    seen = set()
    for name, open_it in openers.items():
        open_it()
        wait_idle(qtbot, window)
        qtbot.waitUntil(lambda: bool(_opened()), timeout=5000)
        for dialog in _opened():
            frame, free = _on_screen(dialog)
            assert free.contains(frame), (name, type(dialog).__name__, frame, free)
            seen.add(type(dialog).__name__)
            dialog.reject()
        wait_idle(qtbot, window)
    assert {"VisitDialog", "HouseholdEditDialog", "PersonEditDialog", "AboutDialog"} <= seen


def test_the_first_window_opens_whole_on_the_screen(window: Any) -> None:
    window.restore_geometry()  # nothing saved: the default size, on this 800-point screen
    frame, free = _on_screen(window)
    assert free.contains(frame), (frame, free)
    assert window.width() >= 700  # fitted, not shrunk to nothing


def test_a_window_larger_than_the_screen_is_fitted_and_moved_onto_it(qtbot: Any) -> None:
    from ui.widgets.screen_fit import fit_to_screen

    dialog = QDialog()
    qtbot.addWidget(dialog)
    QVBoxLayout(dialog).addWidget(QLabel("保存 / Save"))
    dialog.resize(2000, 1500)
    dialog.move(300, 400)
    dialog.show()
    fit_to_screen(dialog)
    frame, free = _on_screen(dialog)
    assert free.contains(frame), (frame, free)
    assert frame.width() == free.width() and frame.height() == free.height()
    small = QDialog()
    qtbot.addWidget(small)
    small.resize(300, 200)
    small.move(100, 120)
    small.show()
    before = small.geometry()
    fit_to_screen(small)
    assert small.geometry() == before  # a window that fits is left where and as it is
