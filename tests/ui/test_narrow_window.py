"""Every page of the main window fits an 800-pixel screen (a netbook, a projector, the
offscreen test screen), in Chinese and in longer English, with nothing hidden: the export
button and the filters stay on screen, whole, and usable.

The window's minimum width is at most 760 pixels (measured: 619 in Chinese, 717 in English
with every page built), leaving room for a window frame on an 800-pixel screen.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QComboBox,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QWidget,
)

from tests.ui.conftest import wait_idle
from ui.pages import NAVIGATION

MIN_WIDTH = 760
PAGES = [spec.key for spec in NAVIGATION] + ["household"]
# The pages whose list goes to Excel, and what the export button is called on each.
EXPORTS = {
    "households": "exportList",
    "people": "exportList",
    "referrals": "exportList",
    "visits": "exportList",
    "warnings": "exportList",
    "audit": "auditExport",
}
CONTROLS = (QAbstractButton, QComboBox, QLineEdit)


def _show(window: Any, qtbot: Any, key: str) -> QWidget:
    if key == "household":
        people = window.show_page("households")
        wait_idle(qtbot, window)
        window.open_household(people.model.household_id(0))
        page: QWidget = window.pages["household"]
    else:
        page = window.show_page(key)
    wait_idle(qtbot, window)
    qtbot.wait(20)  # layouts settle
    return page


def _scrolled(widget: QWidget, page: QWidget) -> bool:
    """Inside a scroll area or an item view, where out of sight is scrolled, not cut off."""
    parent = widget.parentWidget()
    while parent is not None and parent is not page:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def _controls(page: QWidget) -> list[QWidget]:
    """The buttons, choices and text fields a person can see on the page."""
    return [
        w
        for w in page.findChildren(QWidget)
        if isinstance(w, CONTROLS) and w.isVisible() and not _scrolled(w, page)
    ]


def _on_window(window: Any, widget: QWidget) -> QRect:
    return QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_every_page_fits_an_800_pixel_screen(window: Any, qtbot: Any, language: str) -> None:
    for key in PAGES:
        _show(window, qtbot, key)
        widths = {k: p.minimumSizeHint().width() for k, p in window.pages.items()}
        assert window.minimumSizeHint().width() <= MIN_WIDTH, (key, language, str(widths))
    assert window.minimumSizeHint().width() <= MIN_WIDTH
    window.resize(800, 600)
    qtbot.waitUntil(lambda: window.width() == 800)
    inside = window.rect()
    for key in PAGES:
        page = _show(window, qtbot, key)
        controls = _controls(page)
        if key == "settings":  # all of it scrolls (test_small_screen): never sideways
            scroll = page.findChild(QScrollArea, "settingsScroll")
            needs = scroll.widget().minimumSizeHint().width()
            assert needs <= scroll.viewport().width(), (language, needs)
            assert not scroll.horizontalScrollBar().isVisible(), language
            continue
        assert controls, key
        # Every tab in sight: none scrolled off behind a tab bar's arrows.
        arrows = [c.objectName() for c in controls if c.objectName().startswith("Scroll")]
        assert arrows == [], (key, language, arrows)
        for control in controls:
            shown = _on_window(window, control)
            where = (key, language, type(control).__name__, control.objectName())
            assert inside.contains(shown), (*where, shown)  # nothing cut off at the right
            assert shown.width() >= min(control.minimumSizeHint().width(), 40), where
        # Nothing lies on top of anything else in the bars.
        for n, one in enumerate(controls):
            for other in controls[n + 1 :]:
                if one.isAncestorOf(other) or other.isAncestorOf(one):
                    continue
                overlap = _on_window(window, one).intersected(_on_window(window, other))
                assert overlap.isEmpty(), (key, one.objectName(), other.objectName())
        if key in EXPORTS:
            button = page.findChild(QPushButton, EXPORTS[key])
            assert button is not None and button in controls, key
            assert button.isEnabled(), key
        if key in ("households", "people"):
            filters = [c for c in controls if c.objectName().startswith("filter_")]
            assert len(filters) >= 4, (key, [f.objectName() for f in filters])
            assert all(f.isEnabled() for f in filters), key
