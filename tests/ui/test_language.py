"""Every visible label in English has no Chinese; in Chinese no stray English word.

Each page of the navigation is checked on its own (so a failure names its page), plus the
household file and its two edit dialogs. Data (names, rooms, typed text) is exempt: those
widgets carry the ``i18n_data`` property, and item-view cells are data, their headers not.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.ui.conftest import wait_idle
from ui import pages, translations

pages.discover()
PAGE_KEYS = [spec.key for spec in pages.navigation()]


def _texts(window: Any, key: str, qtbot: Any) -> list[tuple[str, str]]:
    from PySide6.QtWidgets import QApplication

    if key == "household":
        households = window.show_page("households")
        wait_idle(qtbot, window)
        window.open_household(households.model.household_id(0))
        wait_idle(qtbot, window)
        detail = window.pages["household"]
        detail.members.selectRow(0)
        detail.member_buttons["edit"].click()
        detail.edit_button.click()
        wait_idle(qtbot, window)
        found = translations.visible_texts(window)
        for dialog in QApplication.topLevelWidgets():
            if (
                dialog.isVisible()
                and dialog is not window
                and dialog.objectName().endswith("EditDialog")
            ):
                found += translations.visible_texts(dialog)
                dialog.close()
        # The dialogs of the file's own actions: visit, need, referral.
        for button, spec in detail.action_buttons:
            if spec.key.startswith("print_"):
                continue  # no dialog: they print on the print page, checked as a page
            detail.members.selectRow(0)
            button.click()
            wait_idle(qtbot, window)
            dialog = window.household_action_dialog
            assert dialog.isVisible()
            found += translations.visible_texts(dialog)
            dialog.reject()
        return found
    window.show_page(key)
    wait_idle(qtbot, window)
    return translations.visible_texts(window.pages[key]) + translations.visible_texts(window)


@pytest.mark.parametrize("language", ["en"])
@pytest.mark.parametrize("key", [*PAGE_KEYS, "household"])
def test_english_has_no_chinese(window: Any, qtbot: Any, key: str) -> None:
    bad = translations.chinese_in(_texts(window, key, qtbot))
    assert bad == [], bad


@pytest.mark.parametrize("language", ["zh_CN"])
@pytest.mark.parametrize("key", [*PAGE_KEYS, "household"])
def test_chinese_has_no_stray_english(window: Any, qtbot: Any, key: str) -> None:
    bad = translations.english_in(_texts(window, key, qtbot))
    assert bad == [], bad


def test_switching_language_keeps_work(window: Any, qtbot: Any) -> None:
    from ui.dialogs.person_edit import PersonEditDialog

    page = window.show_page("households")
    wait_idle(qtbot, window)
    window.open_household(page.model.household_id(0))
    wait_idle(qtbot, window)
    detail = window.pages["household"]
    detail.member_buttons["add"].click()
    dialog = next(w for w in detail.findChildren(PersonEditDialog) if w.isVisible())
    dialog.boxes["phone"].editor.setText("12")  # invalid: the error shows in Chinese
    assert "电话" in dialog.boxes["phone"].message.text() or dialog.boxes["phone"].error
    zh_error = dialog.boxes["phone"].message.text()
    window.search.setText("wang")
    window.set_language("en")
    qtbot.waitUntil(lambda: window.nav.item(1).text() == "Households", timeout=3000)
    assert dialog.windowTitle() == "Add a household member"
    assert dialog.boxes["phone"].editor.text() == "12"  # what was typed stays
    assert dialog.boxes["phone"].message.text() != zh_error
    assert not translations.chinese_in([("", dialog.boxes["phone"].message.text())])
    assert window.search.text() == "wang"
    assert window.stack.currentWidget() is detail
    window.set_language("zh_CN")
    qtbot.waitUntil(lambda: window.nav.item(1).text() == "住户", timeout=3000)
    assert dialog.boxes["phone"].message.text() == zh_error
    dialog.reject()


def test_every_text_of_every_page_has_chinese() -> None:
    """``python -m ui.translations``: every text in ui/ has its Chinese, every .qm is fresh."""
    assert translations.check() == []


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_visits_search_placeholder_is_not_cut(window: Any, qtbot: Any) -> None:
    from PySide6.QtWidgets import QStyle, QStyleOptionFrame

    page = window.show_page("visits")
    wait_idle(qtbot, window)
    box = page.search
    text = box.placeholderText()
    assert text and "Ctrl+F" not in text  # Ctrl+F goes to the window's own search box
    option = QStyleOptionFrame()
    box.initStyleOption(option)
    inside = box.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, box)
    clear_button = 24  # the clear button takes its place on the right when shown
    assert box.fontMetrics().horizontalAdvance(text) <= inside.width() - clear_button, (
        text,
        inside.width(),
    )
