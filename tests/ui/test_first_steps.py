"""A fresh community's Today page in the running app: it says where the households come from,
with both ways working: Import a roster opens the import page, Add a household opens a
dialog that saves the household and its head through the façade; a wrong field is shown in
the dialog and nothing is written. Shots in Chinese and English go to the temporary folder."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from relocdesk.desk import Desk
from tests.ui.conftest import id_number, wait_idle
from tests.ui.test_roster_page import Query, shot
from ui import translations


@pytest.fixture
def ui_db(tmp_path: Path) -> Path:
    """An empty community, as `relocdesk init` or the first-run choice makes it."""
    path = tmp_path / "data" / "community.db"
    path.parent.mkdir()
    with Desk(path) as desk:
        desk.create_community("新家园社区", county="惠水县")
    return path


def _today(window: Any, qtbot: Any) -> Any:
    page = window.show_page("today")
    wait_idle(qtbot, window)
    QApplication.processEvents()
    return page


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_a_fresh_community_is_shown_its_first_steps(
    window: Any, qtbot: Any, tmp_path: Path, read_db: Query, language: str
) -> None:
    check = translations.english_in if language == "zh_CN" else translations.chinese_in
    page = _today(window, qtbot)
    assert page.start.isVisible()
    assert check(translations.visible_texts(page)) == []
    shot(window, tmp_path, f"today-empty-{language}")

    page.start.import_button.click()
    wait_idle(qtbot, window)
    assert window.stack.currentWidget() is window.page("roster")

    page = _today(window, qtbot)
    page.start.add_button.click()
    dialog = page.new_household_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    assert check(translations.visible_texts(dialog)) == []
    # a head without a name: refused in the dialog, nothing written
    dialog.boxes["household_no"].set_value("XJY-001")
    dialog.save()
    wait_idle(qtbot, window)
    assert dialog.isVisible() and dialog.boxes["name"].error is not None
    assert dialog.boxes["number"].error is None  # the building may come later
    assert read_db("SELECT count(*) FROM household", ())[0][0] == 0

    head = id_number("522731", datetime.date(1976, 8, 15), 37)
    for field, value in {
        "number": "A区5",
        "unit": "1",
        "room": "302",
        "name": "王大山",
        "id_number": head,
        "phone": "13800002222",
    }.items():
        dialog.boxes[field].set_value(value)
    assert dialog.check_all()  # as typing does: the marks go once the fields are right
    shot(dialog, tmp_path, f"new-household-{language}")
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    wait_idle(qtbot, window)
    [home] = read_db(
        "SELECT h.household_no, b.number, h.unit, h.room, p.name, p.relation, p.gender"
        " FROM household h JOIN building b ON b.id = h.building_id"
        " JOIN person p ON p.id = h.head_person_id",
        (),
    )
    assert tuple(home) == ("XJY-001", "A区5", 1, "302", "王大山", "head", "male")
    page = _today(window, qtbot)
    assert not page.start.isVisible()  # the community has a household now
