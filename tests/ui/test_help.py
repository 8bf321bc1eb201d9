"""Help (F1) on every screen in both languages, its shortcut list against the keys the
window really has, and About."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QPushButton

from relocdesk import __version__
from tests.ui.conftest import wait_idle

HELP = Path(__file__).resolve().parents[2] / "resources" / "help"
SCREENS = [
    "today", "households", "people", "referrals", "visits", "building_heads", "warnings",
    "dashboard", "print", "roster", "sync", "settings",
]  # fmt: skip


def title_of(path: Path) -> str:
    found = re.search(r"<title>(.*?)</title>", path.read_text("utf-8"))
    assert found, path
    return found.group(1).replace("&amp;", "&")


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_every_screen_has_a_page_and_links_resolve(lang: str) -> None:
    folder = HELP / lang
    for key in [*SCREENS, "household", "index"]:
        page = folder / f"{key}.html"
        assert page.is_file(), page
        for link in re.findall(r'href="([^"#]+)', page.read_text("utf-8")):
            assert (folder / link).is_file(), (page, link)
    assert {p.name for p in folder.iterdir()} == {p.name for p in (HELP / "en").iterdir()}


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_f1_opens_the_screens_help(window: Any, qtbot: Any, language: str) -> None:
    for key in SCREENS:
        window.show_page(key)
        wait_idle(qtbot, window)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
        qtbot.keyClick(window, Qt.Key.Key_F1)
        dialog = next(w for w in window.findChildren(object) if w.objectName() == "helpDialog")
        assert dialog.isVisible()
        expected = title_of(HELP / language / f"{key}.html")
        assert dialog.browser.documentTitle() == expected, key
        assert expected in dialog.windowTitle()
        dialog.hide()
    shots = os.environ.get("RELOCDESK_SCREENSHOTS")
    if shots:
        window.show_page("settings")
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
        qtbot.keyClick(window, Qt.Key.Key_F1)
        dialog.grab().save(str(Path(shots) / f"help-settings-{language}.png"))
        window.help_button.keys.trigger()
        dialog.grab().save(str(Path(shots) / f"help-keys-{language}.png"))


def listed_keys(lang: str) -> list[str]:
    index = (HELP / lang / "index.html").read_text("utf-8")
    table = index[index.index('id="keys"') :]
    return re.findall(r"<tr><td>([^<]+)</td>", table)


def test_every_listed_shortcut_exists(window: Any, qtbot: Any, read_db: Any) -> None:
    """The help's table names only keys the window (or its screens' dialogs) really has."""
    assert [k.replace("Alt+←", "Alt+Left") for k in listed_keys("zh_CN")] == listed_keys("en")
    for key in SCREENS:
        window.show_page(key)
    window.open_household(read_db("SELECT id FROM household WHERE deleted = 0 LIMIT 1")[0][0])
    wait_idle(qtbot, window)
    found: set[str] = set()
    for w in window.findChildren(QShortcut):
        found.add(w.key().toString())
    for a in window.findChildren(QAction):
        found.update(s.toString() for s in a.shortcuts())
    for b in window.findChildren(QPushButton):
        found.add(b.shortcut().toString())
    from ui import keys

    found.update(keys.DIALOG_KEYS)
    found.add(QKeySequence(QKeySequence.StandardKey.Find).toString())
    for listed in listed_keys("en"):
        assert listed in found, (listed, sorted(found))


def test_about_shows_version_folder_server_and_licences(
    window: Any, qtbot: Any, ui_db: Path
) -> None:
    window.help_button.about.trigger()
    wait_idle(qtbot, window)
    dialog = next(w for w in window.findChildren(object) if w.objectName() == "aboutDialog")
    text = dialog.text.toPlainText()
    assert f"RelocDesk {__version__}" in text
    assert str(ui_db.parent) in text
    assert "未登记" in text or "not enrolled" in text
    for name in ("WenQuanYi Micro Hei", "Apache-2.0", "Hanazono", "LGPL-3.0", "PySide6"):
        assert name in text, name
