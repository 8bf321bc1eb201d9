"""A community database that no longer opens, at the app's start: the newest backup is
offered, in the person's language; Yes puts it in place (the damaged file kept) and the app's
workers then open it, readers included; No changes nothing."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtWidgets import QApplication, QMessageBox

from relocdesk.desk import Desk
from tests.conftest import add_household


def _damaged_with_backup(tmp_path: Path) -> tuple[Path, Path, bytes]:
    db = tmp_path / "community.db"
    with Desk(db) as desk:
        desk.create_community("锦绣社区", county="惠水县")
        for room in ("101", "102"):
            add_household(desk, room=room)
        saved = desk.backups.take_now()
        add_household(desk, room="103")  # after the backup
    with db.open("r+b") as f:
        f.seek(2 * 4096)
        f.write(b"\0" * 3 * 4096)
    return db, saved, db.read_bytes()


def _first_error(tasks: Any, opener: Any, qtbot: Any) -> BaseException:
    errors: list[BaseException] = []
    tasks.open(opener, None, errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=15000)
    return errors[0]


def _the_question() -> QMessageBox:
    QApplication.processEvents()
    (box,) = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]
    return box


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_newest_backup_is_offered_and_put_in_place(
    qtbot: Any, tmp_path: Path, language: str
) -> None:
    from ui import i18n
    from ui.app import opener
    from ui.damaged_start import offer_backup
    from ui.tasks import TaskRunner

    i18n.install(language)
    db, saved, damaged = _damaged_with_backup(tmp_path)
    tasks = TaskRunner()
    try:
        err = _first_error(tasks, opener(db, 0), qtbot)
        chosen: list[Path] = []
        assert offer_backup(db, err, chosen.append, lambda: chosen.append(Path("no")))
        box = _the_question()
        said = {"zh_CN": "社区数据库已损坏", "en": "The community database is damaged"}[language]
        assert said in box.text() and "Traceback" not in box.text()
        shots = os.environ.get("RELOCDESK_SHOTS")
        box.grab().save(str(Path(shots) if shots else tmp_path) + f"/damaged-start-{language}.png")
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), _left())
        qtbot.waitUntil(lambda: bool(chosen))
        assert chosen == [saved]

        opened: list[Any] = []
        tasks.open(lambda: Desk.open_from_backup(db, saved), opened.append)
        qtbot.waitUntil(lambda: bool(opened), timeout=15000)
        rooms: list[list[str]] = []
        tasks.run_read(  # a reader, which waited through the failed open
            lambda d: sorted(r[0] for r in d.conn.execute("SELECT room FROM household")),
            rooms.append,
        )
        qtbot.waitUntil(lambda: bool(rooms), timeout=15000)
        assert rooms == [["101", "102"]]
    finally:
        tasks.close()
    (aside,) = (tmp_path / "backups").glob("damaged-*.db")
    assert aside.read_bytes() == damaged


def test_no_leaves_the_damaged_file_where_it_is(qtbot: Any, tmp_path: Path) -> None:
    from ui.app import opener
    from ui.damaged_start import offer_backup

    db, _saved, damaged = _damaged_with_backup(tmp_path)
    with pytest.raises(Exception) as raised:
        opener(db, 0)()
    said: list[str] = []
    assert offer_backup(db, raised.value, lambda p: said.append("yes"), lambda: said.append("no"))
    qtbot.mouseClick(_the_question().button(QMessageBox.StandardButton.No), _left())
    qtbot.waitUntil(lambda: bool(said))
    assert said == ["no"] and db.read_bytes() == damaged
    assert not list((tmp_path / "backups").glob("damaged-*"))


def test_nothing_is_offered_for_other_errors_or_without_a_backup(tmp_path: Path) -> None:
    import sqlite3

    from ui.damaged_start import offer_backup

    db, _saved, _ = _damaged_with_backup(tmp_path)
    locked = sqlite3.OperationalError("database is locked")
    assert not offer_backup(db, locked, lambda p: None, lambda: None)
    for backup in (tmp_path / "backups").iterdir():
        backup.unlink()
    with pytest.raises(Exception) as raised:
        Desk(db)
    assert Desk.is_damaged(raised.value)
    assert not offer_backup(db, raised.value, lambda p: None, lambda: None)


def _left() -> Any:
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
